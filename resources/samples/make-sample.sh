#!/usr/bin/env bash
# Regenerates the speech sample that `make run` transcribes: espeak-ng English
# (voice en-us+m3 at 140 words a minute: measured the most intelligible to both
# bundled models), as 16 kHz mono FLAC.
set -euo pipefail
cd "$(dirname "$0")"
text="$(cat sample-en.txt)"
tmp="$(mktemp --suffix=.wav)"
espeak-ng -v en-us+m3 -s 140 -w "$tmp" "$text"
sox "$tmp" -r 16000 -c 1 sample-en.flac
rm -f "$tmp"

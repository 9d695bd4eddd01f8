"""Builds malsori_<version>_<arch>.deb from the PyInstaller bundle, with dpkg-deb.

    python packaging/linux/build_deb.py build/dist/malsori --out build/dist

The package installs the bundle in /opt/malsori, links /usr/bin/malsori to it, and
adds what a desktop needs to offer it for a double click: the desktop entry (with
the audio, video, subtitle and project MIME types), the icon, a MIME type for
.malsori projects and AppStream metadata for the software center. Every file is
owned by the package, so removing it leaves nothing behind; a person's
transcripts, settings and recordings live in their home folder and stay.

Depends is read off the bundle itself: every library a bundled binary loads from
the system (not from the bundle) is looked up with ``dpkg -S`` on the build
machine, so the list is what this very bundle needs, not a guess.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PREFIX = Path("opt/malsori")
PROJECT_MIME = "application/x-malsori-project"
APPSTREAM_ID = "org.malsori.Malsori"  # reverse-DNS, as AppStream asks; the desktop entry keeps its name
SUMMARY = "Transcribe speech to subtitles on your own computer"
DESCRIPTION = """\
Malsori transcribes audio and video files and live recordings with Whisper
(faster-whisper) on the computer itself, on the GPU or the CPU, and works
offline: the multilingual base model, Korean included, is part of the package.
The subtitle editor corrects text and timing while listening and exports
SRT, VTT, TXT, JSON and ASS. Selected text can be summarized by the person's
own vLLM server."""

_LDD_LINE = re.compile(r"^\s*(\S+) => (/\S+) \(0x[0-9a-f]+\)$")


def version() -> str:
    """The version of the package being built, from pyproject.toml."""
    match = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.MULTILINE)
    if match is None:
        raise SystemExit("build_deb: no version in pyproject.toml")
    return match.group(1)


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True, text=True).stdout.strip()


def _is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def elf_files(bundle: Path) -> list[Path]:
    """The executables and shared libraries in the bundle (by their ELF magic)."""
    return [p for p in sorted(bundle.rglob("*")) if p.is_file() and not p.is_symlink() and _is_elf(p)]


def bundle_depends(bundle: Path) -> list[str]:
    """The Depends of the bundle's package: what its binaries load from the system."""
    files = elf_files(bundle)
    return owning_packages(system_libraries(bundle, files), glibc_needed(files))


def system_libraries(bundle: Path, files: list[Path]) -> set[Path]:
    """Libraries the bundle's binaries (``files``) load from outside the bundle."""
    outside: set[Path] = set()
    internal = bundle / "_internal"
    for start in range(0, len(files), 100):
        result = subprocess.run(
            ["ldd", *map(str, files[start : start + 100])],
            capture_output=True, text=True, env={"LD_LIBRARY_PATH": str(internal), "PATH": "/usr/bin:/bin"},
        )
        for line in result.stdout.splitlines():
            match = _LDD_LINE.match(line)
            if match and not Path(match.group(2)).resolve().is_relative_to(bundle.resolve()):
                outside.add(Path(match.group(2)))
    return outside


def glibc_needed(files: list[Path]) -> str:
    """The newest glibc symbol version any of the bundle's binaries asks for (e.g.
    2.36): the libraries PyInstaller copied from the build machine set the floor."""
    versions = {"2.17"}
    for path in files:
        symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
        versions.update(re.findall(r"GLIBC_(\d+\.\d+)", symbols))
    return max(versions, key=lambda v: tuple(map(int, v.split("."))))


def owning_packages(libraries: set[Path], glibc: str) -> list[str]:
    """The Debian packages that own these files (architecture suffixes dropped),
    the C library with the version the bundle needs."""
    packages = set()
    for library in sorted(libraries):
        for candidate in dict.fromkeys((library, library.resolve())):
            result = subprocess.run(["dpkg", "-S", str(candidate)], capture_output=True, text=True)
            if result.returncode == 0:
                for owner in result.stdout.split(":", 1)[0].split(","):
                    name = owner.strip().split(":")[0]
                    packages.add(f"libc6 (>= {glibc})" if name == "libc6" else name)
                break
        else:
            raise SystemExit(f"build_deb: no installed package owns {library}; cannot declare the dependency")
    return sorted(packages)


def control(version: str, arch: str, installed_kib: int, depends: list[str]) -> str:
    """The DEBIAN/control file."""
    body = "\n".join(f" {line}" if line else " ." for line in DESCRIPTION.splitlines())
    return (
        f"Package: malsori\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: Malsori developers <dev@malsori.invalid>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: pulseaudio-utils\n"  # pactl lists PulseAudio/PipeWire sources and monitors

        f"Section: sound\n"
        f"Priority: optional\n"
        f"Description: {SUMMARY}\n"
        f"{body}\n"
    )


def desktop_entry() -> str:
    """resources/malsori.desktop, which also offers to open .malsori projects."""
    text = (ROOT / "resources" / "malsori.desktop").read_text(encoding="utf-8")
    if PROJECT_MIME not in text:
        text = re.sub(r"^(MimeType=.*?);?$", lambda m: f"{m.group(1)};{PROJECT_MIME};", text, flags=re.MULTILINE)
    return text


def mime_package() -> str:
    """shared-mime-info XML declaring .malsori project files."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{PROJECT_MIME}">
    <comment>Malsori transcript project</comment>
    <comment xml:lang="ko">말소리 받아쓰기 프로젝트</comment>
    <sub-class-of type="application/json"/>
    <glob pattern="*.malsori"/>
  </mime-type>
</mime-info>
"""


def release_date() -> str:
    """The day of the commit being packaged (today outside a git checkout)."""
    result = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%cs"], capture_output=True, text=True)
    return result.stdout.strip() or datetime.date.today().isoformat()


def metainfo(version: str) -> str:
    """AppStream metadata, which software centers show for the package."""
    paragraphs = "".join(f"      <p>{p.replace(chr(10), ' ')}</p>\n" for p in DESCRIPTION.split("\n\n"))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>{APPSTREAM_ID}</id>
  <name>Malsori</name>
  <name xml:lang="ko">말소리</name>
  <summary>{SUMMARY}</summary>
  <metadata_license>MIT</metadata_license>
  <project_license>MIT</project_license>
  <description>
{paragraphs}  </description>
  <launchable type="desktop-id">malsori.desktop</launchable>
  <categories><category>AudioVideo</category><category>Utility</category></categories>
  <releases><release version="{version}" date="{release_date()}"/></releases>
  <content_rating type="oars-1.1"/>
</component>
"""


def copyright_file() -> str:
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: malsori\n\n"
        "Files: *\nCopyright: Malsori developers\nLicense: MIT\n"
        " The bundled third-party components (Qt, PySide6, CTranslate2, faster-whisper,\n"
        " FFmpeg through PyAV, ONNX Runtime, the Whisper base model) keep their own licenses.\n"
    )


def changelog_entry(version: str) -> str:
    """The Debian changelog entry of this build (a package must carry one)."""
    when = datetime.datetime.combine(datetime.date.fromisoformat(release_date()), datetime.time(12),
                                     tzinfo=datetime.timezone.utc)
    return (
        f"malsori ({version}) unstable; urgency=medium\n\n"
        f"  * Malsori {version}; the changes are in the project's history.\n\n"
        f" -- Malsori developers <dev@malsori.invalid>  {when.strftime('%a, %d %b %Y %H:%M:%S %z')}\n"
    )


def stage(bundle: Path, tree: Path, version: str, arch: str) -> None:
    """Lay out the package's files under ``tree`` (the future /)."""
    shutil.copytree(bundle, tree / PREFIX, symlinks=True)
    (tree / "usr/bin").mkdir(parents=True)
    (tree / "usr/bin/malsori").symlink_to(Path("/") / PREFIX / "malsori")
    files = {
        "usr/share/applications/malsori.desktop": desktop_entry(),
        "usr/share/mime/packages/malsori.xml": mime_package(),
        f"usr/share/metainfo/{APPSTREAM_ID}.metainfo.xml": metainfo(version),
        "usr/share/doc/malsori/copyright": copyright_file(),
    }
    for relative, text in files.items():
        (tree / relative).parent.mkdir(parents=True, exist_ok=True)
        (tree / relative).write_text(text, encoding="utf-8")
    icon = tree / "usr/share/icons/hicolor/scalable/apps/malsori.svg"
    icon.parent.mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "malsori.svg", icon)
    changelog = tree / "usr/share/doc/malsori/changelog.gz"
    changelog.write_bytes(gzip.compress(changelog_entry(version).encode(), compresslevel=9, mtime=0))
    for path in tree.rglob("*"):  # dpkg-deb keeps modes: folders and programs 755, the rest 644
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or _is_program(path) else 0o644)
    installed_kib = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    needs = bundle_depends(bundle)
    (tree / "DEBIAN").mkdir(mode=0o755)
    (tree / "DEBIAN/control").write_text(control(version, arch, installed_kib, needs), encoding="utf-8")


def _is_program(path: Path) -> bool:
    """An ELF file that is not a shared library (those are loaded, never run)."""
    return ".so" not in path.suffixes and _is_elf(path)


def build(bundle: Path, out: Path) -> Path:
    """Stage and pack the .deb into ``out``; returns its path."""
    if not (bundle / "malsori").is_file():
        raise SystemExit(f"build_deb: {bundle} is not a Malsori bundle (run packaging/build-bundle.sh first)")
    ver, arch = version(), architecture()
    target = out / f"malsori_{ver}_{arch}.deb"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out) as staging:
        tree = Path(staging) / "root"
        stage(bundle, tree, ver, arch)
        # zstd -9: dpkg 1.21+ reads it (Debian 12, Ubuntu 22.04 and later; the bundle's
        # glibc floor of 2.36 asks for as new a system anyway). Measured on the ~600 MB bundle, 2 cores: 10 s for
        # 268 MB, where zstd -19 takes 231 s (252 MB) and xz -6 296 s (241 MB).
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--threads-max=0", "--build", str(tree), str(target)],
            check=True, stdout=subprocess.DEVNULL,
        )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the PyInstaller one-folder bundle (build/dist/malsori)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "dist", help="where the .deb goes")
    args = parser.parse_args(argv)
    target = build(args.bundle.resolve(), args.out.resolve())
    print(f"build_deb: {target} ({target.stat().st_size >> 20} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

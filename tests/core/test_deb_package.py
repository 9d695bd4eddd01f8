"""packaging/linux/build_deb.py on a tiny stand-in bundle: the package's layout and metadata.

The stand-in is a real ELF program (a copy of /bin/true) named like the bundle's
executable, so dependency discovery, modes and dpkg-deb all do their real work in
a second; ``make package-check`` checks the real bundle's package end to end.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("build_deb", ROOT / "packaging" / "linux" / "build_deb.py")
build_deb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_deb)

pytestmark = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb builds Debian packages")


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "malsori"
    (bundle / "_internal").mkdir(parents=True)
    shutil.copy("/bin/true", bundle / "malsori")
    (bundle / "_internal" / "data.txt").write_text("resource")
    shutil.copy("/bin/true", bundle / "_internal" / "libstandin.so.1")  # an ELF file named like a library
    return bundle


def test_the_package_installs_the_bundle_the_command_and_the_desktop_integration(fake_bundle: Path, tmp_path: Path):
    deb = build_deb.build(fake_bundle, tmp_path / "out")
    assert deb.name == f"malsori_{build_deb.version()}_{build_deb.architecture()}.deb"
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], check=True, capture_output=True, text=True).stdout
    entries = {line.split()[-1] if " -> " not in line else line.split()[-3]: line.split()[0]
               for line in listing.splitlines()}
    assert entries["./opt/malsori/malsori"] == "-rwxr-xr-x"
    assert entries["./opt/malsori/_internal/data.txt"] == "-rw-r--r--"
    assert entries["./opt/malsori/_internal/libstandin.so.1"] == "-rw-r--r--"  # loaded, never run
    assert "./usr/share/doc/malsori/changelog.gz" in entries
    assert "./usr/bin/malsori -> /opt/malsori/malsori" in listing
    for path in ("applications/malsori.desktop", "icons/hicolor/scalable/apps/malsori.svg",
                 "mime/packages/malsori.xml", f"metainfo/{build_deb.APPSTREAM_ID}.metainfo.xml",
                 "doc/malsori/copyright"):
        assert f"./usr/share/{path}" in entries
    assert all(" root/root " in line for line in listing.splitlines())


def test_depends_names_the_system_libraries_the_bundle_loads(fake_bundle: Path, tmp_path: Path):
    deb = build_deb.build(fake_bundle, tmp_path / "out")
    fields = {name: subprocess.run(["dpkg-deb", "-f", str(deb), name], check=True, capture_output=True,
                                   text=True).stdout.strip()
              for name in ("Package", "Depends", "Installed-Size", "Description")}
    assert fields["Package"] == "malsori"
    assert fields["Depends"].startswith("libc6 (>= 2.")  # /bin/true links only the C library
    assert int(fields["Installed-Size"]) > 0
    assert fields["Description"].startswith(build_deb.SUMMARY)


def test_the_desktop_entry_offers_audio_video_subtitles_and_projects_and_is_valid(tmp_path: Path):
    entry = tmp_path / "malsori.desktop"
    entry.write_text(build_deb.desktop_entry(), encoding="utf-8")
    mime_types = next(line for line in entry.read_text().splitlines() if line.startswith("MimeType="))
    for mime in ("audio/mpeg", "video/mp4", "application/x-subrip", "text/vtt", build_deb.PROJECT_MIME):
        assert f"{mime};" in mime_types
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_software_center_metadata_is_valid_appstream(tmp_path: Path):
    if shutil.which("appstreamcli") is None:
        pytest.fail("appstreamcli is missing: scripts/bootstrap.sh installs the appstream package")
    metainfo = tmp_path / f"{build_deb.APPSTREAM_ID}.metainfo.xml"
    metainfo.write_text(build_deb.metainfo(build_deb.version()), encoding="utf-8")
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "<launchable type=\"desktop-id\">malsori.desktop</launchable>" in metainfo.read_text()

"""Renders resources/icons/malsori.svg into a multi-size Windows icon (malsori.ico).

    python packaging/windows/make_icon.py [OUT.ico]

Windows picks the size it needs (16 px in a list, 256 px on a large desktop); an
.ico with PNG-compressed images at each size is what Explorer, the Start menu
and the installer read. Qt renders the SVG, so the build needs nothing more.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
SIZES = (16, 24, 32, 48, 64, 128, 256)


def png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico(images: dict[int, bytes]) -> bytes:
    """ICONDIR, one ICONDIRENTRY per image, then the PNG data (sizes of 256 are written as 0)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in images.items():
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    return header + entries + blobs


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("malsori.ico")
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (QImage painting needs it)
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "malsori.svg"))
    if not renderer.isValid():
        raise SystemExit("make_icon: cannot read resources/icons/malsori.svg")
    out.write_bytes(ico({size: png(renderer, size) for size in SIZES}))
    print(f"make_icon: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

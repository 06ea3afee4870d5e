"""Render the application icon (resources/icons/app.svg) to the files the window and the Windows build use.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/tools/render_icons.py

writes resources/icons/app-16.png … app-256.png (the window's icon: PNG needs no Qt plugin) and
resources/icons/app.ico (every size in one file, for build.spec's `icon=`). Run it after editing app.svg and
commit the results; the build itself does not render anything. Needs Qt (QtSvg) and Pillow (matplotlib's).
"""
from __future__ import annotations

import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (Qt needs one)
    pngs = []
    for size in SIZES:
        out = ICONS / f"app-{size}.png"
        if not render(ICONS / "app.svg", size).save(str(out)):
            raise SystemExit(f"could not write {out}")
        pngs.append(out)
    images = [Image.open(path).convert("RGBA") for path in pngs]
    largest = images[-1]
    largest.save(ICONS / "app.ico", format="ICO", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    print("wrote", ", ".join(p.name for p in pngs), "and app.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

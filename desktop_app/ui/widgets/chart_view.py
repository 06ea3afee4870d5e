"""A chart in the window: drawn off the GUI thread with fileio/charts.py, shown as a picture with its caption.

`ChartView.set_chart(data)` takes a services.statistics.chart_data.ChartData. The view asks the shared
renderer for a PNG once it is on screen, at its own size (again after a resize that changes it much), and
shows a sentence meanwhile. The renderer is one worker thread: it imports matplotlib on its first chart (never
at start-up) and keeps the last pictures, so switching tabs or refreshing unchanged figures draws nothing.
The GUI thread only turns PNG bytes into a pixmap. Right-click: 复制图片 / 另存为PNG….
"""
from __future__ import annotations

import logging
import re
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from PySide6.QtCore import QObject, QRect, QRunnable, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:  # the chart data is a plain dataclass; the services are not imported by the window's start
    from desktop_app.services.statistics.chart_data import ChartData

RATIO = 2  # pictures are drawn at twice the logical size: sharp on a 150 % or 200 % screen, smooth at 100 %
SCREEN_DPI = 96  # logical pixels per inch, as Qt lays out
CACHE_SIZE = 64
LOADING_TEXT = "正在绘制图表……"
FAILED_TEXT = "图表未能绘制，详细信息已写入日志。"
REDRAW_AFTER_MS = 250  # a resize settles before the chart is drawn again at the new size
REDRAW_CHANGE = 0.12  # … and only when the size changed by more than this share
SETTLE_MS = 40  # a new chart waits this long for the layout around it to settle, then is drawn at its size
_MONTH = re.compile(r"\d{1,2}月")


# ----- drawing (any thread; no Qt) -----------------------------------------------------------------------

def draw_png(data: ChartData, width: int, height: int) -> bytes:
    """The chart of `data` (a ChartData) as PNG bytes for a picture of width×height logical pixels."""
    from desktop_app.fileio import charts  # matplotlib itself is imported on the first chart only
    from desktop_app.services.statistics.chart_data import BAR, HBAR, LINE, PIE

    size = charts.ChartSize(width_mm=width * 25.4 / SCREEN_DPI, height_mm=height * 25.4 / SCREEN_DPI,
                            dpi=SCREEN_DPI * RATIO)
    labels = list(data.labels)
    if data.kind in (BAR, LINE) and labels and all(_MONTH.fullmatch(label) for label in labels) \
            and width / len(labels) < 40:
        labels = [label[:-1] for label in labels]  # 1 2 … 12 under a caption that says 每月: "12月" would overlap
    if data.kind == BAR:
        return charts.bar_chart(labels, list(data.values), unit=data.unit, size=size)
    if data.kind == HBAR:
        return charts.horizontal_bar_chart(labels, list(data.values), unit=data.unit, size=size)
    if data.kind == PIE:
        return charts.pie_chart(labels, list(data.values), size=size)
    if data.kind == LINE:
        return charts.line_chart(labels, [(name, list(values)) for name, values in data.series], size=size)
    raise ValueError(f"unknown chart kind {data.kind!r}")


# ----- the shared renderer -------------------------------------------------------------------------------

class _Job(QRunnable):
    def __init__(self, renderer: "_Renderer", key: tuple, data: ChartData, size: QSize):
        super().__init__()
        self._renderer, self._key, self._data, self._size = renderer, key, data, size

    def run(self) -> None:  # worker thread: signals only
        png, problem = None, ""
        try:
            png = draw_png(self._data, self._size.width(), self._size.height())
        except Exception as exc:  # noqa: BLE001 — every failure becomes a sentence in the view
            from desktop_app.domain.errors import DeskError

            if isinstance(exc, DeskError):
                problem = exc.message
            else:
                logging.getLogger("cppcc_desk").error("图表“%s”未能绘制", self._data.title, exc_info=exc)
                problem = FAILED_TEXT
        try:
            self._renderer.sig_done.emit(self._key, png, problem)
        except RuntimeError:  # the program is closing and the renderer is gone: nobody waits for this chart
            pass


class _Renderer(QObject):
    """One worker thread drawing charts in order of request; the last pictures are kept."""

    sig_done = Signal(object, object, str)  # key, PNG bytes or None, the sentence when it failed

    def __init__(self) -> None:
        super().__init__()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # matplotlib draws under one lock anyway; the others stay free
        self._waiting: dict[tuple, list["ChartView"]] = {}
        self._cache: OrderedDict[tuple, bytes] = OrderedDict()
        self.sig_done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    def request(self, view: "ChartView", data: ChartData, size: QSize) -> None:
        key = (data, size.width(), size.height())
        if key in self._cache:
            self._cache.move_to_end(key)
            view._on_drawn(key, self._cache[key], "")
            return
        if key in self._waiting:
            if view not in self._waiting[key]:
                self._waiting[key].append(view)
            return
        self._waiting[key] = [view]
        self._pool.start(_Job(self, key, data, size))

    def _on_done(self, key: tuple, png: bytes | None, problem: str) -> None:
        if png is not None:
            self._cache[key] = png
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        from shiboken6 import isValid

        for view in self._waiting.pop(key, []):
            if isValid(view):  # a view closed meanwhile is skipped
                view._on_drawn(key, png, problem)

    def busy(self) -> bool:
        return bool(self._waiting)

    def clear_cache(self) -> None:
        self._cache.clear()

    def wait(self, msecs: int = 10000) -> bool:
        return self._pool.waitForDone(msecs)


_RENDERER: list[_Renderer] = []


def renderer() -> _Renderer:
    """The renderer of this process (made on first use, on the GUI thread)."""
    if not _RENDERER:
        _RENDERER.append(_Renderer())
    return _RENDERER[0]


def wait_for_charts(msecs: int = 10000) -> bool:
    """Let a chart being drawn finish (on closing the program); True when none is left."""
    return renderer().wait(msecs) if _RENDERER else True


# ----- the view ----------------------------------------------------------------------------------------

class _Picture(QWidget):
    """The picture scaled to fit (aspect kept, never above its drawn size), or a sentence centred."""

    def __init__(self, parent: "ChartView"):
        super().__init__(parent)
        self.pixmap: QPixmap | None = None
        self.text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        if self.pixmap is not None and not self.pixmap.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            logical = self.pixmap.deviceIndependentSize().toSize()
            scaled = logical.scaled(self.size().boundedTo(logical).expandedTo(QSize(1, 1)),
                                    Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect((self.width() - scaled.width()) // 2, (self.height() - scaled.height()) // 2,
                           scaled.width(), scaled.height())
            painter.drawPixmap(target, self.pixmap)
        elif self.text:
            painter.setPen(QColor("#7a7a7a"))
            painter.drawText(self.rect().adjusted(8, 8, -8, -8),
                             int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap), self.text)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        parent = self.parentWidget()
        if isinstance(parent, ChartView):
            parent._on_picture_resized()


class ChartView(QWidget):
    """A caption over a chart drawn in the background; right-click to copy it or save it as PNG."""

    sig_drawn = Signal()  # a picture (or the sentence saying why there is none) is shown

    def __init__(self, caption: str = "", *, parent: QWidget | None = None, min_height: int = 150,
                 save_folder: Path | None = None):
        super().__init__(parent)
        self.data: ChartData | None = None
        self.png: bytes | None = None
        self.problem = ""
        self.save_folder = save_folder
        self._drawn_size: QSize | None = None
        self._asked: tuple | None = None
        self.caption = QLabel(caption)
        self.caption.setObjectName("chartCaption")
        palette = self.caption.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#333333"))
        self.caption.setPalette(palette)
        font = QFont(self.caption.font())
        font.setBold(True)
        self.caption.setFont(font)
        self.caption.setWordWrap(True)
        self.picture = _Picture(self)
        self.picture.setMinimumHeight(min_height)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.picture, 1)
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_AFTER_MS)
        self._redraw.timeout.connect(self._request)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.setToolTip("右键可复制图片或另存为 PNG")
        self._show_text(LOADING_TEXT)

    # ----- what it shows -----
    def set_chart(self, data: ChartData | None, caption: str | None = None) -> None:
        """Show `data` (a ChartData; None for nothing yet): drawn when the view is on screen."""
        if caption is not None:
            self.caption.setText(caption)
        elif data is not None:
            self.caption.setText(data.title)
        if data is not None and data == self.data and (self.png is not None or self.problem):
            return  # the same chart: keep the picture
        self.data, self.png, self.problem, self._drawn_size, self._asked = data, None, "", None, None
        if data is None:
            self._show_text(LOADING_TEXT)
        elif data.empty:
            self.problem = data.empty_text or "没有可画的数字。"
            self._show_text(self.problem)
            self.sig_drawn.emit()
        else:  # the old picture, if any, stays until the new one is drawn (no flicker on a refresh)
            if self.picture.pixmap is None:
                self._show_text(LOADING_TEXT)
            self._schedule(SETTLE_MS)

    def has_image(self) -> bool:
        return self.png is not None

    def is_settled(self) -> bool:
        """A picture or a sentence (empty figures, a problem) is shown, nothing is being drawn for it."""
        return self.data is not None and (self.png is not None or bool(self.problem)) and self._asked is None

    def _show_text(self, text: str) -> None:
        self.picture.pixmap, self.picture.text = None, text
        self.picture.update()

    # ----- drawing at the view's size -----
    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._schedule(SETTLE_MS)  # once the layout has settled

    def _on_picture_resized(self) -> None:
        self._schedule(REDRAW_AFTER_MS if self._drawn_size is not None or self._asked is not None else SETTLE_MS)

    def _schedule(self, msecs: int) -> None:
        if self.data is None or self.data.empty or not self.isVisible():
            return
        self._redraw.start(msecs)

    def _target_size(self) -> QSize:
        size = self.picture.size()
        return QSize(max(160, size.width() // 8 * 8), max(110, size.height() // 8 * 8))

    def _request(self) -> None:
        if self.data is None or self.data.empty or not self.isVisible():
            return
        size = self._target_size()
        current = QSize(self._asked[1], self._asked[2]) if self._asked is not None else self._drawn_size
        if current is not None and (self._asked is not None or self.png is not None):
            changed = max(abs(size.width() - current.width()) / current.width(),
                          abs(size.height() - current.height()) / current.height())
            if changed <= REDRAW_CHANGE:
                return
        self._asked = (self.data, size.width(), size.height())
        renderer().request(self, self.data, size)

    def _on_drawn(self, key: tuple, png: bytes | None, problem: str) -> None:
        if key[0] != self.data:
            return  # drawn for figures no longer shown
        if key == self._asked:
            self._asked = None
        elif self.png is not None:
            return  # an earlier size, while the picture shown is newer or a newer one is on its way
        if png is None:
            self.png, self.problem = None, problem
            self._show_text(problem)
        else:
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            pixmap.setDevicePixelRatio(RATIO)
            self.png, self.problem, self._drawn_size = png, "", QSize(key[1], key[2])
            self.picture.pixmap, self.picture.text = pixmap, ""
            self.picture.update()
        self.sig_drawn.emit()

    # ----- copy and save -----
    def image(self) -> QImage:
        """The chart with its caption above it, on white (what is copied and saved)."""
        chart = QImage.fromData(self.png, "PNG") if self.png is not None else QImage()
        if chart.isNull():
            return chart
        caption = self.caption.text()
        font = QFont(self.caption.font())
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * RATIO)
        band = int(font.pointSizeF() * 2.4) if caption else 0
        out = QImage(chart.width(), chart.height() + band, QImage.Format.Format_RGB32)
        out.fill(QColor("white"))
        painter = QPainter(out)
        if caption:
            painter.setFont(font)
            painter.setPen(QColor("#222222"))
            painter.drawText(QRect(0, 0, out.width(), band), int(Qt.AlignmentFlag.AlignCenter), caption)
        painter.drawImage(0, band, chart)
        painter.end()
        return out

    def copy_image(self) -> bool:
        """Put the picture (with its caption) on the clipboard; False when there is none yet."""
        image = self.image()
        if image.isNull():
            return False
        QGuiApplication.clipboard().setImage(image)
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(f"已复制图片“{self.caption.text()}”，可粘贴到 Word 或 WPS。", 5000)
        return True

    def save_png(self, path: Path | str | None = None) -> Path | None:
        """Save the picture as PNG at `path`, or where the user chooses; the path written, or None."""
        from desktop_app.domain.file_names import safe_file_stem

        image = self.image()
        if image.isNull():
            return None
        if path is None:
            folder = self.save_folder or self._data_exports() or Path.home()
            chosen, _ = QFileDialog.getSaveFileName(self, "另存为 PNG 图片",
                                                    str(folder / f"{safe_file_stem(self.caption.text())}.png"),
                                                    "PNG 图片 (*.png)")
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        if not image.save(str(path), "PNG"):
            from desktop_app.ui.tasks import info

            info(self, f"无法写入“{path}”，请检查文件夹是否存在、是否有写入权限。", title="另存为 PNG")
            return None
        return path

    def _data_exports(self) -> Path | None:
        """<data>/exports, where every save dialog of the window starts (operations.common.exports_folder)."""
        from desktop_app.ui.desk import Desk
        from desktop_app.ui.operations.common import exports_folder

        desk = getattr(self.window(), "desk", None)
        return exports_folder(desk) if isinstance(desk, Desk) else None

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        menu = QMenu(self)
        copy = menu.addAction("复制图片")
        save = menu.addAction("另存为PNG…")
        copy.setEnabled(self.png is not None)
        save.setEnabled(self.png is not None)
        copy.triggered.connect(self.copy_image)
        save.triggered.connect(lambda: self.save_png())
        menu.exec(event.globalPos())


# ----- several charts side by side ---------------------------------------------------------------------

def chart_height(data: ChartData | None) -> int:
    """The height a chart of `data` reads well at (horizontal bars and long legends need more)."""
    from desktop_app.services.statistics.chart_data import HBAR, PIE

    if data is None or data.empty:
        return 70
    if data.kind == HBAR:
        return max(170, 46 + 24 * data.rows)
    if data.kind == PIE:
        return max(200, 40 + 16 * data.rows)
    return 210


class ChartGrid(QWidget):
    """Charts in two columns when there is room (else one), each as tall as its kind needs."""

    TWO_COLUMNS_FROM = 700  # px of width

    def __init__(self, parent: QWidget | None = None, *, save_folder: Path | None = None):
        super().__init__(parent)
        from PySide6.QtWidgets import QGridLayout

        self.views: list[ChartView] = []
        self._save_folder = save_folder
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 4, 0, 8)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(12)
        self._columns = 0
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_charts(self, charts: Iterable[ChartData]) -> None:
        """Show these ChartData (views are reused, so unchanged charts are not drawn again)."""
        charts = list(charts)
        while len(self.views) > len(charts):
            view = self.views.pop()
            self._grid.removeWidget(view)
            view.deleteLater()
        while len(self.views) < len(charts):
            self.views.append(ChartView(parent=self, save_folder=self._save_folder))
        for view, data in zip(self.views, charts):
            view.picture.setFixedHeight(chart_height(data) if not data.empty else 60)
            view.set_chart(data)
        self._columns = 0
        self._arrange()
        if self.parentWidget() is not None or not charts:  # shown without a parent it would be a window of its own
            self.setVisible(bool(charts))

    def view(self, key: str) -> ChartView:
        return next(view for view in self.views if view.data is not None and view.data.key == key)

    def _arrange(self) -> None:
        columns = 2 if self.width() >= self.TWO_COLUMNS_FROM else 1
        if columns == self._columns:
            return
        self._columns = columns
        for view in self.views:
            self._grid.removeWidget(view)
        for index, view in enumerate(self.views):
            self._grid.addWidget(view, index // columns, index % columns, Qt.AlignmentFlag.AlignTop)
        for column in range(2):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._arrange()

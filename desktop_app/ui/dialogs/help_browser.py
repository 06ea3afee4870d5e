"""帮助 → 使用说明 (F1): the manual, resources/help/*.html, with its contents on the left.

The chapters are listed, in order, by the links of index.html's contents (<ol class="toc">); each chapter's
sections are its <h2> headings with an <a name="…"> anchor. Pictures (images/*.png, shots of the real window)
are scaled smoothly to the reading width. help.css is the manual's style, also when a file is opened in a
web browser.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QTextBrowser,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop_app.paths import resources_dir
from desktop_app.ui.icons import app_icon, icon

IMAGE_WIDTH = 720  # px a picture of the window is shown at (the manual's reading width)
_TOC_LINK = re.compile(r'<li><a href="([\w-]+)\.html">(.*?)</a>')
_SECTION = re.compile(r'<h2><a name="([\w-]+)"></a>(.*?)</h2>')
_TITLE = re.compile(r"<h1>(.*?)</h1>")
_TAGS = re.compile(r"<[^>]+>")


def help_dir() -> Path:
    return resources_dir() / "help"


def _plain(fragment: str) -> str:
    return html.unescape(_TAGS.sub("", fragment)).strip()


def chapters() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """[(chapter, title, [(anchor, section title)])] in the order of index.html's contents."""
    folder = help_dir()
    index = (folder / "index.html").read_text(encoding="utf-8")
    title = _TITLE.search(index)
    found = [("index", _plain(title.group(1)) if title else "使用说明", [])]
    for name, label in _TOC_LINK.findall(index.split('<ol class="toc">', 1)[-1]):
        path = folder / f"{name}.html"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        found.append((name, _plain(label), [(a, _plain(t)) for a, t in _SECTION.findall(text)]))
    return found


class _Browser(QTextBrowser):
    """Reads the manual's files; pictures come scaled to IMAGE_WIDTH, smoothly."""

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 (Qt's name)
        if kind == QTextDocument.ResourceType.ImageResource.value:
            path = Path(url.toLocalFile()) if url.isLocalFile() else help_dir() / url.toString()
            image = QImage(str(path))
            if not image.isNull():
                if image.width() > IMAGE_WIDTH:
                    image = image.scaledToWidth(IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation)
                return image
        return super().loadResource(kind, url)


class HelpBrowser(QDialog):
    """A window beside the program (not modal): contents, the page, back/forward, find in the manual."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("使用说明 — 县政协履职工作台")
        self.setObjectName("helpBrowser")
        self.setWindowIcon(app_icon())
        self.setWindowFlag(Qt.WindowType.WindowMinMaxButtonsHint, True)
        self.setModal(False)
        self.contents = QTreeWidget()
        self.contents.setObjectName("helpContents")
        self.contents.setHeaderHidden(True)
        self.contents.itemClicked.connect(self._on_item_clicked)
        self.contents.itemActivated.connect(self._on_item_clicked)
        self.browser = _Browser()
        self.browser.setObjectName("helpText")
        self.browser.setSearchPaths([str(help_dir())])
        self.browser.setOpenExternalLinks(True)
        css = help_dir() / "help.css"
        if css.exists():
            self.browser.document().setDefaultStyleSheet(css.read_text(encoding="utf-8"))
        self.browser.sourceChanged.connect(self._on_source_changed)
        self.back_button, self.forward_button = QPushButton("后退"), QPushButton("前进")
        self.home_button = QPushButton("目录")
        self.home_button.setIcon(icon("help"))
        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button.clicked.connect(self.browser.forward)
        self.home_button.clicked.connect(lambda: self.show_chapter("index"))
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)
        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("helpFind")
        self.find_edit.setPlaceholderText("在使用说明中查找（回车找下一处）")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_note = QLabel()
        bar = QHBoxLayout()
        for widget in (self.back_button, self.forward_button, self.home_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.find_edit, 1)
        bar.addWidget(self.find_note)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.contents)
        split.addWidget(self.browser)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 760])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.find_edit.setFocus)
        self._fill_contents()
        self._fit_screen()

    def _fill_contents(self) -> None:
        self._items: dict[str, QTreeWidgetItem] = {}
        for name, title, sections in chapters():
            item = QTreeWidgetItem([title])
            item.setToolTip(0, title)
            item.setData(0, Qt.ItemDataRole.UserRole, name)
            self.contents.addTopLevelItem(item)
            self._items[name] = item
            for anchor, section in sections:
                child = QTreeWidgetItem([section])
                child.setToolTip(0, section)
                child.setData(0, Qt.ItemDataRole.UserRole, f"{name}#{anchor}")
                item.addChild(child)
                self._items[f"{name}#{anchor}"] = child

    def _fit_screen(self) -> None:
        screen = (self.parentWidget().screen() if self.parentWidget() else None) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen else None
        size = QSize(1040, 720)
        if area is not None:
            size = size.boundedTo(QSize(area.width() - 40, area.height() - 60))
        self.resize(size)

    # ----- showing a chapter -----
    def chapter_url(self, chapter: str) -> QUrl:
        name, _, anchor = chapter.partition("#")
        path = help_dir() / f"{name}.html"
        if not path.exists():
            path = help_dir() / "index.html"
        url = QUrl.fromLocalFile(str(path))
        if anchor:
            url.setFragment(anchor)
        return url

    def show_chapter(self, chapter: str) -> None:
        """Show `chapter` (a file name without .html, with an optional #anchor)."""
        self.browser.setSource(self.chapter_url(chapter))

    def current_chapter(self) -> str:
        url = self.browser.source()
        return Path(url.toLocalFile()).stem + (f"#{url.fragment()}" if url.fragment() else "")

    def text(self) -> str:
        """The chapter shown, as plain text."""
        return self.browser.toPlainText()

    def _on_source_changed(self, url: QUrl) -> None:
        name = Path(url.toLocalFile()).stem
        item = self._items.get(f"{name}#{url.fragment()}") or self._items.get(name)
        if item is not None:
            self.contents.blockSignals(True)
            self.contents.setCurrentItem(item)
            self._items.get(name, item).setExpanded(True)
            self.contents.blockSignals(False)
        self.find_note.clear()

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.show_chapter(item.data(0, Qt.ItemDataRole.UserRole))

    # ----- finding -----
    def find_next(self) -> bool:
        """The next place the words occur, in this chapter and then in the following ones."""
        words = self.find_edit.text().strip()
        if not words:
            return False
        if self.browser.find(words):
            self.find_note.clear()
            return True
        order = [name for name, _, _ in chapters()]
        current = Path(self.browser.source().toLocalFile()).stem
        start = order.index(current) if current in order else -1
        for name in order[start + 1:] + order[:start + 1]:
            if words in _plain((help_dir() / f"{name}.html").read_text(encoding="utf-8")):
                self.show_chapter(name)
                self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
                return self.browser.find(words)
        self.find_note.setText("没有找到")
        return False

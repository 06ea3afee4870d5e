"""What the window's keys ask of the page on screen: Ctrl+F 查找, Ctrl+N 新增, F5 刷新, F1 使用说明.

A page may implement any of these methods; the window calls the page's own when it has one:

    focus_search() -> bool   put the cursor in the page's search box (True when there is one)
    add_new() -> bool        start adding a record of the kind the page (or its open tab) lists
    reload() -> None         read the page's records again
    help_chapter() -> str    the manual's chapter (and #section) for what the page shows now

A page without them is served by the fallbacks below, which look at what is on screen: the visible search
box (a QLineEdit whose placeholder starts with 搜索, or the page's `search`), the visible enabled button whose
text starts with 新增, and `reload`. So the list pages need no code of their own for the keys.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPushButton, QStackedWidget, QTabWidget, QWidget

SEARCH_PREFIX = "搜索"
ADD_PREFIX = "新增"


def _shown(widget: QWidget, page: QWidget) -> bool:
    return widget.isVisibleTo(page) and widget.window() is page.window()


def reveal(widget: QWidget, page: QWidget) -> None:
    """Open the tabs between `widget` and `page`, so that the widget is on screen."""
    child, parent = widget, widget.parentWidget()
    while parent is not None and child is not page:
        holder = parent.parentWidget()
        if isinstance(parent, QStackedWidget) and isinstance(holder, QTabWidget):
            holder.setCurrentWidget(child)
        child, parent = parent, holder


def search_box(page: QWidget) -> QLineEdit | None:
    """The page's search box on screen, else its `search` attribute (behind a tab)."""
    for edit in page.findChildren(QLineEdit):
        if edit.placeholderText().startswith(SEARCH_PREFIX) and _shown(edit, page):
            return edit
    own = getattr(page, "search", None)
    return own if isinstance(own, QLineEdit) else None


def focus_search(page: QWidget) -> bool:
    own = getattr(page, "focus_search", None)
    if callable(own):
        return bool(own())
    edit = search_box(page)
    if edit is None:
        return False
    if not _shown(edit, page):
        reveal(edit, page)
    edit.setFocus()
    edit.selectAll()
    return True


def add_button(page: QWidget) -> QPushButton | None:
    """The first 新增… button on screen and enabled (on a page with tabs: the open tab's)."""
    for button in page.findChildren(QPushButton):
        if button.text().startswith(ADD_PREFIX) and button.isEnabled() and _shown(button, page):
            return button
    return None


def add_new(page: QWidget) -> bool:
    own = getattr(page, "add_new", None)
    if callable(own):
        return bool(own())
    button = add_button(page)
    if button is None:
        return False
    button.click()
    return True


def reload(page: QWidget) -> bool:
    own = getattr(page, "reload", None)
    if not callable(own):
        return False
    own()
    return True


def help_chapter(page: QWidget | None, title: str, chapters: dict[str, str]) -> str:
    own = getattr(page, "help_chapter", None) if page is not None else None
    if callable(own):
        chosen = own()
        if chosen:
            return chosen
    return chapters.get(title, "index")

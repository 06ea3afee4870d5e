"""The program's icons: line drawings of our own in resources/icons/*.svg (no icon font, nothing fetched).

Navigation entries and actions get theirs by title, so a page or action added elsewhere needs one line here.
An SVG icon is drawn by Qt's SVG icon engine when first painted; the application icon is read from PNGs
rendered by tests/tools/render_icons.py (PNG needs no plugin, so the window and taskbar icon never go missing).
"""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from desktop_app.paths import resources_dir

APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

# Navigation entry (its title in main_window.PAGES) → icon file name.
NAV_ICONS = {
    "首页": "home",
    "委员": "members",
    "提案": "proposals",
    "委员之家": "homes",
    "有事来商量": "consultations",
    "社情民意": "opinions",
    "统计": "statistics",
    "基础资料": "registry",
    "设置": "settings",
}

# Menu and toolbar action (its text) → icon file name.
ACTION_ICONS = {
    "导入花名册": "import",
    "导出花名册": "export",
    "备份": "backup",
    "恢复…": "restore",
    "检查": "check",
    "使用说明": "help",
    "关于": "about",
    "退出": "quit",
    "查找": "search",
    "新增": "add",
    "刷新": "reload",
}


def icons_dir():
    return resources_dir() / "icons"


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """The icon resources/icons/<name>.svg; an empty icon for a name with no file."""
    path = icons_dir() / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def nav_icon(title: str) -> QIcon:
    return icon(NAV_ICONS[title]) if title in NAV_ICONS else QIcon()


def action_icon(text: str) -> QIcon:
    return icon(ACTION_ICONS[text]) if text in ACTION_ICONS else QIcon()


@lru_cache(maxsize=1)
def app_icon() -> QIcon:
    """The application's icon (a document with a red seal), every rendered size."""
    result = QIcon()
    for size in APP_ICON_SIZES:
        path = icons_dir() / f"app-{size}.png"
        if path.exists():
            result.addFile(str(path), QSize(size, size))  # with its size given, a file is read only when drawn
    return result

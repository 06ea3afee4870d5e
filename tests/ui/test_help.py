"""The manual: F1 opens the chapter of the page on screen, the chapters are long enough to be a manual, every
picture and link it names exists, and its field list is the one the code has."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from tests.ui.helpers import TASK_TIMEOUT_MS, shown_window, wait_idle

ROOT = Path(__file__).resolve().parents[2]
HELP = ROOT / "resources" / "help"


def _cjk(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def _window(desk, qtbot):
    return shown_window(desk, qtbot, active=True)


@pytest.mark.parametrize(("title", "chapter", "words"), [
    ("提案", "proposals", "交办"),
    ("委员之家", "homes", "登记出席"),
    ("统计", "reports", "年度工作总结"),
    ("社情民意", "opinions", "登记采用"),
])
def test_f1_opens_the_manual_at_the_chapter_of_the_page(desk, qtbot, title, chapter, words):
    window = _window(desk, qtbot)
    window.show_page(title)
    wait_idle(qtbot, desk)
    assert window.actions_by_name["使用说明"].shortcut() == QKeySequence("F1")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(window, "help_window", None) is not None and window.help_window.isVisible(),
                    timeout=TASK_TIMEOUT_MS)
    manual = window.help_window
    assert manual.current_chapter() == chapter
    text = manual.text()
    assert words in text
    assert _cjk(text) > 700  # a chapter, not a stub
    wait_idle(qtbot, desk)


def test_the_manual_has_several_thousand_characters_and_reaches_every_chapter(desk, qtbot):
    from desktop_app.ui.dialogs.help_browser import chapters

    window = _window(desk, qtbot)
    manual = window.open_help("index")
    listed = [name for name, _, _ in chapters()]
    assert listed[0] == "index" and {"start", "proposals", "templates", "backups"} <= set(listed)
    total = 0
    for name in listed:
        manual.show_chapter(name)
        assert manual.current_chapter() == name
        total += _cjk(manual.text())
    assert total > 10000
    for section, words in (("proposals#assign", "批量交办"), ("backups#restore", "从其他位置选择")):
        manual.show_chapter(section)
        assert manual.current_chapter() == section and words in manual.text()
    manual.show_chapter("index")
    manual.find_edit.setText("副本文件夹")  # not in the index: found in the first chapter that has it
    assert manual.find_next() and manual.current_chapter() == "start"
    assert manual.browser.textCursor().selectedText() == "副本文件夹"


def test_f1_on_the_settings_page_follows_the_open_tab(desk, qtbot):
    window = _window(desk, qtbot)
    window.show_page("设置")
    page = window.page_of("设置")
    for index, chapter in ((0, "settings"), (1, "templates"), (2, "backups")):
        page.tabs.setCurrentIndex(index)
        assert window.open_help().current_chapter() == chapter
    wait_idle(qtbot, desk)


def test_every_picture_and_link_of_the_manual_exists():
    pictures = {path.name for path in (HELP / "images").glob("*.png")}
    used: set[str] = set()
    for page in HELP.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for src in re.findall(r'<img src="images/([^"]+)"', text):
            assert src in pictures, f"{page.name} shows a missing picture {src}"
            used.add(src)
        for target, anchor in re.findall(r'<a href="([\w-]+)\.html(?:#([\w-]+))?"', text):
            linked = HELP / f"{target}.html"
            assert linked.exists(), f"{page.name} links to a missing chapter {target}"
            if anchor:
                assert f'<a name="{anchor}"></a>' in linked.read_text(encoding="utf-8"), f"{target}#{anchor}"
    assert pictures - used <= {"help.png"}, f"pictures no chapter shows: {sorted(pictures - used - {'help.png'})}"
    assert pictures & {"members.png", "proposals.png", "restore.png", "settings-backups.png"} == {
        "members.png", "proposals.png", "restore.png", "settings-backups.png"}


def test_the_field_list_is_what_the_documents_fill():
    import importlib.util

    spec = importlib.util.spec_from_file_location("help_fields", ROOT / "tests" / "tools" / "help_fields.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (HELP / "fields.html").read_text(encoding="utf-8") == module.build(), \
        "run .venv/bin/python tests/tools/help_fields.py"


def test_the_pictures_are_of_the_window_at_1366_by_728():
    from PySide6.QtGui import QImage

    for name in ("members", "proposals", "homes", "consultations", "opinions", "statistics", "settings"):
        image = QImage(str(HELP / "images" / f"{name}.png"))
        assert (image.width(), image.height()) == (1366, 728), name

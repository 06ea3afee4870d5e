"""A write announces what it changed; each page reloads when, and only when, a part it shows changed."""
from __future__ import annotations

import openpyxl
import pytest

from tests.ui.helpers import TASK_TIMEOUT_MS, shown_window, wait_idle


@pytest.fixture
def window(desk, qtbot):
    return shown_window(desk, qtbot)


def _settled(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading, timeout=TASK_TIMEOUT_MS)


def test_importing_a_roster_that_creates_a_committee_refreshes_the_registry_and_the_roster_filters(window, qtbot,
                                                                                                   tmp_path):
    from desktop_app.services.ledgers.members import member_importer
    from desktop_app.ui.operations.members import import_roster

    window.show_page("基础资料")
    registry = window.page_of("基础资料")
    members = window.page_of("委员")
    _settled(qtbot, registry)
    _settled(qtbot, members)
    registry.org_shown.setCurrentIndex(1)  # every 参加单位, committees among them
    assert "文化文史和学习委员会" not in [r.name for r in registry.org_model.rows()]
    path = tmp_path / "名单.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "性别", "专委会"])
    book.active.append(["王芳", "女", "文化文史和学习委员会"])
    book.save(path)
    importer = member_importer(window.desk.ctx)
    located = importer.read(path)  # what the wizard's pages did before its 导入
    plan = importer.preview(located)
    done = []
    import_roster(window.desk, parent=registry, located=located, plan=plan, skip_invalid=False, on_done=done.append,
                  on_failed=pytest.fail)
    qtbot.waitUntil(lambda: bool(done), timeout=TASK_TIMEOUT_MS)
    assert done[0].organizations and done[0].members
    _settled(qtbot, registry)
    _settled(qtbot, members)
    assert "文化文史和学习委员会" in [r.name for r in registry.org_model.rows()]
    committees = [members.committee_combo.itemText(i) for i in range(members.committee_combo.count())]
    assert "文化文史和学习委员会" in committees
    assert [r.name for r in members.model.rows()] == ["王芳"]


# (page, parts whose change reloads it, parts whose change leaves it alone)
CARES = [
    ("委员", ("members", "homes", "organizations", "vocabularies"), ("proposals", "units", "consultations")),
    ("提案", ("proposals", "units", "organizations", "sessions", "members"), ("activities", "consultations", "homes")),
    ("委员之家", ("activities", "homes", "members"), ("proposals", "units", "consultations", "sessions")),
    ("有事来商量", ("consultations", "platforms", "members"), ("proposals", "units", "activities", "sessions")),
    ("基础资料", ("units", "organizations", "sessions"), ("members", "activities", "consultations", "opinions")),
    ("首页", ("proposals", "consultations", "homes", "activities", "opinions", "members"),
     ("sessions", "settings", "vocabularies")),
]


@pytest.mark.parametrize(("title", "reloads", "ignores"), CARES, ids=[c[0] for c in CARES])
def test_each_page_reloads_on_the_parts_it_shows(window, qtbot, title, reloads, ignores):
    from desktop_app.services.changes import Changes

    window.show_page(title)
    page = window.page_of(title)
    _settled(qtbot, page)
    for part in ignores:
        window.desk.announce(Changes(**{part: True}))
        assert not page._loading, f"{title} reloaded on {part}"
    for part in reloads:
        window.desk.announce(Changes(**{part: True}))
        assert page._loading, f"{title} did not reload on {part}"
        _settled(qtbot, page)
    wait_idle(qtbot, window.desk)


def test_statistics_recounts_on_any_write_once_shown(window, qtbot):
    from desktop_app.services.changes import Changes

    window.show_page("统计")
    page = window.page_of("统计")
    _settled(qtbot, page)
    window.desk.announce(Changes(opinions=True))
    assert page._loading
    _settled(qtbot, page)
    window.show_page("委员")
    window.desk.announce(Changes(activities=True))
    assert page._stale and not page._loading  # counted again when shown
    window.show_page("统计")
    assert page._loading
    _settled(qtbot, page)

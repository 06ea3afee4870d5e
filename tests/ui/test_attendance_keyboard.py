"""Attendance for a 30-member activity entered from the keyboard alone, through the real dialog and store."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import TASK_TIMEOUT_MS, wait_idle


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """Press a key where the keyboard focus is, as a user would."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _type(qtbot, text: str):
    qtbot.keyClicks(QApplication.focusWidget(), text)


def test_thirty_members_from_the_keyboard_alone(desk, qtbot):
    from desktop_app.services.activities import ActivitiesService, ActivityInput
    from desktop_app.services.homes import HomeInput, HomesService
    from desktop_app.services.members import MembersService
    from desktop_app.ui.pages.homes_page import HomesPage
    from tests.ui.helpers import fill_demo_members

    fill_demo_members(desk)  # 180 members, 12 demo homes with their activities
    ctx = desk.ctx
    roster = MembersService(ctx).search("")
    crew, others = roster[:25], roster[25:]
    home_id = HomesService(ctx).add(HomeInput(name="测试镇委员之家", level="乡镇")).new_id
    HomesService(ctx).set_members(home_id, [m.id for m in crew])
    activity_id = ActivitiesService(ctx).add(ActivityInput(held_on=date(2025, 6, 18), kind="理论学习",
                                                              title="键盘登记测试", home_id=home_id)).new_id
    page = HomesPage(desk)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page._loading and desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)
    assert page.select_activity(activity_id)
    page.table.setFocus()
    _key(qtbot, Qt.Key.Key_Return)  # Enter on the activity opens 登记出席 (as double-click does)
    qtbot.waitUntil(lambda: getattr(page, "attendance_dialog", None) is not None
                    and page.attendance_dialog.isVisible(), timeout=TASK_TIMEOUT_MS)
    dialog = page.attendance_dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.search, timeout=TASK_TIMEOUT_MS)
    assert dialog.table.rowCount() == 25  # the home's members, listed in advance

    _key(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # 全部出席 (the button's mnemonic: an animated click)
    qtbot.waitUntil(lambda: all(status == "present" for _, status in dialog.values()), timeout=TASK_TIMEOUT_MS)
    for member in others[:5]:  # five more by full pinyin + Enter (↓ to the right one when names sound alike)
        full = member.name_pinyin
        _type(qtbot, full)
        qtbot.waitUntil(lambda: dialog.matches.count() > 0, timeout=TASK_TIMEOUT_MS)
        while dialog.matches.currentItem().data(Qt.ItemDataRole.UserRole).id != member.id:
            _key(qtbot, Qt.Key.Key_Down)
        _key(qtbot, Qt.Key.Key_Return)
        assert dialog.search.text() == ""
    assert dialog.table.rowCount() == 30
    _key(qtbot, Qt.Key.Key_Tab)  # on to the list (past the hidden matches list)
    while QApplication.focusWidget() is not dialog.table:
        _key(qtbot, Qt.Key.Key_Tab)
    _key(qtbot, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    _key(qtbot, Qt.Key.Key_2)  # first member: 请假
    _key(qtbot, Qt.Key.Key_Down)
    _key(qtbot, Qt.Key.Key_Down)
    _key(qtbot, Qt.Key.Key_3)  # third member: 缺席
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 保存
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, desk)

    detail = ActivitiesService(ctx).get(activity_id)
    statuses = {line.member_id: line.status for line in detail.attendance}
    assert len(statuses) == 30
    assert set(statuses) == {m.id for m in crew} | {m.id for m in others[:5]}
    first, third = dialog.values()[0][0], dialog.values()[2][0]
    assert statuses[first] == "excused" and statuses[third] == "absent"
    assert sum(1 for s in statuses.values() if s == "present") == 28
    qtbot.waitUntil(lambda: not page._loading and desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)
    row = page.model.row_at(page.model.row_of(activity_id))
    assert (row.present, row.excused, row.absent) == (28, 1, 1)

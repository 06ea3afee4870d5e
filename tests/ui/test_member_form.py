"""The member form: inline problems under their field, 保存 only when clean, saving and conflicts."""
from __future__ import annotations

import pytest

from desktop_app.domain.normalize import id_check_digit
from tests.ui.helpers import wait_loaded, TASK_TIMEOUT_MS, fill_demo_members, top_boxes, wait_idle


@pytest.fixture
def page(desk, qtbot):
    from desktop_app.ui.pages.members_page import MembersPage

    fill_demo_members(desk)
    page = MembersPage(desk)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page)  # a page made on an open store loads itself
    return page


def _settled(form) -> bool:
    return form.checked and not form._timer.isActive()


def _valid_id(birth: str = "19800315") -> str:
    first17 = f"140426{birth}123"
    return first17 + id_check_digit(first17)


def test_bad_id_number_is_shown_under_its_field_and_blocks_saving(page, qtbot):
    page.add_button.click()
    form = page.member_form
    qtbot.waitUntil(lambda: _settled(form), timeout=TASK_TIMEOUT_MS)
    assert form.errors["姓名"].isVisibleTo(form)  # empty name
    form.set_field("name", "赵新华")
    good = _valid_id()
    form.set_field("id_number", good[:-1] + ("0" if good[-1] != "0" else "1"))
    qtbot.waitUntil(lambda: _settled(form), timeout=TASK_TIMEOUT_MS)
    assert not form.errors["姓名"].isVisibleTo(form)
    assert form.errors["身份证号"].isVisibleTo(form)
    assert "校验" in form.errors["身份证号"].text()
    assert not form.save_button.isEnabled()
    form.set_field("phone", "12345")
    qtbot.waitUntil(lambda: _settled(form), timeout=TASK_TIMEOUT_MS)
    assert form.errors["联系电话"].isVisibleTo(form)
    # with three messages showing, the form still fits 1366×768 at 125% (1093×574 less a title bar)
    assert form.width() <= 1093 and form.height() <= 540
    message = form.errors["联系电话"]
    assert message.height() >= message.heightForWidth(message.width())  # not cut off


def test_good_member_is_saved_and_listed(page, qtbot, desk):
    from desktop_app.services.members import MembersService

    page.add_button.click()
    form = page.member_form
    form.set_field("name", "赵新华")
    form.set_field("gender", "男")
    form.set_field("sector", "教育界")
    form.set_field("id_number", _valid_id())
    form.set_field("phone", "13912345678")
    form.birth_year.setValue(1980)
    form.birth_month.setValue(3)
    form.committees.item(0).setCheckState(form.committees.item(0).checkState().Checked)
    qtbot.waitUntil(lambda: _settled(form) and form.save_button.isEnabled(), timeout=TASK_TIMEOUT_MS)
    assert not any(label.isVisibleTo(form) for label in form.errors.values())
    with qtbot.waitSignal(page.sig_filled, timeout=TASK_TIMEOUT_MS):
        form.save_button.click()
    assert form.result() == form.DialogCode.Accepted
    saved = [r for r in MembersService(desk.ctx).search("赵新华")]
    assert len(saved) == 1 and saved[0].birth_text == "1980.03" and saved[0].committees
    assert "赵新华" in [r.name for r in page.model.rows()]
    wait_idle(qtbot, desk)


def test_someone_elses_edit_is_reported_as_a_conflict(page, qtbot, desk):
    from dataclasses import replace

    from desktop_app.services.members import MembersService

    target = page.model.rows()[0]
    page.select_member(target.id)
    page.edit_button.click()
    qtbot.waitUntil(lambda: getattr(page, "member_form", None) is not None, timeout=TASK_TIMEOUT_MS)
    form = page.member_form
    assert form.inputs["name"].text() == target.name
    service = MembersService(desk.ctx)
    detail = service.get(target.id)
    service.edit(target.id, replace(detail.data, notes="另一台电脑改的"), expected_version=detail.version)
    form.set_field("position", "冲突测试职务")
    qtbot.waitUntil(lambda: _settled(form) and form.save_button.isEnabled(), timeout=TASK_TIMEOUT_MS)
    form.save_button.click()
    qtbot.waitUntil(lambda: bool(top_boxes("conflictBox")), timeout=TASK_TIMEOUT_MS)
    box = top_boxes("conflictBox")[0]
    assert "已被其他人修改" in box.text()
    assert form.isVisible()
    box.close()
    assert service.get(target.id).data.position != "冲突测试职务"


def test_linked_villages_are_ticked_filtered_and_saved(page, qtbot, desk):
    from desktop_app.services.members import MembersService

    service = MembersService(desk.ctx)
    target = page.model.rows()[0]
    before = service.get(target.id).data.village_ids
    page.select_member(target.id)
    page.edit_button.click()
    qtbot.waitUntil(lambda: getattr(page, "member_form", None) is not None, timeout=TASK_TIMEOUT_MS)
    form = page.member_form
    assert form.villages.count() == len(service.villages()) > 0
    ticked = {form.villages.item(r).data(256) for r in range(form.villages.count())
              if form.villages.item(r).checkState() == form.villages.item(r).checkState().Checked}
    assert ticked == set(before)  # what the member has is shown ticked
    untouched = next(form.villages.item(r) for r in range(form.villages.count())
                     if form.villages.item(r).data(256) not in before)
    form.village_filter.setText(untouched.text()[-3:])
    shown = [form.villages.item(r) for r in range(form.villages.count()) if not form.villages.item(r).isHidden()]
    assert untouched in shown and len(shown) < form.villages.count()
    untouched.setCheckState(untouched.checkState().Checked)
    qtbot.waitUntil(lambda: _settled(form) and form.save_button.isEnabled(), timeout=TASK_TIMEOUT_MS)
    with qtbot.waitSignal(page.sig_filled, timeout=TASK_TIMEOUT_MS):
        form.save_button.click()
    assert set(service.get(target.id).data.village_ids) == set(before) | {untouched.data(256)}
    wait_idle(qtbot, desk)

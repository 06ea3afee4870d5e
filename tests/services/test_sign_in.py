"""签到表 for an activity and a consultation: the expected members end up in a real .docx."""
from __future__ import annotations

from datetime import date

from docx import Document

from desktop_app.services.activities import ActivitiesService, ActivityInput
from desktop_app.services.consultations import ConsultationInput, ConsultationsService
from desktop_app.services.homes import HomeInput, HomesService
from desktop_app.services.platforms import PlatformInput, PlatformsService
from desktop_app.services.sign_in import activity_sign_in, write_activity_sign_in, write_consultation_sign_in
from tests.homes_support import add_members


def _cells(path) -> list[str]:
    return [cell.text for table in Document(str(path)).tables for row in table.rows for cell in row.cells]


def test_activity_sheet_lists_the_home_members_then_the_recorded_ones(store, tmp_path):
    people = add_members(store, ["王芳", "李强", "张伟"])
    home_id = HomesService(store).add(HomeInput(name="古韩镇委员之家")).new_id
    HomesService(store).set_members(home_id, [people["王芳"], people["李强"]])
    activity_id = ActivitiesService(store).add(ActivityInput(held_on=date(2025, 4, 8), kind="读书活动",
                                                                title="春季读书会", home_id=home_id, place="活动室")).new_id
    dto = activity_sign_in(store, activity_id)
    assert {m.name for m in dto.members} == {"王芳", "李强"} and dto.organizer == "古韩镇委员之家"
    out = write_activity_sign_in(store, activity_id, tmp_path / "签到表" / "读书会签到表.docx")
    cells = _cells(out)
    assert "王芳" in cells and "李强" in cells and "张伟" not in cells
    detail = ActivitiesService(store).get(activity_id)
    ActivitiesService(store).set_attendance(activity_id, [(people["张伟"], "excused")], expected_version=detail.version)
    assert [(m.name, m.note) for m in activity_sign_in(store, activity_id).members] == [("张伟", "请假")]


def test_consultation_sheet_uses_the_platform_members(store, tmp_path):
    people = add_members(store, ["王芳", "李强"])
    platform_id = PlatformsService(store).add(PlatformInput(name="北关村协商议事室"), member_ids=(people["李强"],)).new_id
    cid = ConsultationsService(store).add(ConsultationInput(platform_id=platform_id, held_on=date(2025, 5, 5),
                                                               topic="饮水安全")).new_id
    cells = _cells(write_consultation_sign_in(store, cid, tmp_path / "协商签到表.docx"))
    assert "李强" in cells and "王芳" not in cells

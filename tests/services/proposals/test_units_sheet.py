"""承办单位办理情况 counts by one rule in every column: a unit's 主办 and 分办 assignments (件次) and its replies
and verdicts on them; 会办 (which sends its view to the lead unit) is not counted anywhere, nor is the reply a
host's unit writes to a merged proposal's proposer. Figures counted here by hand from the records made."""
from __future__ import annotations

from datetime import date

import openpyxl

from desktop_app.domain.period import Period
from desktop_app.services.proposals.dto import ReplyInput, UnitAssignmentInput
from desktop_app.services.reports.workbook import WorkbookService


def _assigned(world, title, units):
    pid = world.submit(title)
    world.service.accept(pid, on=date(2025, 1, 20))
    world.service.assign(pid, units, on=date(2025, 1, 20))  # due 2025-04-20
    return pid


def _reply(world, pid, unit, category, on, *, face=False, owner=None):
    a = next(a for a in world.service.detail(owner or pid).assignments if a.unit_id == unit)
    return world.service.reply(pid, ReplyInput(a.id, on, category, text="答复", face_to_face=face)).new_id


def test_every_column_counts_lead_and_separate_units_only(world, tmp_path):
    education, health, finance = world.units  # 县教育局, 县卫健委, 县财政局
    s = world.service
    # 甲: 教育局 leads and answers on time, face to face, 满意; 卫健委 会办 sends its view (entered as a reply).
    p1 = _assigned(world, "关于甲的建议", [UnitAssignmentInput(education, "lead"), UnitAssignmentInput(health, "joint")])
    s.feedback(_reply(world, p1, education, "A", date(2025, 3, 1), face=True), verdict="satisfied", on=date(2025, 3, 5))
    _reply(world, p1, health, "B", date(2025, 2, 10))
    # 乙: 卫健委 and 财政局 分办; 卫健委 answers late (B), 财政局 never: 逾期.
    p2 = _assigned(world, "关于乙的建议", [UnitAssignmentInput(health, "separate"), UnitAssignmentInput(finance, "separate")])
    _reply(world, p2, health, "B", date(2025, 5, 1))
    # 丙: 财政局 leads, answers C, the proposer is 不满意: superseded, 逾期 again; 教育局 会办.
    p3 = _assigned(world, "关于丙的建议", [UnitAssignmentInput(finance, "lead"), UnitAssignmentInput(education, "joint")])
    s.feedback(_reply(world, p3, finance, "C", date(2025, 3, 1)), verdict="dissatisfied", on=date(2025, 3, 5))
    # 丁 merged into 甲: 教育局 answers its proposer too (B); it counts with 甲, not as a 件次 of its own.
    p4 = world.submit("关于甲的补充建议")
    s.merge(p4, into_id=p1, on=date(2025, 1, 21))
    _reply(world, p4, education, "B", date(2025, 3, 2), owner=p1)

    out = tmp_path / "统计表.xlsx"
    WorkbookService(world.ctx).write(out, Period.year(2025))
    sheet = openpyxl.load_workbook(out)["承办单位办理情况"]
    assert [c.value for c in sheet[2]][:10] == ["承办单位", "交办件次", "已答复", "按期答复", "逾期未复", "A类", "B类",
                                                "C类", "满意率", "见面率"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=3, max_col=10, values_only=True)}
    note = next(name for name in rows if name.startswith("注："))
    assert "会办单位" in note and "不计入本表" in note and "并案提案随所并入的提案计" in note
    del rows[note]
    # 交办件次, 已答复, 按期答复, 逾期未复, A, B, C, 满意率, 见面率
    assert rows == {
        "县教育局": (1, 1, 1, 0, 1, 0, 0, 1.0, 1.0),  # 甲 only: its 会办 of 丙 and its reply to 丁 are not counted
        "县卫健委": (1, 1, 0, 0, 0, 1, 0, "—", 0.0),  # 乙 only: its 会办 view on 甲 is not counted
        "县财政局": (2, 0, 0, 2, 0, 0, 0, 0.0, "—"),  # 乙 and 丙, both past due unanswered; 不满意 on 丙
        "合计（件次）": (4, 2, 1, 2, 1, 1, 0, 0.5, 0.5),
    }

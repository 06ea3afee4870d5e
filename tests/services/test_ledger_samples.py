"""The sample ledgers import after the sample roster, and the figures equal what the files themselves say."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from db.models import Activity, Attendance, Consultation, Home, Platform
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.period import Period
from desktop_app.services.ledgers.activities import activity_importer
from desktop_app.services.ledgers.consultations import consultation_importer
from desktop_app.services.ledgers.export import (activity_ledger_rows, consultation_ledger_rows, export_activities,
                                                 export_consultations)
from desktop_app.services.statistics import StatisticsService
from tests.conftest import sample
from tests.homes_support import add_members, roster_names


def _file_rows(name: str) -> tuple[list, list[list]]:
    rows = CalamineWorkbook.from_path(str(sample(name))).get_sheet_by_index(0).to_python()
    header_index = next(i for i, r in enumerate(rows) if "日期" in r)
    return rows[header_index], [r for r in rows[header_index + 1:] if r and r[0] != ""]


def _names(cell) -> list[str]:
    return [n for n in re.split(r"[、，,\s]+", str(cell)) if n]


def _rate(numerator: int, denominator: int) -> float:
    return float((Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP))


@pytest.fixture
def roster_store(store):
    add_members(store, roster_names())
    return store


def test_sample_ledgers_import_and_figures_match_the_files(roster_store):
    activity_importer(roster_store).import_file(sample("activities_2025.xlsx"))
    consultation_importer(roster_store).import_file(sample("consultations_2025.xlsx"))
    head, activities = _file_rows("activities_2025.xlsx")
    present_col = head.index("出席委员")
    chead, consultations = _file_rows("consultations_2025.xlsx")
    col = {name: chead.index(name) for name in chead}
    members_taking_part = {n for r in consultations for n in _names(r[col["参加委员"]])}
    summary = StatisticsService(roster_store).summary(Period.year(2025))
    assert summary["homes"] == {
        "count": len({r[head.index("委员之家")] for r in activities if r[head.index("委员之家")]}),
        "activities": len(activities),
        "attendance": sum(len(_names(r[present_col])) for r in activities),
    }
    assert summary["consultations"] == {
        "platforms": len({r[col["协商议事室"]] for r in consultations}),
        "sessions": len(consultations),
        "suggestions": int(sum(r[col["意见建议条数"]] for r in consultations)),
        "done_deeds": int(sum(r[col["办成实事件数"]] for r in consultations)),
        "member_participation_rate": _rate(len(members_taking_part), len(roster_names())),
    }


def test_preview_changes_nothing_and_reimport_changes_nothing(roster_store):
    service = activity_importer(roster_store)
    preview = service.plan(sample("activities_2025.xlsx"))
    assert preview.new == 402 and preview.ok and len(preview.new_names("委员之家")) == 25
    with roster_store.uow() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0
    done = service.import_file(sample("activities_2025.xlsx")).batch  # a write: Changes with its Batch
    assert "已导入新增402条" in done.lines[0] and done.backup is not None and done.backup.exists()
    again = service.plan(sample("activities_2025.xlsx"))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 402)


def test_two_consultations_sharing_date_room_and_topic_both_count(roster_store):
    preview = consultation_importer(roster_store).plan(sample("consultations_2025.xlsx"))
    assert preview.ok and preview.new == 219
    consultation_importer(roster_store).import_file(sample("consultations_2025.xlsx"))
    with roster_store.uow() as s:
        assert s.scalar(select(func.count()).select_from(Consultation)) == 219
        platform = s.scalar(select(Platform).where(Platform.name == "古韩镇第1村协商议事室"))
        assert platform.township == "古韩镇" and platform.village_id is not None and platform.level == "村社区"


def test_export_then_import_into_a_fresh_store_round_trips(roster_store, tmp_path):
    from desktop_app.services.database import open_store

    activity_importer(roster_store).import_file(sample("activities_2025.xlsx"))
    consultation_importer(roster_store).import_file(sample("consultations_2025.xlsx"))
    a_file, c_file = tmp_path / "活动台账.xlsx", tmp_path / "协商台账.xlsx"
    assert export_activities(roster_store, a_file, Period.year(2025)) == 402
    assert export_consultations(roster_store, c_file) == 219
    again = activity_importer(roster_store).plan(a_file)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 402)
    fresh = open_store(tmp_path / "另一个库")
    add_members(fresh, roster_names())
    activity_importer(fresh).import_file(a_file)
    consultation_importer(fresh).import_file(c_file)
    assert activity_ledger_rows(fresh, None) == activity_ledger_rows(roster_store, None)
    assert consultation_ledger_rows(fresh, None) == consultation_ledger_rows(roster_store, None)
    fresh.engine.dispose()


def test_unknown_name_is_refused_with_row_and_column_and_nothing_is_written(roster_store, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2025年活动台账"])
    ws.append(["日期", "委员之家", "活动类型", "活动名称", "出席委员", "请假委员"])
    names = roster_names()
    ws.append(["2025-03-01", "古韩镇委员之家", "理论学习", "春季学习", "、".join(names[:3]), ""])
    ws.append(["2025-03-02", "古韩镇委员之家", "理论学习", "第二次学习", f"{names[0]}、查无此人", ""])
    ws.append(["2025-03-03", "", "不存在的类型", "第三次", names[1], names[1]])
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    with pytest.raises(ValidationError) as caught:
        activity_importer(roster_store).import_file(path)
    described = [p.describe() for p in caught.value.problems]
    assert any("第4行" in d and "“出席委员”列" in d and "查无此人" in d for d in described)
    assert any("第5行" in d and "活动类型" in d for d in described)
    with roster_store.uow() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0
        assert s.scalar(select(func.count()).select_from(Home)) == 0
    result = activity_importer(roster_store).import_file(path, skip_invalid=True).batch
    assert result.created == 1 and result.skipped == 2 and sorted({p.row for p in result.problems}) == [4, 5]
    with roster_store.uow() as s:
        assert s.scalar(select(func.count()).select_from(Attendance)) == 3


def test_ambiguous_name_is_a_problem(store, tmp_path):
    from openpyxl import Workbook

    add_members(store, ["王芳", "王芳", "李强"])
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "协商议事室", "议题", "参加委员"])
    ws.append(["2025-05-06", "城关社区协商议事室", "停车难", "王芳，李强"])
    path = tmp_path / "协商.xlsx"
    wb.save(path)
    preview = consultation_importer(store).plan(path)
    assert len(preview.problems) == 1
    assert "2位“王芳”" in preview.problems[0].message and preview.problems[0].column == "参加委员"


def test_hidden_rows_are_imported_and_listed(roster_store, tmp_path):
    from openpyxl import Workbook

    names = roster_names()
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "委员之家", "活动类型", "活动名称", "出席委员"])
    ws.append(["2025-03-01", "古韩镇委员之家", "理论学习", "春季学习", names[0]])
    ws.append(["2025-04-01", "古韩镇委员之家", "读书活动", "读书会", names[1]])
    ws.row_dimensions[3].hidden = True
    path = tmp_path / "隐藏行.xlsx"
    wb.save(path)
    preview = activity_importer(roster_store).plan(path)
    assert preview.new == 2 and preview.hidden_rows == (3,)
    assert any("第3行在 Excel 中是隐藏的" in line for line in preview.lines())

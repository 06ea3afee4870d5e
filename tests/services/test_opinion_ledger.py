"""社情民意 ledger import: stats equal what is counted from the file itself; re-import changes nothing."""
from __future__ import annotations

import openpyxl
import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.period import Period
from desktop_app.services.ledgers.export import export_opinions
from desktop_app.services.ledgers.members import member_importer
from desktop_app.services.ledgers.opinions import opinion_importer
from desktop_app.services.statistics import StatisticsService
from tests.conftest import xlsx_rows


def _count_from_file(path, member_names):
    rows = xlsx_rows(path)[2:]
    rows = [r for r in rows if r[0]]
    by_members = [r for r in rows if any(n in member_names for n in str(r[1]).split("、"))]
    submitting = {n for r in rows for n in str(r[1]).split("、") if n in member_names}
    adopted = [r for r in rows if r[5]]
    return len(rows), len(by_members), len(submitting), len(adopted)


def test_stats_equal_figures_counted_from_the_ledger(store, sample_copy):
    member_importer(store).import_file(sample_copy("roster_messy.xlsx"))
    ledger = sample_copy("opinions_2025.xlsx")
    plan = opinion_importer(store).import_file(ledger).batch
    received, by_members, submitting, adopted = _count_from_file(ledger, {m.name for m in _members(store)})
    figures = StatisticsService(store).summary(Period.year(2025))["opinions"]
    assert plan.created == received == figures["received"] == 1500
    assert figures["by_members"] == by_members
    assert figures["adopted"] == adopted
    assert figures["member_submission_rate"] == round(submitting * 100 / 180, 2)
    assert figures["adoption_rate"] == round(adopted * 100 / received, 2)


def test_reimport_and_export_round_trip_change_nothing(store, sample_copy, tmp_path):
    member_importer(store).import_file(sample_copy("roster_messy.xlsx"))
    service = opinion_importer(store)
    service.import_file(sample_copy("opinions_2025.xlsx"))
    assert service.plan(sample_copy("opinions_2025.xlsx")).new == 0
    out = tmp_path / "导出.xlsx"
    assert export_opinions(store, out, Period.year(2025)) == 1500
    # titled like every ledger export and sheet of the statistics workbook: committee, year, what
    assert xlsx_rows(out)[0][0] == "政协委员会2025年社情民意信息台账"
    plan = service.plan(out)
    assert (plan.new, plan.unchanged, plan.refused) == (0, 1500, 0)


def test_unknown_submitter_is_refused_with_its_row(store, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["标题", "报送人", "收稿日期", "编报期号", "报送层级", "采用层级", "领导批示"])
    sheet.append(["关于路灯的建议", "张三", "2025-03-01", "第1期", "市", "外星", ""])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    with pytest.raises(ValidationError) as caught:
        opinion_importer(store).import_file(path)
    messages = [p.describe() for p in caught.value.problems]
    assert any("第2行" in m and "张三" in m for m in messages)
    assert any("外星" in m for m in messages)


def _members(store):
    from desktop_app.services.members import MembersService

    return MembersService(store).list_rows()

"""Each ledger kind converts the sample ledgers without a problem, and refuses bad cells at their row and column."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from desktop_app.domain.errors import InputFileProblem
from desktop_app.services.ledgers.activities import activity_importer
from desktop_app.services.ledgers.consultations import consultation_importer
from desktop_app.services.ledgers.opinions import opinion_importer
from desktop_app.services.ledgers.proposals import proposal_importer
from tests.conftest import sample


def _parse(store, importer, path):
    located = importer.read(path)
    with store.uow() as s:
        inputs = importer.kind.parse_inputs(store, s)
    return located, importer.kind.parse(store, located, inputs)


@pytest.mark.parametrize("name, make, count", [
    ("activities_2025.xlsx", activity_importer, 402),
    ("consultations_2025.xlsx", consultation_importer, 219),
    ("opinions_2025.xlsx", opinion_importer, 1500),
])
def test_sample_ledgers_convert_without_problems(store, name, make, count):
    _, parsed = _parse(store, make(store), sample(name))
    assert parsed.columns.problems == []
    assert len(parsed.columns) == count and parsed.columns.rows[0] == 3


def test_sample_proposal_ledger_values(store):
    _, rows = _parse(store, proposal_importer(store), sample("proposal_ledger.xlsx"))
    assert len(rows) == 461 and rows[0].row == 3 and not any(r.problems for r in rows)
    first, second = rows[0], rows[1]
    assert first.case_number == 73 and first.submitted_on == dt.date(2024, 6, 26)
    assert first.lead_units == ("县卫健委",) and first.co_signers == () and first.key is False
    assert second.co_signers == ("邱英建", "贺飞斌")


def test_activity_and_consultation_counts_are_ints(store):
    _, activities = _parse(store, activity_importer(store), sample("activities_2025.xlsx"))
    assert activities.values["other_participants"][0] == 7 and type(activities.values["other_participants"][0]) is int
    assert len(activities.names["present"][0]) == 11
    _, consultations = _parse(store, consultation_importer(store), sample("consultations_2025.xlsx"))
    values = consultations.values
    assert (values["department_participants"][0], values["resident_participants"][0], values["done_deeds"][0]) == (
        5, 37, 1)


def _write(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_count_cells_and_their_problems(store, tmp_path):
    path = _write(tmp_path / "台账.xlsx", [["日期", "活动类型", "活动名称", "其他参加人数", "意见建议条数"],
                                          ["2025-01-19", "读书活动", "读书", "12人", 3.0],
                                          ["2025-01-20", "理论学习", "学习", "多人", 2.5]])
    _, parsed = _parse(store, activity_importer(store), path)
    assert parsed.values["other_participants"][0] == 12 and parsed.values["suggestions_count"][0] == 3
    assert {(p.row, p.column) for p in parsed.columns.problems} == {(3, "其他参加人数"), (3, "意见建议条数")}


def test_proposal_rows_with_bad_values(store, tmp_path):
    path = _write(tmp_path / "提案台账.xlsx", [
        ["政协××县2025年提案台账"],
        ["案号", "案由", "提案人", "联名人", "提交日期", "重点提案", "备用"],
        ["001", "关于……的建议", "张三", "李四，王五 赵六", "2025年1月19日", "是", "x"],
        ["002", None, "张三", None, "去年", "也许", None],
        [None, None, None, None, None, None, None],
        ["合计", "2件", None, None, None, None, None],
    ])
    _, rows = _parse(store, proposal_importer(store), path)
    assert [r.row for r in rows] == [3, 4]
    assert rows[0].co_signers == ("李四", "王五", "赵六") and rows[0].submitted_on == dt.date(2025, 1, 19) and rows[0].key
    found = {(p.row, p.column): p.message for p in rows[1].problems}
    assert set(found) == {(4, "案由"), (4, "提交日期"), (4, "重点提案")}
    assert found[(4, "案由")] == "请填写案由（提案标题）。"  # the submission form's own sentence
    assert "去年" in found[(4, "提交日期")] and "也许" in found[(4, "重点提案")]


def test_a_sheet_without_the_key_column_is_refused_in_one_sentence(store, tmp_path):
    path = _write(tmp_path / "台账.xlsx", [["日期", "地点"], ["2025-01-19", "活动室"]])
    with pytest.raises(InputFileProblem) as caught:
        activity_importer(store).read(path)
    assert "活动名称" in caught.value.message and "\n" not in caught.value.message

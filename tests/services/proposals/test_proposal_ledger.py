"""Ledger import and export through the command line, on the sample files and a real database."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from db.models import Proposal, ProposalEvent
from tests.cli_support import cli
from tests.conftest import sample, xlsx_rows


def _ledger_figures(path, roster_names: set[str]) -> dict:
    """The figures counted straight from the ledger file with openpyxl (the test's own arithmetic)."""
    rows = xlsx_rows(path)
    header = list(rows[1])
    col = {name: header.index(name) for name in header}
    data = [r for r in rows[2:] if r[col["案由"]]]
    accepted = [r for r in data if r[col["审查结果"]] in ("立案", "并案")]
    split = lambda v: [n for n in re.split(r"[、，,\s]+", v or "") if n]
    replies = Counter()
    feedback = Counter()
    for r in accepted:
        if r[col["答复日期"]]:
            units = len(split(r[col["主办单位"]]))
            replies[r[col["答复类别"]]] += units
            if r[col["满意度"]]:
                feedback[r[col["满意度"]]] += units
    people = {r[col["提案者"]] for r in data if r[col["提案类型"]] == "委员提案"}
    people |= {n for r in data for n in split(r[col["联名人"]])}
    categories = Counter(r[col["类别"]] for r in accepted)
    assigned = sum(1 for r in accepted if r[col["交办日期"]])
    replied = sum(1 for r in accepted if r[col["答复日期"]])
    rate = lambda a, b: round(a * 100 / b, 2) if b else None
    return {
        "submitted": len(data), "accepted": len(accepted),
        "merged": sum(1 for r in data if r[col["审查结果"]] == "并案"),
        "not_accepted": sum(1 for r in data if r[col["审查结果"]] == "不立案"),
        "acceptance_rate": rate(len(accepted), len(data)),
        "by_kind": {"member": sum(1 for r in accepted if r[col["提案类型"]] == "委员提案"),
                    "collective": sum(1 for r in accepted if r[col["提案类型"]] == "集体提案")},
        "by_category": {k: categories.get(k, 0) for k in ("经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设", "其他")},
        "assigned": assigned, "replied": replied, "reply_rate": rate(replied, assigned), "overdue": 0,
        "reply_categories": {k: replies.get(k, 0) for k in "ABC"},
        "face_to_face_rate": 0.0 if sum(replies.values()) else None,
        "feedback": {k: feedback.get(k, 0) for k in ("满意", "基本满意", "不满意")},
        "satisfaction_rate": rate(feedback["满意"] + feedback["基本满意"], sum(feedback.values())),
        "key": sum(1 for r in accepted if r[col["重点提案"]] == "是"),
        "member_participation_rate": rate(len(people & roster_names), len(roster_names)),
    }


def _roster_names() -> set[str]:
    from desktop_app.domain.normalize import clean_name

    rows = xlsx_rows(sample("roster_messy.xlsx"))
    return {clean_name(r[1]) for r in rows[3:] if isinstance(r[0], int)}


@pytest.fixture
def imported(tmp_path):
    data = tmp_path / "数据"
    assert cli(data, "init", "--county", "黎城县")[0] == 0
    assert cli(data, "import", "members", str(sample("roster_messy.xlsx")))[0] == 0
    code, out, err = cli(data, "import", "proposals", str(sample("proposal_ledger.xlsx")), "--session", "14-3")
    assert code == 0, err
    assert "新增 461 件" in out
    return data


def test_stats_after_importing_roster_and_ledger_equal_the_ledgers_own_figures(imported):
    code, out, _ = cli(imported, "stats", "--year", "2024", "--json")
    assert code == 0
    figures = json.loads(out)["proposals"]
    expected = _ledger_figures(sample("proposal_ledger.xlsx"), _roster_names())
    assert figures == expected
    assert (figures["submitted"], figures["accepted"], figures["not_accepted"]) == (461, 381, 80)


def test_import_builds_each_proposals_history(imported):
    from desktop_app.services.database import open_store

    ctx = open_store(imported)
    with ctx.uow() as s:
        pid = s.scalar(select(Proposal.id).where(Proposal.case_number == 73))
        events = s.execute(select(ProposalEvent.action, ProposalEvent.to_state, ProposalEvent.on_date)
                           .where(ProposalEvent.proposal_id == pid).order_by(ProposalEvent.id)).all()
        states = dict(s.execute(select(Proposal.state, func.count()).group_by(Proposal.state)).all())
    ctx.engine.dispose()
    assert events == [("submit", "submitted", date(2024, 6, 26)), ("accept", "accepted", date(2024, 7, 16)),
                      ("assign", "assigned", date(2024, 7, 16)), ("reply", "replied", date(2024, 8, 21)),
                      ("feedback", "replied", date(2024, 8, 21)), ("close", "closed", date(2024, 8, 21))]
    assert states == {"closed": 381, "not_accepted": 80}


def test_import_export_import_reports_no_change(imported, tmp_path):
    out_file = tmp_path / "导出" / "提案台账.xlsx"
    out_file.parent.mkdir()
    code, out, _ = cli(imported, "export", "proposals", str(out_file), "--year", "2024")
    assert code == 0 and "461" in out
    header = [c.value for c in openpyxl.load_workbook(out_file).worksheets[0][2]]
    sample_header = [c.value for c in openpyxl.load_workbook(sample("proposal_ledger.xlsx")).worksheets[0][2]]
    assert header == sample_header
    code, out, _ = cli(imported, "import", "proposals", str(out_file), "--session", "14-3")
    assert code == 0 and "新增 0 件，更新 0 件，无变化 461 件" in out


def test_changed_row_is_an_update_shown_in_the_preview(imported, tmp_path):
    book = openpyxl.load_workbook(sample("proposal_ledger.xlsx"))
    sheet = book.worksheets[0]
    sheet.cell(3, 13).value = "A"  # row 3 (case 073): reply category B → A
    changed = tmp_path / "改过的台账.xlsx"
    book.save(changed)
    code, out, _ = cli(imported, "import", "proposals", str(changed), "--session", "14-3", "--dry-run")
    assert code == 0 and "更新1件" in out and "第3行“关于发展数字经济的建议”：将更新答复类别" in out
    assert cli(imported, "import", "proposals", str(changed), "--session", "14-3")[0] == 0
    code, out, _ = cli(imported, "stats", "--year", "2024", "--json")
    assert json.loads(out)["proposals"]["reply_categories"] == {"A": 120, "B": 197, "C": 64}


def test_unknown_names_refuse_the_whole_ledger_naming_rows(tmp_path):
    data = tmp_path / "数据"
    code, _, err = cli(data, "import", "proposals", str(sample("proposal_ledger.xlsx")), "--session", "14-3")
    assert code == 1
    assert "第3行“提案者”列：提案者“林伟红”不在委员名册中" in err
    assert "第4行“联名人”列：联名人“邱英建”不在委员名册中" in err
    code, out, _ = cli(data, "stats", "--year", "2024", "--json")
    assert json.loads(out)["proposals"]["submitted"] == 0
    assert not list((data / "backups").glob("before-import-proposals-*"))


def test_skip_invalid_imports_only_the_clean_rows(tmp_path):
    data = tmp_path / "数据"
    code, out, err = cli(data, "import", "proposals", str(sample("proposal_ledger.xlsx")), "--session", "14-3",
                          "--skip-invalid")
    assert code == 0 and "新增 111 件" in out and "已跳过350行有问题的数据" in err
    assert list((data / "backups").glob("before-import-proposals-*"))
    code, out, _ = cli(data, "stats", "--year", "2024", "--json")
    assert json.loads(out)["proposals"]["by_kind"]["member"] == 0  # only collective ones had no unknown names


def test_without_session_the_import_refuses_until_the_office_is_set_up(tmp_path):
    data = tmp_path / "数据"
    code, _, err = cli(data, "import", "proposals", str(sample("proposal_ledger.xlsx")), "--dry-run")
    assert code == 1 and "请指明台账属于哪一次会议（命令行加 --session 14-3" in err
    cli(data, "init", "--county", "黎城县", "--term", "14", "--session", "3")
    code, out, _ = cli(data, "import", "proposals", str(sample("proposal_ledger.xlsx")), "--dry-run", "--skip-invalid")
    assert code == 0 and "归入十四届三次会议" in out


def test_dry_run_changes_nothing(tmp_path):
    data = tmp_path / "数据"
    cli(data, "init", "--county", "黎城县")
    cli(data, "import", "members", str(sample("roster_messy.xlsx")))
    code, out, _ = cli(data, "import", "proposals", str(sample("proposal_ledger.xlsx")), "--session", "14-3", "--dry-run")
    assert code == 0 and "将新建承办单位18个" in out and "将新建参加单位10个" in out
    code, out, _ = cli(data, "stats", "--year", "2024", "--json")
    assert json.loads(out)["proposals"]["submitted"] == 0


def test_unreadable_ledger_is_one_sentence(tmp_path):
    bad = tmp_path / "台账.xlsx"
    bad.write_text("not a workbook")
    code, _, err = cli(tmp_path / "数据", "import", "proposals", str(bad), "--session", "14-3")
    assert code == 2 and "台账.xlsx" in err and "Traceback" not in err


def test_problem_report_is_a_copy_of_the_ledger_with_a_problem_column(tmp_path):
    report = tmp_path / "问题清单.xlsx"
    code, _, err = cli(tmp_path / "数据", "import", "proposals", str(sample("proposal_ledger.xlsx")), "--session", "14-3",
                        "--report", str(report))
    assert code == 1 and "问题清单已写入" in err
    sheet = openpyxl.load_workbook(report).worksheets[0]
    header = [c.value for c in sheet[2]]
    assert header[-1] == "问题" and header[:3] == ["案号", "案由", "提案者"]
    assert "林伟红" in sheet.cell(3, len(header)).value and sheet.cell(3, 2).value == "关于发展数字经济的建议"

"""`import/export activities|consultations`, `stats` and `demo` from the command line, as office staff run them."""
from __future__ import annotations

import io
import json

from desktop_app.cli import Output, run
from tests.conftest import sample


def _run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], out=Output(stdout=out, stderr=err))
    return code, out.getvalue(), err.getvalue()


def test_ledgers_after_the_roster_then_stats_and_round_trip(tmp_path):
    data = tmp_path / "数据"
    assert _run("--data", data, "import", "members", sample("roster_messy.xlsx"))[0] == 0
    code, out, _ = _run("--data", data, "import", "activities", sample("activities_2025.xlsx"), "--dry-run")
    assert code == 0 and "将导入新增402条" in out and "数据库未作更改" in out
    code, out, _ = _run("--data", data, "stats", "--year", "2025", "--json")
    assert json.loads(out)["homes"]["activities"] == 0
    assert _run("--data", data, "import", "activities", sample("activities_2025.xlsx"))[0] == 0
    code, out, err = _run("--data", data, "import", "consultations", sample("consultations_2025.xlsx"))
    assert code == 0, err
    assert "已新建协商议事室41个" in out and "导入前的数据已备份到" in out
    code, out, _ = _run("--data", data, "stats", "--year", "2025", "--json")
    figures = json.loads(out)
    assert figures["homes"] == {"count": 25, "activities": 402, "attendance": 3217}
    assert figures["consultations"]["sessions"] == 219 and figures["consultations"]["platforms"] == 41
    ledger = tmp_path / "导出" / "活动台账.xlsx"
    ledger.parent.mkdir()
    code, out, _ = _run("--data", data, "export", "activities", ledger, "--year", "2025")
    # worded as every export, in the window and here: count, what, and the file in quotes
    assert code == 0 and out.strip() == f"已导出 402 次活动到“{ledger}”。"
    code, out, _ = _run("--data", data, "import", "activities", ledger)
    assert code == 0 and "新增0条、更新0条，402条与数据库相同" in out
    code, out, _ = _run("--data", data, "export", "consultations", tmp_path / "协商.xlsx")
    assert code == 0 and out.strip() == f"已导出 219 次协商到“{tmp_path / '协商.xlsx'}”。"


def test_refused_ledger_exits_1_lists_problems_and_writes_a_report(tmp_path):
    from openpyxl import Workbook, load_workbook

    data = tmp_path / "数据"
    _run("--data", data, "import", "members", sample("roster_messy.xlsx"))
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "协商议事室", "乡镇(街道)", "村(社区)", "议题", "议题来源", "参加委员", "落实情况"])
    ws.append(["2025-06-01", "北关村协商议事室", "古韩镇", "北关村", "村道硬化", "党政点题", "查无此人", "已落实"])
    ws.append(["2025-06-02", "北关村协商议事室", "古韩镇", "北关村", "饮水", "党政点题", "", "差不多"])
    path = tmp_path / "协商台账.xlsx"
    wb.save(path)
    report = tmp_path / "问题清单.xlsx"
    code, out, err = _run("--data", data, "import", "consultations", path, "--report", report)
    assert code == 1
    assert "第2行" in err and "“参加委员”列" in err and "查无此人" in err and "第3行" in err and "落实情况" in err
    assert "未导入任何数据" in err and "Traceback" not in err
    sheet = load_workbook(report).active
    assert "查无此人" in sheet.cell(row=2, column=9).value
    code, out, _ = _run("--data", data, "stats", "--year", "2025", "--json")
    assert json.loads(out)["consultations"]["sessions"] == 0
    code, out, err = _run("--data", data, "import", "consultations", path, "--skip-invalid")
    assert code == 0 and "已跳过2行" in err and "新增0条" in out  # every row is bad: both skipped, nothing written


def test_unreadable_ledger_exits_2_with_one_sentence(tmp_path):
    bad = tmp_path / "台账.xlsx"
    bad.write_text("这不是表格", encoding="utf-8")
    code, _, err = _run("--data", tmp_path / "数据", "import", "activities", bad)
    assert code == 2 and "台账.xlsx" in err and len(err.strip().splitlines()) == 1


def test_demo_fills_homes_and_consultations(tmp_path):
    data = tmp_path / "演示"
    code, out, err = _run("--data", data, "demo")
    assert code == 0, err
    assert "委员之家12" in out and "协商议事室" in out
    from datetime import date

    code, out, _ = _run("--data", data, "stats", "--json", "--year", str(date.today().year))
    figures = json.loads(out)
    assert figures["homes"]["count"] == 12 and figures["homes"]["activities"] > 0
    assert figures["homes"]["attendance"] > figures["homes"]["activities"]
    assert figures["consultations"]["sessions"] > 0 and figures["consultations"]["member_participation_rate"] > 0

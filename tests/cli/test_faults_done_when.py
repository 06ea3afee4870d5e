"""Issue 12's "Done when" list for data safety, each through the real command line (`python -m desktop_app …`).

Expected outcomes come from the files the tests write, never from the program.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

from db.migrate import head_revision
from tests.cli.test_cli import run
from tests.faults.support import member_count
from tests.faults.test_text_properties import write_roster_xml
from tests.fileio.test_hostile_sheets import _xlsx

HEADER = ["姓名", "性别", "出生年月", "工作单位", "备注"]


def _init(data: Path) -> None:
    assert run("init", "--county", "黎城县", data=data).returncode == 0


def _roster(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "委员名单"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_200_character_name_is_refused_with_its_row(tmp_path):
    data = tmp_path / "数据"
    _init(data)
    name = "欧阳" + "明" * 198
    assert len(name) == 200
    roster = _roster(tmp_path / "名册.xlsx", [["李明", "男", "1970.01", "一中", ""], [name, "女", "1971.02", "二中", ""]])
    result = run("import", "members", str(roster), data=data)
    assert result.returncode == 1, result.stderr
    assert "第3行" in result.stderr and "姓名" in result.stderr, result.stderr
    assert "程序内部出错" not in result.stderr
    assert member_count(data) == 0


def test_a_birth_month_in_2030_is_refused_with_its_row(tmp_path):
    data = tmp_path / "数据"
    _init(data)
    roster = _roster(tmp_path / "名册.xlsx", [["李明", "男", "2030.05", "一中", ""], ["王芳", "女", "1971.02", "二中", ""]])
    result = run("import", "members", str(roster), data=data)
    assert result.returncode == 1, result.stderr
    assert "第2行" in result.stderr and "出生年月" in result.stderr, result.stderr
    assert member_count(data) == 0


def _no_formula_and_no_control_character(path: Path) -> None:
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not any(ord(ch) < 0x20 and ch not in "\t\n\r" for ch in cell.value), cell.coordinate


def test_export_and_report_workbook_after_cells_with_control_characters(tmp_path):
    data = tmp_path / "数据"
    _init(data)
    roster = write_roster_xml(tmp_path / "名册.xlsx", [
        HEADER, ["李\x07明", "男", "1970.01", "=HYPERLINK(\"http://x\",\"点我\")\x1b", "备\x00注\x0c"],
        ["王芳", "女", "1971.02", "+1\x01", "@SUM(A1)"]])
    imported = run("import", "members", str(roster), data=data)
    assert imported.returncode == 0, imported.stderr
    with sqlite3.connect(data / "cppcc-desk.sqlite3") as con:  # as an old program or a paste could have left it
        con.execute("UPDATE members SET notes = '=1+1\x02', position = '-主任\x1f' WHERE name = '王芳'")
    con.close()
    out = tmp_path / "导出.xlsx"
    exported = run("export", "members", str(out), data=data)
    assert exported.returncode == 0, exported.stderr
    _no_formula_and_no_control_character(out)
    values = {c.value for row in load_workbook(out).active.iter_rows() for c in row}
    assert {"李明", "=HYPERLINK(\"http://x\",\"点我\")", "备注", "+1", "=1+1", "-主任"} <= values
    workbook = tmp_path / "报表.xlsx"
    report = run("report", "workbook", "--out", str(workbook), data=data)
    assert report.returncode == 0, report.stderr
    _no_formula_and_no_control_character(workbook)


def test_the_5_kb_far_cell_sheet_is_refused_with_a_sentence(tmp_path):
    data = tmp_path / "数据"
    _init(data)
    path = _xlsx(tmp_path / "远处单元格.xlsx", ["A1", *[f"B{n}" for n in range(2, 700)], "XFD1048576"])
    assert 4 << 10 < path.stat().st_size < 6 << 10  # about 5 KB
    for args in (["import", "members", str(path)], ["import", "members", str(path), "--dry-run"],
                 ["import", "proposals", str(path), "--session", "14-4"], ["import", "opinions", str(path)]):
        result = run(*args, data=data)
        assert result.returncode in (1, 2), result.stderr
        assert "远处单元格.xlsx" in result.stderr and "第1,048,576行" in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "程序内部出错" not in result.stderr
    assert run("check", data=data).returncode == 0


def _backup_with(good: Path, out: Path, *, revision: int | None = None, escape: bool = False) -> Path:
    """The good backup, its database's revision raised (manifest too, checksums matching) or an attachment path
    that leaves the folder."""
    with zipfile.ZipFile(good) as zf:
        entries = {info.filename: zf.read(info) for info in zf.infolist()}
    manifest = json.loads(entries["manifest.json"])
    if revision is not None:
        work = out.with_suffix(".sqlite3")
        work.write_bytes(entries["cppcc-desk.sqlite3"])
        con = sqlite3.connect(work)
        con.execute("UPDATE alembic_version SET version_num = ?", (f"{revision:04d}",))
        con.commit()
        con.close()
        entries["cppcc-desk.sqlite3"] = work.read_bytes()
        manifest["database"]["sha256"] = hashlib.sha256(entries["cppcc-desk.sqlite3"]).hexdigest()
        manifest["revision"] = f"{revision:04d}"
    if escape:
        entries["../../逃出.txt"] = b"x"
        manifest["attachments"]["../../逃出.txt"] = hashlib.sha256(b"x").hexdigest()
    entries["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return out


def test_a_backup_newer_than_the_program_or_leaving_the_folder_is_refused_and_check_passes(tmp_path):
    data = tmp_path / "数据"
    _init(data)
    roster = _roster(tmp_path / "名册.xlsx", [["李明", "男", "1970.01", "一中", ""], ["王芳", "女", "1971.02", "二中", ""]])
    assert run("import", "members", str(roster), data=data).returncode == 0
    good = tmp_path / "好的.zip"
    assert run("backup", "--out", str(good), data=data).returncode == 0
    newer = _backup_with(good, tmp_path / "新版.zip", revision=int(head_revision()) + 1)
    leaving = _backup_with(good, tmp_path / "越界.zip", escape=True)
    for backup, words in ((newer, "来自更新版本的程序"), (leaving, "附件文件夹以外")):
        result = run("restore", str(backup), data=data)
        assert result.returncode == 2, result.stderr
        assert words in result.stderr and "未作任何更改" in result.stderr, result.stderr
        check = run("check", data=data)
        assert check.returncode == 0 and check.stdout.startswith("检查通过"), check.stderr
        assert member_count(data) == 2
    assert not (tmp_path / "逃出.txt").exists() and not (data.parent.parent / "逃出.txt").exists()
    assert not list((data / "backups").glob("恢复前自动备份-*"))

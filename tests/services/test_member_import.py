"""Roster import over real sample files and a real SQLite database."""
from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Member
from desktop_app.services.database import PROGRAM_ACTOR
from desktop_app.domain.errors import InputFileProblem, ValidationError
from desktop_app.services.ledgers.member_export import export_members, roster_title
from desktop_app.services.ledgers.members import member_importer
from desktop_app.services.ledgers.pipeline import ImportOptions
from desktop_app.services.members import MembersService
from desktop_app.services.settings import SettingsService


def _members(store) -> dict[str, dict]:
    with store.uow() as s:
        rows = s.execute(select(Member)).scalars().all()
        return {m.id_number or m.name: {c: getattr(m, c) for c in (
            "name", "gender", "ethnicity", "birth_year", "birth_month", "political_status", "sector",
            "education", "work_unit", "phone", "id_number", "is_standing")} for m in rows}


def test_messy_xlsx_imports_every_member_normalised(store, sample_copy):
    result = member_importer(store).import_file(sample_copy("roster_messy.xlsx")).batch
    assert (result.created, result.updated, result.skipped) == (180, 0, 0)
    assert result.backup is not None and result.backup.exists()
    members = _members(store)
    assert len(members) == 180
    lu = next(m for m in members.values() if m["name"] == "卢兰")  # '卢\u3000兰' in the file
    assert (lu["gender"], lu["birth_year"], lu["birth_month"], lu["is_standing"]) == ("男", 1962, 9, True)
    dong = next(m for m in members.values() if m["name"] == "董亮文")
    assert (dong["ethnicity"], dong["political_status"]) == ("汉族", "中共党员")  # 汉 → 汉族, 中共 → 中共党员
    assert all(m["id_number"] and m["id_number"] == m["id_number"].upper() for m in members.values())


@pytest.mark.parametrize("other", ["roster_messy.xls", "roster_gbk.csv"])
def test_xls_and_gbk_csv_give_the_same_members(store, sample_copy, other, tmp_path):
    from desktop_app.services.database import open_store

    member_importer(store).import_file(sample_copy("roster_messy.xlsx"))
    second = open_store(tmp_path / "第二个")
    member_importer(second).import_file(sample_copy(other))
    assert _members(second) == _members(store)
    plan = member_importer(store).plan(sample_copy(other))
    assert (plan.new, plan.updated, plan.unchanged) == (0, 0, 180)
    second.engine.dispose()


def test_bad_roster_is_refused_whole_naming_each_faulty_row(store, sample_copy):
    service = member_importer(store)
    with pytest.raises(ValidationError) as caught:
        service.import_file(sample_copy("roster_bad.xlsx"))
    rows = sorted({p.row for p in caught.value.problems})
    assert rows == [7, 13, 18, 25, 31, 37]
    columns = {p.row: p.column for p in caught.value.problems}
    assert columns[13] == "公民身份号码" and columns[25] == "联系电话（手机）" and columns[31] == "民族"
    assert MembersService(store).count() == 0
    with store.uow() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.actor != PROGRAM_ACTOR)) == 0


def test_skip_invalid_imports_only_the_good_rows_and_reports_the_rest(store, sample_copy):
    result = member_importer(store).import_file(sample_copy("roster_bad.xlsx"), skip_invalid=True).batch
    assert result.created == 34 and result.skipped == 6
    assert MembersService(store).count() == 34


def test_error_report_is_a_copy_with_a_problem_column(store, sample_copy, tmp_path):
    out = tmp_path / "问题清单.xlsx"
    importer = member_importer(store)
    located = importer.read(sample_copy("roster_bad.xlsx"))
    importer.write_problem_report(located, importer.preview(located), out)
    sheet = openpyxl.load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in values if r and "问题" in r)
    problem_col = header.index("问题")
    flagged = [r for r in values if r[problem_col] and r is not header]
    assert len(flagged) == 6
    assert any("校验位" in str(r[problem_col]) for r in flagged)


def test_export_then_import_reports_no_change(store, sample_copy, tmp_path):
    service = member_importer(store)
    service.import_file(sample_copy("roster_messy.xlsx"))
    out = tmp_path / "导出" / "花名册.xlsx"
    out.parent.mkdir()
    SettingsService(store).save_office(replace(SettingsService(store).office(), county="黎城县", current_term=14))
    assert export_members(store, out) == 180
    assert openpyxl.load_workbook(out).active["A1"].value == "政协第十四届黎城县委员会委员名单"
    plan = service.plan(out)
    assert (plan.new, plan.updated, plan.unchanged, plan.refused) == (0, 0, 180, 0)


def test_the_roster_title_names_the_term_once():
    assert roster_title("政协黎城县委员会", 14) == "政协第十四届黎城县委员会委员名单"
    assert roster_title("中国人民政治协商会议黎城县委员会", 9) == "中国人民政治协商会议第九届黎城县委员会委员名单"
    assert roster_title("黎城县政协", 14) == "黎城县政协第十四届委员名单"


def test_changed_row_is_reported_with_its_fields_and_updated(store, sample_copy, tmp_path):
    service = member_importer(store)
    service.import_file(sample_copy("roster_messy.xlsx"))
    src = sample_copy("roster_messy.xlsx")
    book = openpyxl.load_workbook(src)
    sheet = book.active
    sheet.cell(row=4, column=10).value = "13900000000"  # 卢兰's phone
    changed = tmp_path / "改过的.xlsx"
    book.save(changed)
    plan = service.plan(changed)
    assert plan.updated == 1 and plan.unchanged == 179
    update = next(r for r in plan.rows if r.action == "changed")
    assert update.row == 4 and update.changed == ("联系电话",)
    service.import_file(changed)
    assert MembersService(store).search("卢兰")[0].phone == "13900000000"


def test_not_a_spreadsheet_gets_one_sentence_and_changes_nothing(store, tmp_path):
    fake = tmp_path / "名单.xlsx"
    fake.write_text("这不是表格", encoding="utf-8")
    with pytest.raises(InputFileProblem) as caught:
        member_importer(store).import_file(fake)
    assert "名单.xlsx" in caught.value.message and "\n" not in caught.value.message
    assert MembersService(store).count() == 0


def test_saved_mapping_is_used_next_time(store, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["委员姓名", "手机", "自定义栏"])
    sheet.append(["王芳", "13812345678", "x"])
    path = tmp_path / "自制.xlsx"
    book.save(path)
    service = member_importer(store)
    options = ImportOptions(mapping={"委员姓名": "name", "手机": "phone"}, save_mapping=True)
    preview = service.inspect(service.read(path, options))
    assert preview.mapping == {"委员姓名": "name", "手机": "phone"} and preview.unknown_columns == ["自定义栏"]
    service.import_file(path, options)
    assert service.inspect(service.read(path)).mapping["委员姓名"] == "name"
    assert MembersService(store).search("wf")[0].name == "王芳"

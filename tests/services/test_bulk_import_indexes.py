"""A large first import builds some of a table's indexes once after inserting (ledgers/common.indexes_set_aside):
afterwards the indexes are exactly the schema's again and still hold (a second ID number refused)."""
from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import openpyxl
import pytest

from desktop_app.services.ledgers.activities import activity_importer
from desktop_app.services.ledgers.members import member_importer
from tests.homes_support import add_members

pytestmark = pytest.mark.sqlite_only("the indexes are set aside on SQLite only; the test reads its file's schema")

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number(n: int) -> str:
    first17 = f"140426{date(1960, 1, 1) + timedelta(days=n // 900):%Y%m%d}{n % 900:03d}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def _index_sql(database) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' "
                          "AND tbl_name IN ('members', 'activities', 'attendance') ORDER BY name").fetchall()


def _sheet_file(path, sheet_name: str, rows) -> object:
    """An .xlsx of one sheet holding `rows` (the first is the header)."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def database(store):
    return store.data.root / "cppcc-desk.sqlite3"


def test_a_first_roster_of_ten_thousand_leaves_the_members_indexes_as_the_schema_has_them(store, database, tmp_path):
    before = _index_sql(database)
    path = _sheet_file(tmp_path / "花名册.xlsx", "委员名单", [["姓名", "性别", "身份证号"]] + [
        [f"委员{n:05d}", "男女"[n % 2], _id_number(n)] for n in range(10_000)])

    assert member_importer(store).import_file(path).batch.created == 10_000

    assert _index_sql(database) == before
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM members INDEXED BY uq_members_id_number "
                          "WHERE id_number IS NOT NULL").fetchone() == (10_000,)
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO members (name, name_pinyin, name_initials, is_standing, status, uuid, version, "
                       "id_number) VALUES ('重号', 'chonghao', 'ch', 0, 'active', 'u-1', 1, ?)", (_id_number(7),))


def test_an_activity_ledger_of_ten_thousand_attendances_leaves_the_indexes_as_the_schema_has_them(store, database,
                                                                                                    tmp_path):
    names = [f"委员{n:02d}" for n in range(10)]
    add_members(store, names)
    before = _index_sql(database)
    header = ["日期", "委员之家", "活动类型", "活动名称", "出席委员"]
    path = _sheet_file(tmp_path / "活动台账.xlsx", "活动台账", [header] + [
        [date(2025, 1, 1) + timedelta(days=n % 365), "古韩镇委员之家", "委员沙龙", f"第{n + 1}次活动",
         "、".join(names)] for n in range(1_000)])

    assert activity_importer(store).import_file(path).batch.created == 1_000

    assert _index_sql(database) == before
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM attendance INDEXED BY ix_attendance_member_status "
                          "WHERE member_id > 0").fetchone() == (10_000,)

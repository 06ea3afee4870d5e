"""The audit log is kept by construction (services/audit.py): every write — ORM, Core, driver-level bulk — is an
entry naming the clerk, the time (UTC), the table, the record and the values before → after; the entries form a
hash chain that `check` verifies and each backup's manifest pins. On SQLite and on PostgreSQL alike (there the
triggers are the database's own: db/audit_capture.py, services/audit_pg.py)."""
from __future__ import annotations

import json
import sqlite3
import zipfile
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import CheckConstraint, Date, Integer, String, Text, UniqueConstraint, delete, insert, literal_column, select, update

from db.base import Base
from db.engine import SQLITE_FILE_NAME
from db.models import Attachment, ImportMapping, Member, Proposal, ProposalReview, Village
from db.models.members import member_villages
from desktop_app.domain.audit_chain import entry_hash, stamp_text
from desktop_app.domain.errors import InputFileProblem
from desktop_app.services import audit
from desktop_app.services.backup import BackupService
from desktop_app.services.database import PROGRAM_ACTOR
from desktop_app.services.demo import DemoService
from desktop_app.services.ledgers.members import member_importer

CLERK = "王建华"


@pytest.fixture
def clerk_ctx(ctx):
    ctx.actor = CLERK
    return ctx


def _db(ctx) -> Path:
    return ctx.data.root / SQLITE_FILE_NAME


@contextmanager
def _outside(ctx):
    """run(sql, params) on a plain driver connection, as the sqlite3 or psql command would open one: none of the
    program's hooks are on it. `?` marks the parameters; what it wrote is committed at the end."""
    if ctx.engine.dialect.name == "sqlite":
        con = sqlite3.connect(_db(ctx))

        def run(sql, params=()):
            return con.execute(sql, params).fetchall()
    else:
        import psycopg

        con = psycopg.connect(ctx.engine.url.set(drivername="postgresql").render_as_string(hide_password=False))

        def run(sql, params=()):
            cursor = con.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []
    try:
        yield run
        con.commit()
    finally:
        con.close()


def _entries(ctx, **where) -> list[tuple]:
    """(id, at as text, actor, table, record id, action, before, after) of the entries, oldest first."""
    sql = "SELECT id, at, actor, table_name, record_id, action, before_json, after_json FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(f"{k} = ?" for k in where)
    with _outside(ctx) as run:
        return [(i, stamp_text(at), *rest) for i, at, *rest in run(sql + " ORDER BY id", tuple(where.values()))]


def _last_id(ctx) -> int:
    with _outside(ctx) as run:
        return run("SELECT COALESCE(MAX(id), 0) FROM audit_log")[0][0]


def _new_entries(ctx, after_id: int) -> list[tuple]:
    return [e for e in _entries(ctx) if e[0] > after_id]


# --- every table -----------------------------------------------------------------------------------------------
def _plain_column(table):
    """A column an update may change freely: text, no key, no foreign key, no CHECK, not unique, not bookkeeping."""
    # appending to a value keeps a composite key unique; only a column unique on its own is left alone
    unique = {col.name for c in table.constraints if isinstance(c, UniqueConstraint) and len(c.columns) == 1
              for col in c.columns}
    unique |= {col.name for ix in table.indexes if ix.unique and len(ix.columns) == 1 for col in ix.columns}
    for column in table.columns:
        if (isinstance(column.type, (String, Text)) and not column.primary_key and not column.foreign_keys
                and not column.unique and column.name not in unique and column.name not in audit.NOT_LOGGED
                and column.name != "uuid" and not any(column.name in str(c.sqltext) for c in table.constraints
                                                      if isinstance(c, CheckConstraint))):
            return column
    for column in table.columns:
        if isinstance(column.type, (Integer, Date)) and not column.primary_key and not column.foreign_keys \
                and column.name not in audit.NOT_LOGGED and column.name not in unique \
                and not any(column.name in str(c.sqltext) for c in table.constraints if isinstance(c, CheckConstraint)):
            return column
    return None


def _codes(table, column) -> list[str]:
    import re

    for c in table.constraints:
        if isinstance(c, CheckConstraint) and str(c.sqltext).startswith(f"{column.name} IN"):
            return re.findall(r"'([^']*)'", str(c.sqltext))
    return []


def _coded_column(table):
    return next((c for c in table.columns if isinstance(c.type, String) and len(_codes(table, c)) > 1), None)


def test_every_table_changed_is_found_in_the_log_with_old_and_new_values(clerk_ctx):
    ctx = clerk_ctx
    DemoService(ctx).fill()  # the demo writes through the ORM, Core inserts and driver-level executemany
    uow = ctx.uow()
    with uow as s:  # the tables the demo leaves empty
        proposal_id, member_id = s.scalar(select(Proposal.id)), s.scalar(select(Member.id))
        village_id = s.scalar(select(Village.id))
        s.add_all([Attachment(owner_type="proposal", owner_id=proposal_id, original_name="附件.pdf",
                              stored_path="attachments/x.pdf", sha256="0" * 64, size=1),
                   ImportMapping(kind="members", header_key="姓 名", field="name"),
                   ProposalReview(proposal_id=proposal_id, stage="初审", reviewer="张三", reviewed_on=date(2025, 2, 1))])
        s.execute(insert(member_villages), [{"member_id": member_id, "village_id": village_id}])
        uow.commit()

    # attachment_contents holds attachments' bytes on a server database only: a SQLite data folder keeps them as
    # files and leaves the table empty (services/attachments.py)
    tables = [t for t in Base.metadata.sorted_tables if t.name not in ("audit_log", "attachment_contents")]
    with _outside(ctx) as run:
        for table in tables:  # every row there came with a logged insert (of its own, or on its owner's entry)
            if table.name in audit.LINKS:
                owner, owner_col, other_col, field = audit.LINKS[table.name]
                links = {}
                for owner_id, other in run(f"SELECT {owner_col}, {audit.link_sql(table.name, table.name)} "
                                                    f"FROM {table.name}"):
                    links.setdefault(owner_id, set()).add(other)
                logged = {}
                for rid, before, after in run("SELECT record_id, before_json, after_json FROM audit_log "
                                              "WHERE table_name = ? ORDER BY id", (owner,)):
                    if after and field in json.loads(after):
                        logged[rid] = set(json.loads(after)[field])
                assert links, table.name
                assert all(logged.get(o) == others for o, others in links.items()), table.name
            else:
                ids = {r for (r,) in run(f"SELECT id FROM {table.name}")}
                inserted = {r for (r,) in run("SELECT record_id FROM audit_log WHERE table_name = ? "
                                              "AND action = 'insert'", (table.name,))}
                assert ids and ids <= inserted, table.name

    for table in tables:  # one update per table, through Core in the unit of work
        before_id = _last_id(ctx)
        uow = ctx.uow()
        with uow as s:
            if table.name in audit.LINKS:
                owner, owner_col, other_col, field = audit.LINKS[table.name]
                link = literal_column(audit.link_sql(table.name, table.name))
                owner_id, other_id, other = s.execute(
                    select(table.c[owner_col], table.c[other_col], link).limit(1)).one()
                was = sorted(s.scalars(select(link).where(table.c[owner_col] == owner_id)), key=audit._link_order)
                s.execute(delete(table).where(table.c[owner_col] == owner_id, table.c[other_col] == other_id))
                expected = (owner, owner_id, {field: was}, {field: [o for o in was if o != other]})
            else:
                plain_column = _plain_column(table)
                column = plain_column if plain_column is not None else _coded_column(table)
                assert column is not None, table.name
                record_id, old = s.execute(select(table.c.id, column).order_by(table.c.id).limit(1)).one()
                if plain_column is None:  # a code: another of the allowed codes
                    new = next(v for v in _codes(table, column) if v != old)
                elif isinstance(column.type, (String, Text)):
                    new = (old or "") + "（改）"
                elif isinstance(column.type, Date):
                    new = (old or date(2025, 1, 1)) + timedelta(days=1)
                else:
                    new = (old or 0) + 1
                s.execute(update(table).where(table.c.id == record_id).values({column.name: new}))
                plain = (lambda v: v.isoformat() if isinstance(v, date) else v)
                expected = (table.name, record_id, {column.name: plain(old)}, {column.name: plain(new)})
            uow.commit()
        found = _new_entries(ctx, before_id)
        assert [(e[3], e[4], json.loads(e[6]), json.loads(e[7])) for e in found] == [expected], table.name
        assert found[0][2] == CLERK

    before_id = _last_id(ctx)  # a delete keeps the row's values
    uow = ctx.uow()
    with uow as s:
        review = s.scalar(select(ProposalReview))
        review_id, reviewer = review.id, review.reviewer
        s.delete(review)
        uow.commit()
    [(_, _, actor, table_name, record_id, action, before, after)] = _new_entries(ctx, before_id)
    assert (actor, table_name, record_id, action, after) == (CLERK, "proposal_reviews", review_id, "delete", None)
    assert json.loads(before)["reviewer"] == reviewer


def test_an_entry_says_who_when_which_record_and_only_what_changed(clerk_ctx):
    from desktop_app.services.members import MembersService
    from tests.homes_support import add_members

    member_id = add_members(clerk_ctx, ["王芳"])["王芳"]
    start = datetime.now(timezone.utc).replace(tzinfo=None)
    before_id = _last_id(clerk_ctx)
    service = MembersService(clerk_ctx)
    detail = service.get(member_id)
    from dataclasses import replace

    service.edit(member_id, replace(detail.data, position="主任"), expected_version=detail.version)
    [entry] = _new_entries(clerk_ctx, before_id)
    _id, at, actor, table_name, record_id, action, before, after = entry
    assert (actor, table_name, record_id, action) == (CLERK, "members", member_id, "update")
    assert json.loads(before) == {"position": detail.data.position} and json.loads(after) == {"position": "主任"}
    stamp = datetime.fromisoformat(at)
    assert start - timedelta(seconds=1) <= stamp <= datetime.now(timezone.utc).replace(tzinfo=None)


def test_a_rolled_back_change_leaves_no_entry(clerk_ctx):
    before_id = _last_id(clerk_ctx)
    uow = clerk_ctx.uow()
    with uow as s:
        s.add(ImportMapping(kind="members", header_key="姓名", field="name"))
        s.flush()
        # leaving without commit rolls back
    assert _new_entries(clerk_ctx, before_id) == []
    uow = clerk_ctx.uow()
    with uow as s:  # the next transaction on the same connection starts clean
        s.add(ImportMapping(kind="members", header_key="性别", field="gender"))
        uow.commit()
    assert [(e[3], json.loads(e[7])["header_key"]) for e in _new_entries(clerk_ctx, before_id)] == [
        ("import_mappings", "性别")]


def test_a_driver_level_bulk_write_cannot_bypass_the_log(clerk_ctx):
    """No helper to remember: a raw executemany on the session's connection is logged like any other write."""
    before_id = _last_id(clerk_ctx)
    uow = clerk_ctx.uow()
    with uow as s:
        mark = "?" if s.connection().dialect.paramstyle == "qmark" else "%s"  # the driver's own marks
        s.connection().exec_driver_sql(
            "INSERT INTO import_mappings (uuid, kind, header_key, field, version) VALUES "
            f"({mark}, {mark}, {mark}, {mark}, 1)",
            [(f"00000000-0000-4000-8000-00000000000{i}", "members", f"列{i}", "notes") for i in range(3)])
        s.connection().exec_driver_sql("UPDATE import_mappings SET field = 'address' WHERE header_key = '列1'")
        uow.commit()
    found = [(e[3], e[5], json.loads(e[6]) if e[6] else None, json.loads(e[7])) for e in _new_entries(clerk_ctx, before_id)]
    assert [(t, a) for t, a, _, _ in found] == [("import_mappings", "insert")] * 3 + [("import_mappings", "update")]
    assert [f[3]["header_key"] for f in found[:3]] == ["列0", "列1", "列2"]
    assert found[3][2:] == ({"field": "notes"}, {"field": "address"})


# --- the roster import -----------------------------------------------------------------------------------------
HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "政治面貌", "界别", "工作单位", "职务", "联系电话"]


def _roster(path: Path, people: list[tuple[str, str, str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for n, (name, unit, position) in enumerate(people, start=1):
        sheet.append([n, name, "男" if n % 2 else "女", "汉族", f"19{60 + n % 30}.{n % 12 + 1:02d}", "群众", "经济界",
                      unit, position, f"139{n:08d}"])
    book.save(path)
    return path


def test_a_roster_import_writes_one_entry_per_changed_member(clerk_ctx, tmp_path):
    names = [f"委员{chr(0x4e00 + i)}{chr(0x4e50 + i)}" for i in range(40)]
    people = [(name, "县医院", "医生") for name in names]
    first = _roster(tmp_path / "花名册.xlsx", people)
    before_id = _last_id(clerk_ctx)
    member_importer(clerk_ctx).import_file(first)
    found = [e for e in _new_entries(clerk_ctx, before_id) if e[3] == "members"]
    assert len(found) == len(people) == 40
    assert all(e[5] == "insert" and e[2] == CLERK for e in found)
    assert sorted(json.loads(e[7])["name"] for e in found) == sorted(names)

    changed = {names[3]: "院长", names[17]: "副院长", names[30]: "主任"}  # three people change position
    second = _roster(tmp_path / "花名册二.xlsx", [(n, u, changed.get(n, p)) for n, u, p in people])
    before_id = _last_id(clerk_ctx)
    member_importer(clerk_ctx).import_file(second)
    found = [e for e in _new_entries(clerk_ctx, before_id) if e[3] == "members"]
    with _outside(clerk_ctx) as run:
        ids = dict(run("SELECT name, id FROM members"))
    assert sorted((e[4], e[5], json.loads(e[6]), json.loads(e[7])) for e in found) == sorted(
        (ids[n], "update", {"position": "医生"}, {"position": p}) for n, p in changed.items())


# --- the chain, check and backups ----------------------------------------------------------------------------------
def _chain(ctx):
    with ctx.engine.connect() as connection:
        return audit.verify_chain(lambda sql: connection.exec_driver_sql(sql).fetchall())


def _some_entries(ctx) -> None:
    from tests.homes_support import add_members

    add_members(ctx, ["王芳", "李强", "赵敏"])


def test_the_chain_verifies_entry_by_entry(clerk_ctx):
    _some_entries(clerk_ctx)
    rows = _entries(clerk_ctx)
    with _outside(clerk_ctx) as run:
        stored = run("SELECT id, at, actor, table_name, record_id, record_uuid, action, before_json, after_json,"
                     " prev_hash, entry_hash FROM audit_log ORDER BY id")
    previous = ""
    for row in stored:  # recomputed here from the columns, link by link
        assert row[9] == previous
        previous = entry_hash(previous, *row[:9])
        assert row[10] == previous
    report = _chain(clerk_ctx)
    assert report.problem is None and report.entries == len(rows) and report.head.hash == previous


def test_an_entry_edited_outside_the_program_is_reported_by_check(clerk_ctx):
    _some_entries(clerk_ctx)
    rows = _entries(clerk_ctx, actor=CLERK)
    victim, previous = rows[1], [e for e in _entries(clerk_ctx) if e[0] < rows[1][0]][-1]
    with _outside(clerk_ctx) as run:  # sqlite3, or psql on a server
        run("UPDATE audit_log SET actor = '李四' WHERE id = ?", (victim[0],))
    report = BackupService(clerk_ctx).check()
    assert not report.ok
    assert report.problems == [f"审计记录在{previous[1][:19]}（第 {previous[0]} 条）之后被改动：第 {victim[0]} 条与它的"
                               "校验值对不上，可能有人绕过本程序修改了数据库。"]


def _rechain(ctx) -> None:
    """What someone covering their tracks would do: recompute every hash after editing."""
    with _outside(ctx) as run:
        previous = ""
        for row in run("SELECT id, at, actor, table_name, record_id, record_uuid, action, before_json, after_json "
                       "FROM audit_log ORDER BY id"):
            digest = entry_hash(previous, *row)
            run("UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE id = ?", (previous, digest, row[0]))
            previous = digest


def test_a_backup_pins_the_head_and_an_edit_after_it_is_found(clerk_ctx):
    _some_entries(clerk_ctx)
    result = BackupService(clerk_ctx).backup()
    with zipfile.ZipFile(result.path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    last = _entries(clerk_ctx)[-1]
    with _outside(clerk_ctx) as run:
        last_hash = run("SELECT entry_hash FROM audit_log WHERE id = ?", (last[0],))[0][0]
    assert manifest["audit_head"] == {"id": last[0], "hash": last_hash, "at": last[1]}
    assert BackupService(clerk_ctx).check().ok

    target = _entries(clerk_ctx, actor=CLERK)[0]
    with _outside(clerk_ctx) as run:  # sqlite3, or psql on a server
        run("UPDATE audit_log SET actor = '李四' WHERE id = ?", (target[0],))
    _rechain(clerk_ctx)
    assert _chain(clerk_ctx).problem is None  # the chain alone no longer tells
    report = BackupService(clerk_ctx).check()
    assert report.problems == [f"审计记录在备份“{result.path.name}”（{last[1][:19]}）之后被改动：备份时的第 {last[0]} 条"
                               "已不是原样，可能有人绕过本程序修改了数据库。"]


def test_entries_cut_off_the_end_after_a_backup_are_found(clerk_ctx):
    _some_entries(clerk_ctx)
    result = BackupService(clerk_ctx).backup()
    last = _entries(clerk_ctx)[-1]
    with _outside(clerk_ctx) as run:
        run("DELETE FROM audit_log WHERE id = ?", (last[0],))
    assert _chain(clerk_ctx).problem is None
    assert BackupService(clerk_ctx).check().problems == [
        f"审计记录在备份“{result.path.name}”（{last[1][:19]}）之后被改动：备份时的第 {last[0]} 条已不存在，"
        "可能有人绕过本程序修改了数据库。"]


def test_restore_verification_refuses_a_backup_whose_log_was_edited(clerk_ctx, tmp_path):
    _some_entries(clerk_ctx)
    original = BackupService(clerk_ctx).backup(tmp_path / "备份.zip").path
    work = tmp_path / "拆开"
    with zipfile.ZipFile(original) as zf:
        zf.extractall(work)
        manifest = json.loads(zf.read("manifest.json"))
    target = [e for e in _entries(clerk_ctx, actor=CLERK)][0]
    con = sqlite3.connect(work / SQLITE_FILE_NAME)
    con.execute("UPDATE audit_log SET after_json = '{}' WHERE id = ?", (target[0],))
    con.commit()
    con.close()  # the last connection to close writes the WAL back into the file zipped below
    import hashlib

    manifest["database"]["sha256"] = hashlib.sha256((work / SQLITE_FILE_NAME).read_bytes()).hexdigest()
    edited = tmp_path / "改过的备份.zip"
    with zipfile.ZipFile(edited, "w") as zf:
        zf.write(work / SQLITE_FILE_NAME, SQLITE_FILE_NAME)
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
    assert BackupService(clerk_ctx).verify_backup(original)["audit_head"] == manifest["audit_head"]
    with pytest.raises(InputFileProblem) as caught:
        BackupService(clerk_ctx).verify_backup(edited)
    previous = [e for e in _entries(clerk_ctx) if e[0] < target[0]][-1]
    assert caught.value.message == (f"备份“改过的备份.zip”中的审计记录在{previous[1][:19]}（第 {previous[0]} 条）之后被改动："
                                    f"第 {target[0]} 条与它的校验值对不上，可能有人绕过本程序修改了数据库，未作任何更改。")


def test_after_restoring_an_older_backup_check_compares_with_that_backup_not_newer_ones(clerk_ctx, tmp_path):
    _some_entries(clerk_ctx)
    older = BackupService(clerk_ctx).backup(clerk_ctx.data.backups / "备份-20250101-000000.zip").path
    from tests.homes_support import add_members

    add_members(clerk_ctx, ["孙丽"])
    BackupService(clerk_ctx).backup(clerk_ctx.data.backups / "备份-20250102-000000.zip")
    BackupService(clerk_ctx).restore(older)
    from desktop_app.services.database import open_store

    reopened = open_store(clerk_ctx.data.root)
    try:
        reopened.actor = CLERK
        add_members(reopened, ["周杰"])  # the history goes on from the older backup
        report = BackupService(reopened).check()
        assert [p for p in report.problems if "审计" in p] == []
    finally:
        reopened.close()


def test_the_program_s_own_seeding_is_logged_as_the_program(ctx):
    actors = {e[2] for e in _entries(ctx)}
    assert actors == {PROGRAM_ACTOR}


def test_attendance_is_on_the_activity_entry_old_to_new_status_changes_included(clerk_ctx):
    from db.models import Activity, Attendance

    ctx = clerk_ctx
    uow = ctx.uow()
    with uow as s:
        members = [Member(name=n, status="active") for n in ("甲一", "乙二", "丙三")]
        s.add_all(members)
        s.flush()
        a, b, c = (m.id for m in members)
        activity = Activity(held_on=date(2025, 3, 1), kind="委员沙龙", title="春季沙龙")
        s.add(activity)
        s.flush()
        s.execute(insert(Attendance.__table__), [{"activity_id": activity.id, "member_id": a, "status": "present"},
                                                 {"activity_id": activity.id, "member_id": b, "status": "excused"}])
        activity_id = activity.id
        uow.commit()
    made = [e for e in _entries(ctx, table_name="activities") if e[4] == activity_id]
    assert [(e[5], e[6], json.loads(e[7])["attendance"]) for e in made] == [
        ("insert", None, sorted([f"{a}:present", f"{b}:excused"], key=audit._link_order))]
    assert _entries(ctx, table_name="attendance") == []

    before_id = _last_id(ctx)
    uow = ctx.uow()
    with uow as s:  # b came after all; c is added
        s.execute(update(Attendance.__table__).where(Attendance.member_id == b).values(status="present"))
        s.execute(insert(Attendance.__table__), [{"activity_id": activity_id, "member_id": c, "status": "absent"}])
        uow.commit()
    changed = _new_entries(ctx, before_id)
    assert [(e[3], e[4], e[5], json.loads(e[6]), json.loads(e[7])) for e in changed] == [
        ("activities", activity_id, "update",
         {"attendance": sorted([f"{a}:present", f"{b}:excused"], key=audit._link_order)},
         {"attendance": sorted([f"{a}:present", f"{b}:present", f"{c}:absent"], key=audit._link_order)})]


# --- PostgreSQL: the database's own triggers -------------------------------------------------------------------
def _postgresql_only(ctx) -> None:
    if ctx.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL keeps the capture triggers in the database; SQLite's are each connection's own")


def test_every_audited_table_has_the_capture_trigger_on_postgresql(ctx):
    from db.audit_capture import tables_with_capture
    from desktop_app.domain.audit_scope import audited_tables

    _postgresql_only(ctx)
    with ctx.engine.connect() as connection:
        found = tables_with_capture(connection)
    expected = set(audited_tables(t.name for t in Base.metadata.sorted_tables))
    assert "members" in expected and "attendance" in expected and "audit_log" not in expected
    assert found == expected


def test_a_change_made_with_psql_is_logged_at_the_next_write_as_made_outside_the_program(clerk_ctx):
    from desktop_app.services.audit_pg import OUTSIDE_ACTOR
    from desktop_app.services.members import MembersService
    from tests.homes_support import add_members

    _postgresql_only(clerk_ctx)
    member_id = add_members(clerk_ctx, ["王芳"])["王芳"]
    position = MembersService(clerk_ctx).get(member_id).data.position
    before_id = _last_id(clerk_ctx)
    with _outside(clerk_ctx) as run:  # psql, bypassing the program
        run("UPDATE members SET position = '秘书长' WHERE id = ?", (member_id,))
    MembersService(clerk_ctx).get(member_id)  # reading writes nothing
    assert _new_entries(clerk_ctx, before_id) == []
    uow = clerk_ctx.uow()
    with uow as s:
        s.add(ImportMapping(kind="members", header_key="职务名称", field="position"))
        uow.commit()
    found = [(e[2], e[3], e[4], e[5], json.loads(e[6]) if e[6] else None, json.loads(e[7]))
             for e in _new_entries(clerk_ctx, before_id)]
    assert [f[:4] for f in found] == [(OUTSIDE_ACTOR, "members", member_id, "update"),
                                      (CLERK, "import_mappings", found[1][2], "insert")]
    assert found[0][4:] == ({"position": position}, {"position": "秘书长"})
    assert _chain(clerk_ctx).problem is None
    with _outside(clerk_ctx) as run:
        assert run("SELECT COUNT(*) FROM audit_pending")[0][0] == 0


def test_two_pcs_writing_at_once_keep_one_chain(clerk_ctx, tmp_path):
    """Two programs (on PostgreSQL: two PCs with their own data folders) commit at the same time: every change is
    an entry, the ids follow each other and each entry links to the one before."""
    import threading

    from desktop_app.services.database import open_store

    url = clerk_ctx.engine.url.render_as_string(hide_password=False)
    on_server = clerk_ctx.engine.dialect.name == "postgresql"
    other = open_store(tmp_path / "另一台电脑", url=url) if on_server else open_store(clerk_ctx.data.root)
    other.actor = "李明"
    before_id = _last_id(clerk_ctx)
    start, problems = threading.Barrier(2), []

    def write(ctx, prefix: str) -> None:
        try:
            start.wait()
            for n in range(12):
                uow = ctx.uow()
                with uow as s:
                    s.add(ImportMapping(kind="members", header_key=f"{prefix}{n}", field="notes"))
                    uow.commit()
        except Exception as exc:  # the assertion below names it
            problems.append(repr(exc))

    threads = [threading.Thread(target=write, args=(c, p)) for c, p in ((clerk_ctx, "甲"), (other, "乙"))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        other.close()
    assert problems == []
    found = _new_entries(clerk_ctx, before_id)
    assert [e[0] for e in found] == list(range(before_id + 1, before_id + 25))
    assert sorted((e[2], json.loads(e[7])["header_key"]) for e in found) == sorted(
        [(CLERK, f"甲{n}") for n in range(12)] + [("李明", f"乙{n}") for n in range(12)])
    report = _chain(clerk_ctx)
    assert report.problem is None and report.head.id == before_id + 24


def test_an_insert_updated_and_deleted_in_its_own_transaction_logs_the_values_it_gave(clerk_ctx):
    ctx = clerk_ctx
    before_id = _last_id(ctx)
    uow = ctx.uow()
    with uow as s:  # the insert's entry has the values inserted, not those the row ends with
        kept, gone = Member(name="甲一", status="active", sector="经济界"), Member(name="乙二", status="active")
        s.add_all([kept, gone])
        s.flush()
        s.execute(update(Member.__table__).where(Member.id == kept.id).values(sector="教育界"))
        s.execute(delete(Member.__table__).where(Member.id == gone.id))
        kept_id, gone_id = kept.id, gone.id
        uow.commit()
    found = [(e[4], e[5], json.loads(e[6]) if e[6] else None, json.loads(e[7]) if e[7] else None)
             for e in _new_entries(ctx, before_id)]
    assert [(rid, action) for rid, action, _, _ in found] == [
        (kept_id, "insert"), (gone_id, "insert"), (kept_id, "update"), (gone_id, "delete")]
    assert found[0][3]["sector"] == "经济界" and found[0][3]["name"] == "甲一"
    assert found[1][3]["name"] == "乙二" and found[3][2]["name"] == "乙二" and found[3][3] is None
    assert (found[2][2], found[2][3]) == ({"sector": "经济界"}, {"sector": "教育界"})


def test_long_runs_of_inserts_and_deletes_and_the_entries_between_them_form_one_chain(clerk_ctx):
    """On SQLite a run of inserted or deleted records is written by the database itself (_append_captured), the
    entries between runs from Python: the ids follow on, each entry holds its own values, the chain verifies."""
    ctx = clerk_ctx
    _some_entries(ctx)
    before_id = _last_id(ctx)
    headers = [f"列{n}\x1f{chr(0x4e00 + n)}" for n in range(60)]  # the unit separator inside a value too
    uow = ctx.uow()
    with uow as s:
        s.execute(insert(ImportMapping.__table__), [
            {"uuid": f"00000000-0000-4000-8000-{n:012d}", "kind": "members", "header_key": h, "field": "notes",
             "version": 1} for n, h in enumerate(headers[:40])])
        s.execute(update(ImportMapping.__table__).where(ImportMapping.header_key == headers[5]).values(field="address"))
        s.execute(delete(ImportMapping.__table__).where(ImportMapping.header_key.in_(headers[10:30])))
        s.execute(insert(ImportMapping.__table__), [
            {"uuid": f"00000000-0000-4000-9000-{n:012d}", "kind": "members", "header_key": h, "field": "notes",
             "version": 1} for n, h in enumerate(headers[40:])])
        uow.commit()
    found = _new_entries(ctx, before_id)
    assert [e[0] for e in found] == list(range(before_id + 1, before_id + 82))
    assert [e[5] for e in found] == ["insert"] * 40 + ["update"] + ["delete"] * 20 + ["insert"] * 20
    assert [json.loads(e[7])["header_key"] for e in found[:40]] == headers[:40]
    assert (json.loads(found[40][6]), json.loads(found[40][7])) == ({"field": "notes"}, {"field": "address"})
    assert sorted(json.loads(e[6])["header_key"] for e in found[41:61]) == sorted(headers[10:30])
    assert all(e[7] is None for e in found[41:61])
    assert [json.loads(e[7])["header_key"] for e in found[61:]] == headers[40:]
    assert {e[2] for e in found} == {CLERK}
    report = _chain(ctx)
    assert report.problem is None and report.head.id == before_id + 81


@pytest.mark.sqlite_only("insert_links sets a SQLite TEMP trigger aside; PostgreSQL's triggers capture every row")
def test_links_inserted_in_one_statement_are_captured_and_the_trigger_is_back(clerk_ctx):
    from db.models import Activity, Attendance

    ctx = clerk_ctx
    uow = ctx.uow()
    with uow as s:
        members = [Member(name=n, status="active") for n in ("甲一", "乙二", "丙三")]
        activity = Activity(held_on=date(2025, 3, 1), kind="委员沙龙", title="春季沙龙")
        s.add_all([*members, activity])
        s.flush()
        a, b, c = (m.id for m in members)
        activity_id = activity.id
        assert audit.insert_links(s.connection(), "attendance", ("activity_id", "member_id", "status"),
                                  [(activity_id, b, "excused"), (activity_id, a, "present")])
        uow.commit()
    [made] = [e for e in _entries(ctx, table_name="activities") if e[4] == activity_id]
    assert json.loads(made[7])["attendance"] == [f"{a}:present", f"{b}:excused"]

    uow = ctx.uow()
    with uow as s:  # rolled back: nothing logged, nothing kept
        assert audit.insert_links(s.connection(), "attendance", ("activity_id", "member_id", "status"),
                                  [(activity_id, c, "absent")])
    before_id = _last_id(ctx)
    uow = ctx.uow()
    with uow as s:  # the row trigger captures again
        s.execute(insert(Attendance.__table__), [{"activity_id": activity_id, "member_id": c, "status": "absent"}])
        uow.commit()
    [changed] = _new_entries(ctx, before_id)
    assert (changed[3], changed[4], json.loads(changed[6]), json.loads(changed[7])) == (
        "activities", activity_id, {"attendance": [f"{a}:present", f"{b}:excused"]},
        {"attendance": [f"{a}:present", f"{b}:excused", f"{c}:absent"]})


@pytest.mark.sqlite_only("insert_rows sets a SQLite TEMP trigger aside; PostgreSQL's triggers capture every row")
def test_records_inserted_in_one_statement_are_logged_as_the_row_trigger_logs_them(clerk_ctx):
    ctx = clerk_ctx
    columns = ("name", "gender", "birth_year", "is_standing", "uuid", "status", "version", "name_pinyin",
               "name_initials", "created_at", "updated_at")
    at = "2025-03-01 08:00:00.000000"
    rows = [("甲一", "男", 1970, True, "u-1", "active", 1, "jiayi", "jy", at, at),
            ("乙二", None, None, False, "u-2", "left", 1, "yier", "ye", at, at)]

    def logged(insert_rows: bool) -> list[tuple]:
        before_id = _last_id(ctx)
        uow = ctx.uow()
        with uow as s:
            if insert_rows:
                assert audit.insert_rows(s.connection(), "members", columns, rows)
            else:  # the row trigger
                s.connection().exec_driver_sql(f"INSERT INTO members ({', '.join(columns)}) VALUES "
                                               f"({', '.join('?' * len(columns))})", rows)
            s.execute(delete(Member.__table__).where(Member.__table__.c.uuid.in_(["u-1", "u-2"])))
            uow.commit()
        return [(e[5], e[6], e[7]) for e in _new_entries(ctx, before_id)]

    by_trigger, in_one = logged(False), logged(True)
    assert [action for action, _, _ in in_one] == ["insert", "insert", "delete", "delete"]
    assert json.loads(in_one[0][2])["is_standing"] is True and json.loads(in_one[1][2])["status"] == "left"
    assert [(a, b, c) for a, b, c in in_one] == [(a, b, c) for a, b, c in by_trigger]

    uow = ctx.uow()
    with uow as s:  # the row trigger is back
        s.connection().exec_driver_sql(f"INSERT INTO members ({', '.join(columns)}) VALUES "
                                       f"({', '.join('?' * len(columns))})", [("丙三", *rows[0][1:4], "u-3", *rows[0][5:])])
        uow.commit()
    assert json.loads(_entries(ctx, table_name="members")[-1][7])["name"] == "丙三"


def _activity_ledger(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "委员之家", "活动类型", "活动名称", "地点", "出席委员", "请假委员"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_activity_import_changing_stored_activities_updates_them_and_logs_each_once(clerk_ctx, tmp_path):
    from db.models import Activity, Attendance
    from desktop_app.services.ledgers.activities import activity_importer

    ctx = clerk_ctx
    uow = ctx.uow()
    with uow as s:
        members = [Member(name=n, status="active") for n in ("甲一", "乙二", "丙三")]
        s.add_all(members)
        s.flush()
        ids = {m.name: m.id for m in members}
        uow.commit()
    first = [["2025-03-01", "古韩镇委员之家", "理论学习", "春季学习", "活动室", "甲一、乙二", ""],
             ["2025-03-02", "古韩镇委员之家", "理论学习", "夏季学习", "活动室", "甲一", "丙三"],
             ["2025-03-03", "古韩镇委员之家", "理论学习", "秋季学习", "活动室", "丙三", ""]]
    assert activity_importer(ctx).import_file(_activity_ledger(tmp_path / "一.xlsx", first)).batch.created == 3
    before_id = _last_id(ctx)
    second = [first[0][:4] + ["会议室"] + first[0][5:],  # the place changed
              first[1][:5] + ["甲一、乙二", ""],  # 乙二 came, 丙三 no longer listed
              first[2]]  # unchanged
    batch = activity_importer(ctx).import_file(_activity_ledger(tmp_path / "二.xlsx", second)).batch
    assert (batch.created, batch.updated, batch.unchanged) == (0, 2, 1)
    with ctx.uow() as s:
        stored = {a.title: (a.place, a.version) for a in s.scalars(select(Activity))}
        attendance = sorted((s.scalar(select(Activity.title).where(Activity.id == a.activity_id)), a.member_id, a.status)
                            for a in s.scalars(select(Attendance)))
    assert stored == {"春季学习": ("会议室", 2), "夏季学习": ("活动室", 2), "秋季学习": ("活动室", 1)}
    assert attendance == sorted([("春季学习", ids["甲一"], "present"), ("春季学习", ids["乙二"], "present"),
                                 ("夏季学习", ids["甲一"], "present"), ("夏季学习", ids["乙二"], "present"),
                                 ("秋季学习", ids["丙三"], "present")])
    found = [(e[3], e[5], json.loads(e[6]), json.loads(e[7])) for e in _new_entries(ctx, before_id)]
    assert found == [
        ("activities", "update", {"place": "活动室"}, {"place": "会议室"}),
        ("activities", "update", {"attendance": sorted([f"{ids['甲一']}:present", f"{ids['丙三']}:excused"],
                                                       key=audit._link_order)},
         {"attendance": sorted([f"{ids['甲一']}:present", f"{ids['乙二']}:present"], key=audit._link_order)})]


@pytest.mark.sqlite_only("insert_rows sets a SQLite TEMP trigger aside; PostgreSQL's triggers capture every row")
def test_records_inserted_in_one_statement_are_logged_whatever_else_the_transaction_did(clerk_ctx):
    """insert_rows leaves the commit a hint of the pending rows it captured (written by SQLite in one statement);
    a savepoint rolled back, a label, a trigger-captured insert or update between: the entries are still each
    surviving change's, in order, and the chain verifies."""
    ctx = clerk_ctx
    columns = ("name", "status", "is_standing", "uuid", "version", "name_pinyin", "name_initials", "created_at",
               "updated_at")
    at = "2025-03-01 08:00:00.000000"

    def people(prefix: str, count: int) -> list[tuple]:
        return [(f"{prefix}{n}", "active", False, f"{prefix}-{n}", 1, "x", "x", at, at) for n in range(count)]

    before_id = _last_id(ctx)
    uow = ctx.uow()
    with uow as s:
        assert audit.insert_rows(s.connection(), "members", columns, people("甲", 30))
        savepoint = s.begin_nested()
        assert audit.insert_rows(s.connection(), "members", columns, people("乙", 25))  # taken back
        savepoint.rollback()
        assert audit.insert_rows(s.connection(), "members", columns, people("丙", 20))
        s.execute(update(Member.__table__).where(Member.__table__.c.uuid == "甲-3").values(position="主任"))
        assert audit.insert_rows(s.connection(), "members", columns, people("丁", 40))
        labelled = s.scalar(select(Member).where(Member.uuid == "丁-7"))
        audit.label(s, labelled, "merge")
        uow.commit()
    found = _new_entries(ctx, before_id)
    names = [f"甲{n}" for n in range(30)] + [f"丙{n}" for n in range(20)]
    assert [(e[5], json.loads(e[7]).get("name")) for e in found] == (
        [("insert", n) for n in names] + [("update", None)]
        + [("merge" if n == 7 else "insert", f"丁{n}") for n in range(40)])
    assert [e[0] for e in found] == list(range(before_id + 1, before_id + 92))
    report = _chain(ctx)
    assert report.problem is None and report.head.id == before_id + 91

    before_id = _last_id(ctx)
    uow = ctx.uow()
    with uow as s:  # nothing taken back, no label: both spans are written by SQLite as captured
        assert audit.insert_rows(s.connection(), "members", columns, people("戊", 20))
        s.execute(update(Member.__table__).where(Member.__table__.c.uuid == "甲-4").values(position="主任"))
        assert audit.insert_rows(s.connection(), "members", columns, people("己", 30))
        uow.commit()
    found = _new_entries(ctx, before_id)
    assert [(e[5], json.loads(e[7]).get("name"), e[2]) for e in found] == (
        [("insert", f"戊{n}", CLERK) for n in range(20)] + [("update", None, CLERK)]
        + [("insert", f"己{n}", CLERK) for n in range(30)])
    assert json.loads(found[20][7]) == {"position": "主任"}
    report = _chain(ctx)
    assert report.problem is None and report.head.id == before_id + 51

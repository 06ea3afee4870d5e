"""PostgreSQL: the audit log's capture, kept by the database itself (installed by migration 0007).

Every audited table (domain/audit_scope.py, the same list the SQLite triggers use) gets one AFTER INSERT OR
UPDATE OR DELETE ... FOR EACH ROW trigger that copies the row's values (old and new, as JSON text, without the
columns that are not logged) into `audit_pending`, an UNLOGGED table, each row marked with its transaction's id.
A link table's trigger copies the link (the other id, or "member id:status") under its owner's id instead, an
update being the old link removed and the new one added, as on SQLite.

The program turns its own transaction's rows into chained audit_log entries when it commits and deletes them
(services/audit_pg.py). Other transactions' uncommitted rows are invisible to it; a transaction that rolls back
takes its rows with it. `SET LOCAL cppcc.audit_off = 'on'` (services.audit.copy_not_logged) makes a transaction
capture nothing: a transfer copies records that bring their own log.

A later migration that adds a table calls `capture_table(bind, name)` for it (tests check every table has it).
"""
from __future__ import annotations

from desktop_app.domain.audit_scope import CAPTURE_TABLE, LINKS, NOT_LOGGED, link_sql

FUNCTION = "audit_capture"
TRIGGER = "audit_capture"
OFF_SETTING = "cppcc.audit_off"  # set to 'on' for one transaction: it captures nothing

_OFF = f"IF current_setting('{OFF_SETTING}', true) = 'on' THEN RETURN NULL; END IF;"


def _not_logged() -> str:
    return "'{" + ",".join(sorted(NOT_LOGGED)) + "}'::text[]"


def _table_sql() -> list[str]:
    return [
        f"CREATE UNLOGGED TABLE IF NOT EXISTS {CAPTURE_TABLE} (seq BIGSERIAL PRIMARY KEY, "
        "txid BIGINT NOT NULL DEFAULT txid_current(), tbl TEXT NOT NULL, op TEXT NOT NULL, rid BIGINT, "
        "ruuid TEXT, old TEXT, new TEXT)",
        # a record's table: its id and uuid, its values as JSON (booleans true/false, dates as ISO text)
        f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o jsonb;
    n jsonb;
BEGIN
    {_OFF}
    IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD) - {_not_logged()}; END IF;
    IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW) - {_not_logged()}; END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {CAPTURE_TABLE} (tbl, op, rid, ruuid, new)
        VALUES (TG_TABLE_NAME, 'insert', (n ->> 'id')::bigint, n ->> 'uuid', n::text);
    ELSIF TG_OP = 'UPDATE' THEN
        IF o IS DISTINCT FROM n THEN
            INSERT INTO {CAPTURE_TABLE} (tbl, op, rid, ruuid, old, new)
            VALUES (TG_TABLE_NAME, 'update', (n ->> 'id')::bigint, n ->> 'uuid', o::text, n::text);
        END IF;
    ELSE
        INSERT INTO {CAPTURE_TABLE} (tbl, op, rid, ruuid, old)
        VALUES (TG_TABLE_NAME, 'delete', (o ->> 'id')::bigint, o ->> 'uuid', o::text);
    END IF;
    RETURN NULL;
END $$""",
    ]


def _link_function_sql(table: str) -> str:
    owner_col = LINKS[table][1]
    old, new = link_sql(table, "OLD"), link_sql(table, "NEW")
    return f"""CREATE OR REPLACE FUNCTION {FUNCTION}_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_OFF}
    IF TG_OP = 'UPDATE' AND OLD.{owner_col} IS NOT DISTINCT FROM NEW.{owner_col}
            AND ({old}) IS NOT DISTINCT FROM ({new}) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO {CAPTURE_TABLE} (tbl, op, rid, old) VALUES ('{table}', 'delete', OLD.{owner_col}, ({old})::text);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO {CAPTURE_TABLE} (tbl, op, rid, new) VALUES ('{table}', 'insert', NEW.{owner_col}, ({new})::text);
    END IF;
    RETURN NULL;
END $$"""


def _trigger_sql(table: str) -> list[str]:
    function = f"{FUNCTION}_{table}" if table in LINKS else FUNCTION
    out = [_link_function_sql(table)] if table in LINKS else []
    out.append(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
    out.append(f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
               f"FOR EACH ROW EXECUTE FUNCTION {function}()")
    return out


def capture_table(bind, table: str) -> None:
    """Give `table` its capture trigger (PostgreSQL; the capture table and function must exist)."""
    for statement in _trigger_sql(table):
        bind.exec_driver_sql(statement)


def create_capture(bind, tables: list[str]) -> None:
    """The capture table, the function and a trigger on each of `tables` (already filtered by audited_tables)."""
    for statement in _table_sql():
        bind.exec_driver_sql(statement)
    for table in tables:
        capture_table(bind, table)


def drop_capture(bind, tables: list[str]) -> None:
    for table in tables:
        bind.exec_driver_sql(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
        if table in LINKS:
            bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {FUNCTION}_{table}()")
    bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    bind.exec_driver_sql(f"DROP TABLE IF EXISTS {CAPTURE_TABLE}")


def tables_with_capture(bind) -> set[str]:
    """The tables that have the capture trigger (for checks and tests)."""
    rows = bind.exec_driver_sql(
        "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        f"WHERE t.tgname = '{TRIGGER}' AND NOT t.tgisinternal").fetchall()
    return {name for (name,) in rows}

"""What the audit log covers: the tables it leaves out, the columns it does not log, and the link tables that are
folded into their owner's entry. One list for both ways the log is kept: the SQLite TEMP triggers
(services/audit.py) and the PostgreSQL triggers (db/audit_capture.py, installed by migration 0007)."""
from __future__ import annotations

AUDIT_TABLE = "audit_log"
# PostgreSQL: where the triggers put what they capture until the transaction commits (db/audit_capture.py)
CAPTURE_TABLE = "audit_pending"
# attachment_contents: an attachment's bytes on a server database; its row in `attachments` (logged) carries
# the file's SHA-256, so the log says which content was attached without copying megabytes into every entry.
NOT_AUDITED_TABLES = frozenset({AUDIT_TABLE, "alembic_version", CAPTURE_TABLE, "attachment_contents"})
# Bookkeeping every record has (the entry itself says who and when) and caches derived from other columns.
NOT_LOGGED = frozenset({"created_at", "updated_at", "version", "changed_by", "name_pinyin", "name_initials"})
# link table: (owner table, owner column, other column, the field named on the owner's entry)
LINKS = {
    "member_committees": ("members", "member_id", "organization_id", "committees"),
    "member_villages": ("members", "member_id", "village_id", "linked_villages"),
    "platform_members": ("platforms", "platform_id", "member_id", "members"),
    "consultation_members": ("consultations", "consultation_id", "member_id", "members"),
    # an activity's attendance is part of the activity: a 200,000-row activity import writes one entry per
    # activity (its attendance as "member id:status", old list → new list), not one per attendance row
    "attendance": ("activities", "activity_id", "member_id", "attendance"),
}
# What a link is when more than the other id (SQL over the row `{row}`); else the other column's id.
LINK_VALUES = {"attendance": "{row}.member_id || ':' || {row}.status"}


def link_sql(table: str, row: str) -> str:
    """The SQL of one link of `table` in row `row` (NEW, OLD or the table's name); the same in SQLite and
    PostgreSQL."""
    return LINK_VALUES.get(table, "{row}." + LINKS[table][2]).format(row=row)


def audited_tables(names) -> list[str]:
    """The tables among `names` whose changes are logged, in the order given."""
    return [name for name in names if name not in NOT_AUDITED_TABLES]

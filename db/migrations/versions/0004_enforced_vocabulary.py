"""the database enforces its fixed vocabularies: CHECK constraints, one current reply per unit, one verdict per
reply; redundant indexes and the unused member_terms table dropped

Existing rows are repaired first and each repair is reported (MigrationOutcome.notes):
- a code written as its Chinese label (状态 "已立案") becomes the code;
- of several current replies of one unit to one proposal, all but the newest are marked superseded;
- of several verdicts on one reply, all but the newest are kept as verdicts naming no reply.
A value that is neither a code nor a label stops the upgrade before anything changes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 10:00:00
"""
from alembic import op
import sqlalchemy as sa

from desktop_app.domain.enums import (AssignmentStatus, AttachmentOwner, AttendanceStatus, Disposal, FollowUpStatus,
                                      Level, MemberStatus, OrganizationKind, ProposalKind, ProposalState,
                                      ReplyCategory, ReviewStage, UnitRole, Verdict)
from desktop_app.domain.errors import EnvironmentProblem
from desktop_app.domain.gatherings import HOME_LEVELS, PLATFORM_LEVELS, VILLAGE_KINDS

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# (table, column, allowed values, {label: code} or None, nullable)
CHECKED = [
    ("members", "status", MemberStatus, True, False),
    ("proposals", "kind", ProposalKind, True, False),
    ("proposals", "state", ProposalState, True, False),
    ("proposals", "disposal", Disposal, True, True),
    ("proposal_reviews", "stage", ReviewStage, False, False),
    ("assignments", "role", UnitRole, True, False),
    ("assignments", "status", AssignmentStatus, True, False),
    ("replies", "category", ReplyCategory, False, True),
    ("replies", "original_category", ReplyCategory, False, True),
    ("feedback", "verdict", Verdict, True, False),
    ("attendance", "status", AttendanceStatus, True, False),
    ("consultations", "follow_up_status", FollowUpStatus, True, False),
    ("organizations", "kind", OrganizationKind, True, False),
    ("opinions", "sent_level", Level, True, True),
    ("opinion_adoptions", "level", Level, True, False),
    ("attachments", "owner_type", AttachmentOwner, False, False),
    ("homes", "level", HOME_LEVELS, False, False),
    ("platforms", "level", PLATFORM_LEVELS, False, False),
    ("villages", "kind", VILLAGE_KINDS, False, False),
]

REDUNDANT_INDEXES = [  # each led by a wider index or a unique key (measured: statistics no slower without them)
    ("proposals", "ix_proposals_session_id", ["session_id"]),
    ("proposals", "ix_proposals_lead_member_id", ["lead_member_id"]),
    ("proposals", "ix_proposals_submitted_on", ["submitted_on"]),
    ("proposals", "ix_proposals_state", ["state"]),
    ("proposal_cosigners", "ix_proposal_cosigners_proposal_id", ["proposal_id"]),
    ("replies", "ix_replies_proposal_id", ["proposal_id"]),
    ("feedback", "ix_feedback_proposal_id", ["proposal_id"]),
]


def _values(allowed) -> list[str]:
    return [getattr(v, "value", v) for v in allowed]


def _condition(column: str, allowed, nullable: bool) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in _values(allowed))
    condition = f"{column} IN ({quoted})"
    return f"{column} IS NULL OR {condition}" if nullable else condition


def _notes() -> list:
    return op.get_context().config.attributes.setdefault("notes", [])


def _repair_codes(bind) -> None:
    """Labels become codes; anything else stops the upgrade (before any change) with one sentence."""
    fixes, unknown = [], []
    for table, column, allowed, by_label, nullable in CHECKED:
        codes = _values(allowed)
        labels = {member.label: member.value for member in allowed} if by_label else {}
        rows = bind.execute(sa.text(f"SELECT {column}, COUNT(*) FROM {table} WHERE {column} IS NOT NULL "
                                    f"GROUP BY {column}")).all()
        for value, count in rows:
            if value in codes:
                continue
            if value in labels:
                fixes.append((table, column, value, labels[value], count))
            elif nullable and not str(value).strip():
                fixes.append((table, column, value, None, count))
            else:
                unknown.append(f"{table}.{column} 的“{value}”{count}行")
    if unknown:
        raise EnvironmentProblem("数据库中有本程序不认识的取值，无法升级：" + "；".join(unknown)
                                 + "。数据未作更改；请从备份恢复，或联系技术支持。")
    for table, column, old, new, count in fixes:
        bind.execute(sa.text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old"), {"new": new, "old": old})
        _notes().append(f"{table}.{column}：{count}行的“{old}”已改为“{new}”。")


def _repair_duplicates(bind) -> None:
    stale = bind.execute(sa.text(
        "SELECT r.id FROM replies r WHERE r.superseded = :no AND EXISTS (SELECT 1 FROM replies n "
        "WHERE n.proposal_id = r.proposal_id AND n.unit_id = r.unit_id AND n.superseded = :no "
        "AND (n.replied_on > r.replied_on OR (n.replied_on = r.replied_on AND n.id > r.id)))"),
        {"no": False}).scalars().all()
    if stale:
        bind.execute(sa.text("UPDATE replies SET superseded = :yes WHERE id IN (%s)" % ",".join(map(str, stale))),
                     {"yes": True})
        _notes().append(f"有{len(stale)}条答复与同一单位对同一提案的较新答复重复，已标为“已被重新办理取代”。")
    extra = bind.execute(sa.text(
        "SELECT f.id FROM feedback f WHERE f.reply_id IS NOT NULL AND EXISTS (SELECT 1 FROM feedback n "
        "WHERE n.reply_id = f.reply_id AND n.id > f.id)")).scalars().all()
    if extra:
        bind.execute(sa.text("UPDATE feedback SET reply_id = NULL WHERE id IN (%s)" % ",".join(map(str, extra))))
        _notes().append(f"有{len(extra)}条委员反馈与同一答复的较新反馈重复，已保留为不对应答复的反馈。")


def upgrade() -> None:
    bind = op.get_bind()
    _repair_codes(bind)
    _repair_duplicates(bind)
    by_table: dict[str, list] = {}
    for table, column, allowed, _labels, nullable in CHECKED:
        by_table.setdefault(table, []).append((column, allowed, nullable))
    for table, name, _columns in REDUNDANT_INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
    for table, checks in by_table.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, allowed, nullable in checks:
                batch_op.create_check_constraint(op.f(f"ck_{table}_{column}"), _condition(column, allowed, nullable))
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.create_index("uq_replies_current", ["proposal_id", "unit_id"], unique=True,
                              sqlite_where=sa.text("superseded = 0"), postgresql_where=sa.text("NOT superseded"))
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_reply_id")
        batch_op.create_index("uq_feedback_reply", ["reply_id"], unique=True)
    op.drop_table("member_terms")


def downgrade() -> None:
    op.create_table(
        "member_terms",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_member_terms_member_id_members"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["term_id"], ["terms.id"], name=op.f("fk_member_terms_term_id_terms"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("member_id", "term_id", name=op.f("pk_member_terms")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index("uq_feedback_reply")
        batch_op.create_index("ix_feedback_reply_id", ["reply_id"], unique=False)
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_index("uq_replies_current")
    tables: dict[str, list[str]] = {}
    for table, column, *_ in CHECKED:
        tables.setdefault(table, []).append(column)
    for table, columns in tables.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
    for table, name, columns in REDUNDANT_INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)

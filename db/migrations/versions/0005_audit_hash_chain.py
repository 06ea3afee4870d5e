"""the audit log becomes a hash chain: each entry keeps the previous entry's hash and its own

The chain is computed for the entries already there, oldest first (desktop_app/domain/audit_chain.py), so
`check` verifies the whole log from the start.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 12:00:00
"""
from alembic import op
import sqlalchemy as sa

from desktop_app.domain.audit_chain import GENESIS, entry_hash

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('entry_hash', sa.String(length=64), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, at, actor, table_name, record_id, record_uuid, action, before_json, after_json "
        "FROM audit_log ORDER BY id"))
    previous, updates = GENESIS, []
    update = sa.text("UPDATE audit_log SET prev_hash = :p, entry_hash = :h WHERE id = :i")
    for row in rows.fetchall():
        digest = entry_hash(previous, *row)
        updates.append({"p": previous, "h": digest, "i": row[0]})
        previous = digest
        if len(updates) >= _BATCH:
            bind.execute(update, updates)
            updates = []
    if updates:
        bind.execute(update, updates)


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('entry_hash')
        batch_op.drop_column('prev_hash')

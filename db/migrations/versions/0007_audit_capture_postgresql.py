"""PostgreSQL keeps the audit log by construction: a capture trigger on every audited table

On PostgreSQL every audited table (domain/audit_scope.py) gets a trigger copying each change into the UNLOGGED
table audit_pending; the program turns its transaction's captures into chained audit_log entries when it commits
(db/audit_capture.py, services/audit_pg.py). SQLite keeps the log with TEMP triggers made on every connection
(services/audit.py): nothing to do there.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 15:00:00
"""
from alembic import op
import sqlalchemy as sa

from db.audit_capture import create_capture, drop_capture
from desktop_app.domain.audit_scope import audited_tables

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _tables(bind) -> list[str]:
    return audited_tables(sorted(sa.inspect(bind).get_table_names()))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    create_capture(bind, _tables(bind))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    drop_capture(bind, _tables(bind))

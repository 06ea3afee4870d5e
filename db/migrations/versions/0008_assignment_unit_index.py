"""assignments: the unit index also holds role, proposal and due date, so the statistics' per-unit pass reads it alone

ix_assignments_unit_status (unit_id, status) becomes ix_assignments_unit_answering (unit_id, status, role,
proposal_id, due_on): the same lookups by unit and status, and the per-unit statistics (statistics/proposals.py
unit_figures) read every answering assignment from the index in unit order, without visiting the table or
sorting; a unit's assignments to one proposal are found by one probe.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 15:20:00
"""
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_assignments_unit_status')
        batch_op.create_index('ix_assignments_unit_answering', ['unit_id', 'status', 'role', 'proposal_id', 'due_on'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_assignments_unit_answering')
        batch_op.create_index('ix_assignments_unit_status', ['unit_id', 'status'], unique=False)

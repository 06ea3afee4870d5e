"""proposals: organizations can be merged; indexes for the proposal statistics

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('replies', schema=None) as batch_op:
        batch_op.create_index('ix_replies_proposal_unit',
                              ['proposal_id', 'unit_id', 'superseded', 'category', 'face_to_face', 'replied_on'], unique=False)
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index('ix_proposals_figures',
                              ['submitted_on', 'state', 'kind', 'category', 'merged_into_id', 'is_key', 'is_excellent',
                               'is_follow_up', 'lead_member_id'], unique=False)
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_proposal_verdict', ['proposal_id', 'verdict', 'reply_id'], unique=False)
    # A plain ADD COLUMN: no copy of a table that members and proposals point at.
    op.add_column('organizations', sa.Column('merged_into_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_proposal_verdict')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_figures')
    with op.batch_alter_table('replies', schema=None) as batch_op:
        batch_op.drop_index('ix_replies_proposal_unit')
    # SQLite 3.35+ drops a column in place; batch mode would copy the table, which the rows
    # pointing at organizations forbid while foreign keys are on.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE organizations DROP COLUMN merged_into_id")
    else:
        op.drop_column('organizations', 'merged_into_id')

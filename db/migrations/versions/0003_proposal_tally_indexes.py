"""proposals: indexes for a sort-free statistics pass and the participation probe

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 09:30:00
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_figures')
        batch_op.create_index('ix_proposals_tally',
                              ['state', 'kind', 'category', 'is_key', 'is_excellent', 'is_follow_up',
                               'merged_into_id', 'submitted_on'], unique=False)
        batch_op.create_index('ix_proposals_member_submitted', ['lead_member_id', 'submitted_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_member_submitted')
        batch_op.drop_index('ix_proposals_tally')
        batch_op.create_index('ix_proposals_figures',
                              ['submitted_on', 'state', 'kind', 'category', 'merged_into_id', 'is_key', 'is_excellent',
                               'is_follow_up', 'lead_member_id'], unique=False)

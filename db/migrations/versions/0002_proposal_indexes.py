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
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_organizations_merged_into_id_organizations'), 'organizations',
                                    ['merged_into_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_proposal_verdict')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_figures')
    with op.batch_alter_table('replies', schema=None) as batch_op:
        batch_op.drop_index('ix_replies_proposal_unit')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_organizations_merged_into_id_organizations'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')

"""proposals, replies, feedback: indexes for the proposal statistics' counts and the few rows they pick out

ix_proposals_key (submitted_on, state) WHERE is_key: the key proposals of a period (statistics key_proposals)
without reading every proposal. ix_replies_superseded (proposal_id, unit_id) WHERE superseded: the earlier
replies of proposals handled again. ix_replies_kind (category, face_to_face, superseded) and
ix_feedback_verdict (verdict, reply_id): the counts of replies by category and meeting and of verdicts, read in
index order, and the few verdicts 不满意. The database keeps them on every write, like any index.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 18:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index('ix_proposals_key', ['submitted_on', 'state'], unique=False,
                              sqlite_where=sa.text('is_key = 1'), postgresql_where=sa.text('is_key'))
    with op.batch_alter_table('replies', schema=None) as batch_op:
        batch_op.create_index('ix_replies_kind', ['category', 'face_to_face', 'superseded'], unique=False)
        batch_op.create_index('ix_replies_superseded', ['proposal_id', 'unit_id'], unique=False,
                              sqlite_where=sa.text('superseded = 1'), postgresql_where=sa.text('superseded'))
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_verdict', ['verdict', 'reply_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_verdict')
    with op.batch_alter_table('replies', schema=None) as batch_op:
        batch_op.drop_index('ix_replies_superseded')
        batch_op.drop_index('ix_replies_kind')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_key')

"""attachment_contents: an attachment's bytes in the database, for a server database several PCs share

On PostgreSQL the content of every attachment is kept here (one row per attachment, removed with it), so a file
attached on one PC opens on every other. The table is made on SQLite too, so both have one schema; a SQLite data
folder keeps its files in attachments/ and leaves it empty.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 15:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attachment_contents',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),  # the attachment's id
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['attachments.id'], name=op.f('fk_attachment_contents_id_attachments'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment_contents'))
    )


def downgrade() -> None:
    op.drop_table('attachment_contents')

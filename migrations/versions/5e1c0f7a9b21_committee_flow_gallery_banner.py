"""committee flow: the gallery's neutrality banner per edition, editable by the committee

Revision ID: 5e1c0f7a9b21
Revises: a7d21e5f0c3b
Create Date: 2026-12-07 03:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5e1c0f7a9b21'
down_revision = 'a7d21e5f0c3b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('gallery_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('banner_title', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('banner_text', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('gallery_settings', schema=None) as batch_op:
        batch_op.drop_column('banner_text')
        batch_op.drop_column('banner_title')

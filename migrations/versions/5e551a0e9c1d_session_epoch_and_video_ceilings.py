"""session epoch on users (ending sessions everywhere); resolution and frame-rate ceilings per edition

Revision ID: 5e551a0e9c1d
Revises: c4c3f0a332d3
Create Date: 2026-12-07 03:15:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5e551a0e9c1d'
down_revision = 'c4c3f0a332d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_long_side_px', sa.Integer(), server_default='4096', nullable=False))
        batch_op.add_column(sa.Column('max_frame_rate', sa.Integer(), server_default='60', nullable=False))


def downgrade():
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.drop_column('max_frame_rate')
        batch_op.drop_column('max_long_side_px')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')

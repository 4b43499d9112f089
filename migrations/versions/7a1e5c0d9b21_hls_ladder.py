"""hls ladder: a published video's adaptive-streaming renditions

Revision ID: 7a1e5c0d9b21
Revises: 5e1c0f7a9b21
Create Date: 2026-12-07 03:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7a1e5c0d9b21'
down_revision = '5e1c0f7a9b21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hls_ladder',
    sa.Column('video_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('variants', sa.JSON(), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=True),
    sa.Column('encode_seconds', sa.Float(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('state_changed_at', sa.DateTime(), nullable=False),
    sa.Column('ready_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['video_id'], ['video.id'], name=op.f('fk_hls_ladder_video_id_video'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('video_id', name=op.f('pk_hls_ladder'))
    )
    with op.batch_alter_table('hls_ladder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hls_ladder_state'), ['state'], unique=False)


def downgrade():
    with op.batch_alter_table('hls_ladder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hls_ladder_state'))
    op.drop_table('hls_ladder')

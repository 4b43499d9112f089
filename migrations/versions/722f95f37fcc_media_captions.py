"""media: caption tracks and the per-edition caption rule

Revision ID: 722f95f37fcc
Revises: 5dd950029f94
Create Date: 2026-12-03 15:50:11.150665

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '722f95f37fcc'
down_revision = '5dd950029f94'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('caption_settings',
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_caption_settings_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_caption_settings_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('contest_id', name=op.f('pk_caption_settings'))
    )
    op.create_table('caption',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('video_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('cue_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['video_id'], ['video.id'], name=op.f('fk_caption_video_id_video'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caption')),
    sa.UniqueConstraint('video_id', 'language', name=op.f('uq_caption_video_id'))
    )
    with op.batch_alter_table('caption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caption_video_id'), ['video_id'], unique=False)



def downgrade():
    with op.batch_alter_table('caption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caption_video_id'))

    op.drop_table('caption')
    op.drop_table('caption_settings')

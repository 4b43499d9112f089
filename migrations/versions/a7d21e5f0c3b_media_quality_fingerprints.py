"""media quality: per-upload quality report, per-edition quality rules, fingerprints and matches

Revision ID: a7d21e5f0c3b
Revises: 5e1f7c2a9b40
Create Date: 2026-12-07 03:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7d21e5f0c3b'
down_revision = '5e1f7c2a9b40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('quality_settings',
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_quality_settings_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_quality_settings_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('contest_id', name=op.f('pk_quality_settings'))
    )
    op.create_table('video_quality',
    sa.Column('video_id', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=False),
    sa.Column('analysed_at', sa.DateTime(), nullable=True),
    sa.Column('report', sa.JSON(), nullable=True),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('loudness_normalized', sa.Boolean(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['video_id'], ['video.id'], name=op.f('fk_video_quality_video_id_video'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('video_id', name=op.f('pk_video_quality'))
    )
    op.create_table('video_fingerprint',
    sa.Column('video_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('hashes', sa.LargeBinary(), nullable=False),
    sa.Column('frame_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['video_id'], ['video.id'], name=op.f('fk_video_fingerprint_video_id_video'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('video_id', name=op.f('pk_video_fingerprint'))
    )
    with op.batch_alter_table('video_fingerprint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_video_fingerprint_sha256'), ['sha256'], unique=False)

    op.create_table('video_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('video_id', sa.Integer(), nullable=False),
    sa.Column('other_video_id', sa.Integer(), nullable=False),
    sa.Column('query_share', sa.Float(), nullable=False),
    sa.Column('other_share', sa.Float(), nullable=False),
    sa.Column('exact', sa.Boolean(), nullable=False),
    sa.Column('found_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['video_id'], ['video.id'], name=op.f('fk_video_match_video_id_video'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['other_video_id'], ['video.id'], name=op.f('fk_video_match_other_video_id_video'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_match')),
    sa.UniqueConstraint('video_id', 'other_video_id', name=op.f('uq_video_match_video_id'))
    )
    with op.batch_alter_table('video_match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_video_match_video_id'), ['video_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_video_match_other_video_id'), ['other_video_id'], unique=False)


def downgrade():
    with op.batch_alter_table('video_match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_video_match_other_video_id'))
        batch_op.drop_index(batch_op.f('ix_video_match_video_id'))
    op.drop_table('video_match')
    with op.batch_alter_table('video_fingerprint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_video_fingerprint_sha256'))
    op.drop_table('video_fingerprint')
    op.drop_table('video_quality')
    op.drop_table('quality_settings')

"""notifications per edition: templates, settings, judge reminders, broadcasts; the timeline change log

Revision ID: c4c3f0a332d3
Revises: c10b53a514e4
Create Date: 2026-12-03 15:50:58.871867

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4c3f0a332d3'
down_revision = 'c10b53a514e4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('broadcast',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_broadcast_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['user.id'], name=op.f('fk_broadcast_sent_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcast'))
    )
    with op.batch_alter_table('broadcast', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_broadcast_contest_id'), ['contest_id'], unique=False)

    op.create_table('notification_settings',
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('reminder_days', sa.String(length=40), nullable=False),
    sa.Column('fix_deadline', sa.DateTime(), nullable=True),
    sa.Column('winners_notified_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_notification_settings_contest_id_contest'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contest_id', name=op.f('pk_notification_settings'))
    )
    op.create_table('notification_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_notification_template_contest_id_contest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_notification_template_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_template')),
    sa.UniqueConstraint('contest_id', 'kind', name=op.f('uq_notification_template_contest_id'))
    )
    op.create_table('timeline_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.DateTime(), nullable=True),
    sa.Column('new_value', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('affected', sa.Integer(), nullable=False),
    sa.Column('notified', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user.id'], name=op.f('fk_timeline_change_changed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_timeline_change_contest_id_contest'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timeline_change'))
    )
    with op.batch_alter_table('timeline_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_timeline_change_contest_id'), ['contest_id'], unique=False)

    op.create_table('judge_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('days_before', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['judge_id'], ['user.id'], name=op.f('fk_judge_reminder_judge_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['judging_round.id'], name=op.f('fk_judge_reminder_round_id_judging_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_judge_reminder')),
    sa.UniqueConstraint('round_id', 'judge_id', 'days_before', name=op.f('uq_judge_reminder_round_id'))
    )
    with op.batch_alter_table('judge_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_judge_reminder_judge_id'), ['judge_id'], unique=False)



def downgrade():
    with op.batch_alter_table('judge_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_judge_reminder_judge_id'))

    op.drop_table('judge_reminder')
    with op.batch_alter_table('timeline_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_timeline_change_contest_id'))

    op.drop_table('timeline_change')
    op.drop_table('notification_template')
    op.drop_table('notification_settings')
    with op.batch_alter_table('broadcast', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_broadcast_contest_id'))

    op.drop_table('broadcast')

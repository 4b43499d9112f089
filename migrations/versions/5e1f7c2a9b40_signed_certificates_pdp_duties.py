"""signed certificates (document hash, signing certificate) and UU PDP duties: requests, incidents

Revision ID: 5e1f7c2a9b40
Revises: d7a1e5c0b9f2
Create Date: 2026-12-07 03:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5e1f7c2a9b40'
down_revision = 'd7a1e5c0b9f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('signature', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_certificate_pdf_sha256'), ['pdf_sha256'], unique=False)

    op.create_table('data_subject_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('subject_label', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.String(length=320), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('channel', sa.String(length=12), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('reference', sa.String(length=30), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_data_subject_request_resolved_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_data_subject_request_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_subject_request'))
    )
    with op.batch_alter_table('data_subject_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_subject_request_due_at'), ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_subject_request_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_subject_request_user_id'), ['user_id'], unique=False)

    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=True),
    sa.Column('discovered_at', sa.DateTime(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('data_categories', sa.Text(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=True),
    sa.Column('affected_emails', sa.Text(), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.Column('subjects_notified_at', sa.DateTime(), nullable=True),
    sa.Column('subjects_notified_count', sa.Integer(), nullable=False),
    sa.Column('ministry_notified_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], name=op.f('fk_incident_contest_id_contest'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_incident_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident'))
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_due_at'), ['due_at'], unique=False)

    op.create_table('incident_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_incident_event_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_incident_event_incident_id_incident'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_event'))
    )
    with op.batch_alter_table('incident_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_event_incident_id'), ['incident_id'], unique=False)


def downgrade():
    with op.batch_alter_table('incident_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_event_incident_id'))
    op.drop_table('incident_event')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_due_at'))
    op.drop_table('incident')
    with op.batch_alter_table('data_subject_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_subject_request_user_id'))
        batch_op.drop_index(batch_op.f('ix_data_subject_request_state'))
        batch_op.drop_index(batch_op.f('ix_data_subject_request_due_at'))
    op.drop_table('data_subject_request')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_pdf_sha256'))
        batch_op.drop_column('signature')
        batch_op.drop_column('pdf_sha256')

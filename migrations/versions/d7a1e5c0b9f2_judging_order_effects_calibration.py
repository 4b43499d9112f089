"""judging order effects: scorecard positions (opened, submitted) and calibration items

Revision ID: d7a1e5c0b9f2
Revises: 5e551a0e9c1d
Create Date: 2026-12-07 03:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd7a1e5c0b9f2'
down_revision = '5e551a0e9c1d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calibration_item',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['user.id'], name=op.f('fk_calibration_item_added_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], name=op.f('fk_calibration_item_entry_id_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['judging_round.id'], name=op.f('fk_calibration_item_round_id_judging_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'entry_id', name=op.f('pk_calibration_item'))
    )
    with op.batch_alter_table('scorecard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opened_position', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('submitted_position', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('scorecard', schema=None) as batch_op:
        batch_op.drop_column('submitted_position')
        batch_op.drop_column('opened_position')
    op.drop_table('calibration_item')

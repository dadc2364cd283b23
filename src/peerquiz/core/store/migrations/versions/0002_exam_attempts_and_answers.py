"""Mock exams: attempts and their answers, saved as they are given.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 04:21:22.149017
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exam_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('retake_of', sa.Integer(), nullable=True),
    sa.Column('blueprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pass_percent', sa.Float(), nullable=False),
    sa.Column('duration_seconds', sa.Integer(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('timed_out', sa.Boolean(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['retake_of'], ['exam_attempt.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('exam_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_exam_attempt_user_started', ['user_id', 'started_at'], unique=False)

    op.create_table('exam_answer',
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('domain', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('options_json', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('chosen', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('marked', sa.Boolean(), nullable=False),
    sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['exam_attempt.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['card_id'], ['card.id'], ),
    sa.ForeignKeyConstraint(['review_id'], ['review_log.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('attempt_id', 'position')
    )
    with op.batch_alter_table('exam_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_answer_card_id'), ['card_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('exam_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exam_answer_card_id'))

    op.drop_table('exam_answer')
    with op.batch_alter_table('exam_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_exam_attempt_user_started')

    op.drop_table('exam_attempt')

"""An index on each profile's cards by phase and due time, so the learning cards due are found by a seek.

Without it, finding them walked every card due today (8,000 at 50k cards) to keep the few in learning.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 08:30:00.000000
"""

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_card_state_user_state_due', 'card_state', ['user_id', 'state', 'due'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_card_state_user_state_due', table_name='card_state')

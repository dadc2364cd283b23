"""Statistics read the review log's index alone, and find leeches without reading every memory.

The review log gains ``stability_before`` (the stability inside ``prior_json``, filled in here
for the answers already logged), and its (user_id, reviewed_at) index grows into one that holds
every column the statistics count by. Memory rows marked as leeches get a partial index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 08:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

from peerquiz.core.store.dialect import json_number
from peerquiz.core.store.tables import LEECH_ON_POSTGRESQL, LEECH_ON_SQLITE, REVIEW_TOTALS_COLUMNS

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('review_log', sa.Column('stability_before', sa.Float(), nullable=True))
    review_log = sa.table('review_log', sa.column('prior_json'), sa.column('stability_before'))
    op.execute(
        review_log.update()
        .where(review_log.c.prior_json.is_not(None))
        .values(stability_before=json_number(review_log.c.prior_json, 'stability'))
    )
    op.drop_index('ix_review_log_user_time', table_name='review_log')
    op.create_index('ix_review_log_user_time_totals', 'review_log', list(REVIEW_TOTALS_COLUMNS))
    op.create_index('ix_card_state_user_leech', 'card_state', ['user_id'],
                    sqlite_where=LEECH_ON_SQLITE, postgresql_where=LEECH_ON_POSTGRESQL)


def downgrade() -> None:
    op.drop_index('ix_card_state_user_leech', table_name='card_state')
    op.drop_index('ix_review_log_user_time_totals', table_name='review_log')
    op.create_index('ix_review_log_user_time', 'review_log', ['user_id', 'reviewed_at'])
    op.drop_column('review_log', 'stability_before')

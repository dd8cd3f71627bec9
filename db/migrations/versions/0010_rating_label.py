"""claim_fact_checks.rating_label: 1,000 characters instead of 200

Fact-checkers such as Full Fact write their verdict as a sentence or two in ClaimReview's
`reviewRating.alternateName` ("This is not correct. The figure refers to ..."), which went over
200 characters and refused the whole file.

Revision ID: 0010_rating_label
Revises: 0009_word_counts
Create Date: 2026-12-07 13:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010_rating_label'
down_revision: str | None = '0009_word_counts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('claim_fact_checks') as batch:
        batch.alter_column('rating_label', existing_type=sa.String(length=200), type_=sa.String(length=1000),
                           existing_nullable=True)


def downgrade() -> None:
    # Longer labels are cut to fit the old column, which refuses them on PostgreSQL.
    table = sa.table('claim_fact_checks', sa.column('rating_label', sa.String()))
    op.execute(table.update().where(sa.func.length(table.c.rating_label) > 200)
               .values(rating_label=sa.func.substr(table.c.rating_label, 1, 200)))
    with op.batch_alter_table('claim_fact_checks') as batch:
        batch.alter_column('rating_label', existing_type=sa.String(length=1000), type_=sa.String(length=200),
                           existing_nullable=True)

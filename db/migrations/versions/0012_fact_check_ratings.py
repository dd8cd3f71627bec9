"""claim_fact_checks.other_ratings: the ratings a ClaimReview gives beside the one used

schema.org lets a review give several ratings (`reviewRating` as an array: a verdict in two
languages, words beside a scale). The fact-check uses the first that says something
(annotator/claims/claimreview.py); the others were read, checked and then not stored. They are
kept here as a JSON list of {"value", "best", "worst", "label"} (the keys given), so that an
export writes them back.

Downgrade drops the column: the other ratings stored since are lost (export the claims first
to keep them).

Revision ID: 0012_fact_check_ratings
Revises: 0011_funding_amounts
Create Date: 2026-12-08 00:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0012_fact_check_ratings'
down_revision: str | None = '0011_funding_amounts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    # The rows there are gave one rating each: an empty list, written by the server default
    # once and then dropped (the model writes the list itself, as for `appearances`).
    with op.batch_alter_table('claim_fact_checks') as batch:
        batch.add_column(sa.Column('other_ratings', _JSON, nullable=False, server_default=sa.text("'[]'")))
    with op.batch_alter_table('claim_fact_checks') as batch:
        batch.alter_column('other_ratings', server_default=None, existing_type=_JSON, existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('claim_fact_checks') as batch:
        batch.drop_column('other_ratings')

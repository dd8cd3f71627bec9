"""funding_links: amount, currency, period and ownership share

Researchers of state media and foundation funding record how much, in which currency and for
which period ("EUR 2.3 million of state funding for 2023", "a grant of USD 150,000,
2019-2021"), and an owner's share of the recipient in per cent. The amount is a decimal, never a
float: NUMERIC(20, 4) on PostgreSQL, its text on SQLite (annotator/models/base.py
ExactDecimal). Every column is optional, so links recorded before keep their meaning.

Downgrade drops the five columns and their checks: the amounts, currencies, periods and shares
recorded since are lost (export the registry first to keep them).

Revision ID: 0011_funding_amounts
Revises: 0010_rating_label
Create Date: 2026-12-07 23:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011_funding_amounts'
down_revision: str | None = '0010_rating_label'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECKS = {
    'amount_not_negative': 'amount IS NULL OR CAST(amount AS NUMERIC) >= 0',
    'amount_with_currency': '(amount IS NULL) = (currency IS NULL)',
    'currency_code': 'currency IS NULL OR (length(currency) = 3 AND upper(currency) = currency)',
    'period_order': 'period_start IS NULL OR period_end IS NULL OR period_start <= period_end',
    'share_range': 'share_percent IS NULL OR (CAST(share_percent AS NUMERIC) >= 0'
                   ' AND CAST(share_percent AS NUMERIC) <= 100)',
    'share_of_ownership': "share_percent IS NULL OR kind = 'ownership'",
}


def upgrade() -> None:
    with op.batch_alter_table('funding_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('amount', sa.Numeric(20, 4).with_variant(sa.String(22), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('currency', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('period_start', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('period_end', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('share_percent', sa.Numeric(7, 4).with_variant(sa.String(9), 'sqlite'),
                                      nullable=True))
        for name, condition in CHECKS.items():
            batch_op.create_check_constraint(op.f(f'ck_funding_links_{name}'), condition)


def downgrade() -> None:
    with op.batch_alter_table('funding_links', schema=None) as batch_op:
        for name in reversed(CHECKS):
            batch_op.drop_constraint(op.f(f'ck_funding_links_{name}'), type_='check')
        batch_op.drop_column('share_percent')
        batch_op.drop_column('period_end')
        batch_op.drop_column('period_start')
        batch_op.drop_column('currency')
        batch_op.drop_column('amount')

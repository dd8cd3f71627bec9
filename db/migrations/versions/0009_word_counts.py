"""word_count on documents: the stored word count of each text

The Funding network page's devices per 1,000 words read every text of the project to count its
words (about 6 s for 100,000 documents); the count is now stored when a document is inserted.
Existing documents are counted here, a batch at a time, with the rule of `annotator/words.py`
as it stands at this revision (copied: a migration must not change when that module does).

Revision ID: 0009_word_counts
Revises: 0008_claims
Create Date: 2026-12-07 00:10:00.000000
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009_word_counts'
down_revision: str | None = '0008_claims'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_BATCH = 2_000


def upgrade() -> None:
    op.add_column('documents', sa.Column('word_count', sa.Integer(), nullable=True))
    documents = sa.table('documents', sa.column('id', sa.Integer()), sa.column('text', sa.Text()),
                         sa.column('word_count', sa.Integer()))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.select(documents.c.id, documents.c.text).where(documents.c.id > last)
                            .order_by(documents.c.id).limit(_BATCH)).all()
        if not rows:
            break
        bind.execute(documents.update().where(documents.c.id == sa.bindparam('row_id'))
                     .values(word_count=sa.bindparam('count')),
                     [{'row_id': row_id, 'count': len(_WORD.findall(text or ''))} for row_id, text in rows])
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table('documents') as batch:
        batch.drop_column('word_count')

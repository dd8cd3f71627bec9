"""an index for a project's documents in id order (issue 18: the documents page of a
100,000-document project reads one page, in SQL)

Revision ID: 0006_scale
Revises: 0005_curation
Create Date: 2026-12-06 20:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0006_scale'
down_revision: str | None = '0005_curation'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_documents_project_id_id', 'documents', ['project_id', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_documents_project_id_id', table_name='documents')

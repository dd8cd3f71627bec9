"""study setup in the browser: projects can be archived; documents listed a page at a time

`projects.archived_at` is added with a plain ALTER TABLE, not in batch mode: a batch rebuild
drops and recreates `projects`, and with foreign keys on that would cascade into memberships.
`ix_documents_project_id_id` lets the documents page read one page of a project in id order
without sorting the whole project.

Revision ID: 0006_study
Revises: 0005_curation
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006_study'
down_revision: str | None = '0005_curation'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('projects', sa.Column('archived_at', sa.DateTime(), nullable=True))
    op.create_index('ix_documents_project_id_id', 'documents', ['project_id', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_documents_project_id_id', table_name='documents')
    op.drop_column('projects', 'archived_at')

"""login sessions kept server-side, and login throttling per address and per account

The per-account counters on `users` move to `login_throttle`; `users.sessions_ended_at` is new.
Columns are changed with plain ALTER TABLE (DROP COLUMN needs SQLite 3.35+), not in batch mode:
a batch rebuild drops and recreates `users`, and with foreign keys on, dropping it would cascade
into memberships and delete them (tests/test_migrations.py checks this).

Revision ID: 0004_sessions
Revises: 0003_team
Create Date: 2026-12-06 16:59:36.014543
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004_sessions'
down_revision: str | None = '0003_team'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('login_throttle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.String(length=64), nullable=False),
    sa.Column('name_sha256', sa.String(length=64), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(), nullable=True),
    sa.Column('succeeded_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttle')),
    sa.UniqueConstraint('bucket', name=op.f('uq_login_throttle_bucket'))
    )
    op.create_index(op.f('ix_login_throttle_name_sha256'), 'login_throttle', ['name_sha256'], unique=False)

    op.create_table('login_sessions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('secret_sha256', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=True),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions'))
    )
    op.create_index(op.f('ix_login_sessions_expires_at'), 'login_sessions', ['expires_at'], unique=False)
    op.create_index(op.f('ix_login_sessions_user_id'), 'login_sessions', ['user_id'], unique=False)

    op.drop_column('users', 'failed_logins')
    op.drop_column('users', 'last_failed_login_at')
    op.add_column('users', sa.Column('sessions_ended_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'sessions_ended_at')
    op.add_column('users', sa.Column('last_failed_login_at', sa.DateTime(), nullable=True))
    op.add_column('users', sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
    op.drop_index(op.f('ix_login_sessions_user_id'), table_name='login_sessions')
    op.drop_index(op.f('ix_login_sessions_expires_at'), table_name='login_sessions')
    op.drop_table('login_sessions')
    op.drop_index(op.f('ix_login_throttle_name_sha256'), table_name='login_throttle')
    op.drop_table('login_throttle')

"""Users, projects and who belongs to which project in what role."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, enum_type, utcnow
from .enums import GlobalRole, ProjectRole

if TYPE_CHECKING:
    from .codebooks import Codebook


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    #: argon2 hash; NULL for accounts that only sign in through OpenID Connect.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[GlobalRole] = mapped_column(enum_type(GlobalRole), default=GlobalRole.ANNOTATOR)
    active: Mapped[bool] = mapped_column(default=True)
    #: OpenID Connect issuer + subject ("iss|sub"), for `st.login` accounts.
    oidc_subject: Mapped[str | None] = mapped_column(String(500), unique=True)
    email: Mapped[str | None] = mapped_column(String(320))
    #: When the account's sessions were last ended (log out everywhere, new password,
    #: deactivation): a single sign-on identity issued before this is not accepted again.
    sessions_ended_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("annotators_per_document >= 1", name="annotators_per_document_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(default="")
    #: The codebook version this project annotates with (pinned, see Codebook).
    codebook_id: Mapped[int] = mapped_column(ForeignKey("codebooks.id"))
    #: Annotators never see each other's spans.
    blind: Mapped[bool] = mapped_column(default=False)
    #: Whether one annotator may draw overlapping spans.
    allow_overlaps: Mapped[bool] = mapped_column(default=True)
    annotators_per_document: Mapped[int] = mapped_column(default=1)
    #: Further settings (e.g. lexicon extensions for suggestions).
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When a lead archived the project (hidden from the pickers, nothing deleted); None: live.
    archived_at: Mapped[datetime | None]

    codebook: Mapped[Codebook] = relationship(lazy="joined")


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[ProjectRole] = mapped_column(enum_type(ProjectRole))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

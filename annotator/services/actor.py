"""Who is calling a service: passed explicitly to every service, never read from globals."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models.enums import GlobalRole


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: GlobalRole
    #: The login session this actor came from (a page's), None for the command line and
    #: tests. The services refuse it once that session has ended or the account has changed
    #: (services/unit.py), whatever a page still holds. Not part of who the actor is.
    session_id: str | None = field(default=None, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role == GlobalRole.ADMIN

    @classmethod
    def system(cls) -> Actor:
        """The command line acting as the machine's owner (bootstrap, batch jobs)."""
        return cls(user_id=None, username="system", role=GlobalRole.ADMIN)

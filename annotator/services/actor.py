"""Who is calling a service: passed explicitly to every service, never read from globals."""

from __future__ import annotations

from dataclasses import dataclass

from ..models.enums import GlobalRole


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: GlobalRole

    @property
    def is_admin(self) -> bool:
        return self.role == GlobalRole.ADMIN

    @classmethod
    def system(cls) -> Actor:
        """The command line acting as the machine's owner (bootstrap, batch jobs)."""
        return cls(user_id=None, username="system", role=GlobalRole.ADMIN)

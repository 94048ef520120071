from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter


class StaffOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by an administrator; nobody can sign up."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False

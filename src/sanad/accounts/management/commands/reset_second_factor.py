"""``sanad reset-second-factor USERNAME``: after a lost phone and lost recovery codes, she enrols again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanad.accounts.mfa import reset_second_factor
from sanad.accounts.models import User


class Command(BaseCommand):
    help = "Remove a user's authenticator app and recovery codes; her next sign-in asks her to enrol again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user is called {options['username']!r}.")
        removed = reset_second_factor(user)
        self.stdout.write(
            f"Removed {removed} authenticator(s) of {user.username}; she enrols at her next sign-in."
        )

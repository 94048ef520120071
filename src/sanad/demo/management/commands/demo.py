"""``sanad demo``: load the deterministic demo data set and print one login per role."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sanad.demo.generator import create_demo, demo_logins
from sanad.linkage.services import run_from_command


def _demo_password(home: Path) -> str:
    """A random password per installation, kept readable by its owner only, reused on later runs."""
    path = home / "demo_password"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    home.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


class Command(BaseCommand):
    help = "Load the demo data set (deterministic from --seed) and print one login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2014, help="random seed (default 2014)")
        parser.add_argument("--persons", type=int, default=300, help="number of persons (default 300)")
        parser.add_argument(
            "--contacts",
            type=int,
            default=3000,
            help="number of hotline contacts over three years (default 3000)",
        )
        parser.add_argument("--password", default="", help="password for every demo user (default: random)")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or _demo_password(Path(settings.SANAD_HOME))
        summary = create_demo(
            seed=options["seed"], password=password, persons=options["persons"], contacts=options["contacts"]
        )
        verb = "Created" if summary.created else "Kept the existing"
        self.stdout.write(
            f"{verb} demo data: {summary.organisations} organisations, {summary.users} users, "
            f"{summary.persons} persons, {summary.cases} cases, {summary.contacts} contacts, "
            f"{summary.screenings} screenings, {summary.decisions} status decisions, "
            f"{summary.referrals} referrals, {summary.placements} placements, "
            f"{summary.criminal_cases} criminal cases, {summary.defendants} defendants, "
            f"{summary.campaigns} campaigns, {summary.trainings} trainings, {summary.plans} plans, "
            f"{summary.measures} measures, {summary.progress_reports} progress reports, "
            f"{summary.recommendations} recommendations."
        )
        if summary.created:
            # As a nightly job would: the duplicate reviewer finds the demo's second registrations linked or
            # waiting for review.
            linked = run_from_command()
            self.stdout.write(
                f"Record linkage: {linked.records} records, {linked.persons} persons, "
                f"{linked.pairs_for_review} pairs waiting for review."
            )
        self.stdout.write(f"Demo logins (password for all: {password}):")
        for role, username, organisation in demo_logins():
            self.stdout.write(f"  {role:<26} {username:<20} {organisation}")

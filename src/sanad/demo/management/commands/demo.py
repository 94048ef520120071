"""``sanad demo``: load the deterministic demo data set and print one login per role."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sanad.demo.generator import LATEST_OPENING, create_demo, demo_logins
from sanad.demo.local_secrets import demo_password, demo_totp_secret
from sanad.demo.national import SCALES, add_national_scale, demo_cast, demo_now
from sanad.linkage.services import run_from_command


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
        parser.add_argument(
            "--scale",
            choices=["small", *SCALES],
            default="small",
            help=(
                "small: the demo alone; medium and large add a national-scale synthetic data set over ten "
                "years (large: 1,000,000 cases, 2,000,000 referrals, 500,000 contacts, 200,000 criminal cases)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        home = Path(settings.SANAD_HOME)
        password = options["password"] or demo_password(home)
        totp_secret = demo_totp_secret(home)
        summary = create_demo(
            seed=options["seed"],
            password=password,
            totp_secret=totp_secret,
            persons=options["persons"],
            contacts=options["contacts"],
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
        if summary.created and options["scale"] != "small":
            self._add_national_scale(options["scale"], options["seed"])
        self.stdout.write(f"Demo logins (password for all: {password}):")
        for role, username, organisation in demo_logins():
            self.stdout.write(f"  {role:<26} {username:<20} {organisation}")
        self.stdout.write(
            "Roles that see identity also ask for a two-factor code: add the key "
            f"{totp_secret} to an authenticator app, or run `sanad demo-code` to print the current code."
        )

    def _add_national_scale(self, name: str, seed: int) -> None:
        scale = SCALES[name]
        self.stdout.write(
            f"Adding the {name} national-scale data set: {scale.cases:,} cases, about {scale.referrals:,} "
            f"referrals, {scale.contacts:,} contacts, {scale.criminal_cases:,} criminal cases."
        )
        started = time.perf_counter()

        def progress(stage: str, done: int, total: int) -> None:
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"  {stage}: {done:,} of {total:,} ({done / max(total, 1):.0%}), {elapsed:,.0f} s"
            )
            self.stdout.flush()

        made = add_national_scale(
            scale,
            cast=demo_cast(seed=seed),
            last_day=LATEST_OPENING,
            now=demo_now(LATEST_OPENING),
            seed=seed,
            progress=progress,
            workers=os.cpu_count() or 1,
        )
        rows = ", ".join(f"{count:,} {name}" for name, count in made.counts.items())
        self.stdout.write(f"Added in {time.perf_counter() - started:,.0f} s: {rows}.")
        self.stdout.write(
            "Record linkage has not run over them: `sanad link run` does it (a few minutes at this scale)."
        )

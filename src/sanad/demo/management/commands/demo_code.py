"""``sanad demo-code``: the current two-factor code of the demo logins, for a demo without a phone at hand."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sanad.demo.local_secrets import TOTP_STEP_SECONDS, current_demo_code


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo logins (demo installations only)."

    def handle(self, *args: Any, **options: Any) -> None:
        now = time.time()
        code = current_demo_code(Path(settings.SANAD_HOME), at=now)
        if code is None:
            raise CommandError("This installation has no demo authenticator key: run `sanad demo` first.")
        remaining = TOTP_STEP_SECONDS - int(now) % TOTP_STEP_SECONDS
        self.stdout.write(f"{code}  (valid for {remaining} more seconds)")

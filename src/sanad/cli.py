"""The ``sanad`` command: Django's management commands, with Sanad's names and a key bootstrap."""

from __future__ import annotations

import os
import sys

ALIASES = {
    "rotate-keys": "rotate_keys",
    "init-keys": "init_keys",
    "expire-referrals": "expire_referrals",
    # "import" cannot name a Python module.
    "import": "import_data",
    "demo-code": "demo_code",
    "reset-second-factor": "reset_second_factor",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings.base")
    argv = list(sys.argv)
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    if len(argv) > 1 and argv[1] == "init_keys":
        # Runs before Django is set up: the settings refuse to load until these keys exist.
        from pathlib import Path

        from sanad.crypto.keys import create_local_keys
        from sanad.settings.environment import sanad_home

        home = Path(argv[2]) if len(argv) > 2 else sanad_home()
        created = create_local_keys(home)
        for path in created:
            print(f"created {path} (mode 600)")
        if not created:
            print(f"keys already present in {home}")
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()

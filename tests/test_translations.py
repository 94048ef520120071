"""Every UI string has a French and an Arabic translation; Arabic pages are right-to-left."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

from tests.cast import Cast
from tests.conftest import require_component

SANAD = str(Path(sys.executable).parent / "sanad")
PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sanad"


def test_every_string_is_translated_in_french_and_arabic(tmp_path: Path) -> None:
    require_component(shutil.which("xgettext") is not None, "gettext (xgettext)")
    copy = tmp_path / "sanad"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        # The console script, not `python -m`: the package folder holds an app named `statistics`,
        # which would shadow the standard library if the folder were put on sys.path.
        [SANAD, "makemessages", "-l", "fr", "-l", "ar", "--no-obsolete", "--no-location"],
        cwd=copy, check=True, capture_output=True, timeout=300,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "sanad.settings.test"},
    )  # fmt: skip
    problems: dict[str, list[str]] = {}
    for language in ("fr", "ar"):
        catalogue = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        missing = [entry.msgid for entry in catalogue if not entry.translated() or "fuzzy" in entry.flags]
        if missing:
            problems[language] = missing
    assert not problems, f"untranslated strings: {problems}"


def test_placeholders_survive_translation() -> None:
    for language in ("fr", "ar"):
        catalogue = polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))
        for entry in catalogue:
            wanted = set(re.findall(r"%\(\w+\)[sd]", entry.msgid))
            translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            for text in translations:
                assert set(re.findall(r"%\(\w+\)[sd]", text)) == wanted, (language, entry.msgid, text)


@pytest.mark.parametrize(
    ("language", "direction", "word"), [("ar", "rtl", "الملفات"), ("fr", "ltr", "Dossiers")]
)
def test_pages_follow_the_chosen_language(
    language: str, direction: str, word: str, cast: Cast, client: Client
) -> None:
    client.force_login(cast.caseworker)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    body = client.get(reverse("cases:list")).content.decode()
    assert f'lang="{language}" dir="{direction}"' in body
    assert word in body

"""Reading back the PDFs Sanad writes, as a reader's tool sees them."""

from __future__ import annotations

import shutil
import subprocess

from tests.conftest import require_component


def pdf_text(content: bytes) -> str:
    """The text of the PDF as pdftotext (poppler) reads it, table rows kept on one line."""
    require_component(shutil.which("pdftotext") is not None, "pdftotext (Debian package poppler-utils)")
    command = ["pdftotext", "-layout", "-", "-"]
    result = subprocess.run(command, input=content, capture_output=True, check=True)
    return result.stdout.decode("utf-8")

"""Opening a zip container (an .xlsx workbook) only when what it expands to fits what Sanad reads.

openpyxl decompresses a workbook's shared strings whole into memory and reads every row of its sheets: a
2 MB upload that expands to gigabytes would exhaust the server's memory or hold a worker for minutes. Python's
zipfile, which openpyxl reads through, never decompresses a member beyond the size the archive declares for it
(it stops there and fails the checksum), so checking the declared sizes before opening is enough.
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

# A register of 200,000 rows (the import's limit) expands to about 200 MB; its shared strings to a few MB.
MAX_EXPANDED_BYTES = 256 * 2**20
MAX_SHARED_STRINGS_BYTES = 64 * 2**20
MAX_MEMBERS = 10_000
SHARED_STRINGS = "xl/sharedStrings.xml"


def expansion_problem(content: bytes) -> str | None:
    """Why the workbook may not be opened, or None. Content that is no readable zip is left to its reader,
    which says so in its own words."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    if len(members) > MAX_MEMBERS:
        return _("The workbook is made of %(count)s parts, more than the %(limit)s Sanad reads.") % {
            "count": len(members),
            "limit": MAX_MEMBERS,
        }
    expanded = sum(member.file_size for member in members)
    shared = sum(member.file_size for member in members if member.filename == SHARED_STRINGS)
    if expanded > MAX_EXPANDED_BYTES or shared > MAX_SHARED_STRINGS_BYTES:
        return _(
            "The workbook expands to %(size)s MB when opened, more than Sanad reads (%(limit)s MB, of which "
            "%(text_limit)s MB of text). Save it as CSV UTF-8, or split it into several files."
        ) % {
            "size": f"{expanded / 2**20:,.0f}",
            "limit": MAX_EXPANDED_BYTES // 2**20,
            "text_limit": MAX_SHARED_STRINGS_BYTES // 2**20,
        }
    return None

"""Log records carry the request id and no personal data.

Logs leave the encrypted database: they are shipped, kept, read by operators who may not see a case. So every
handler (settings.LOGGING) passes each record through ``PersonalDataFilter`` before writing it:

- the message is formatted once, then rewritten: query strings removed, path segments that are not plainly
  identifiers replaced, values given after ``username:``, ``phone=`` and the like withheld, phone-number-like,
  document-number-like and e-mail-like sequences replaced;
- an exception keeps its type and its traceback (files, lines, functions, code) but not its message, which
  may echo whatever value failed ("invalid literal for int(): 'Amina'");
- the request object Django attaches (it holds the POST data) is dropped; other extra values are rewritten
  like the message.

Request ids, references such as MA-2025-000123, dates and UUIDs are left as they are: with the path and the
status they are what an operator needs to find the request in the audit trail.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from sanad.audit.context import current_request_context

WITHHELD = "[withheld]"
# Attributes every LogRecord has; anything else was passed with ``extra=`` (Django passes ``request``).
_STANDARD_ATTRIBUTES = frozenset(
    set(vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None)))
    | {"message", "asctime", "request_id"}
)
_SCRUBBED = "_sanad_scrubbed"

# Kept verbatim: UUIDs (object and request ids), case and file references, ISO dates and times.
_KEPT = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\b[A-Z]{2,6}-\d{4}-\d{3,8}\b"
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?\b"
)
_QUERY = re.compile(r"(?<=[\w/.%-])\?[^\s\"'<>]*")
_PATH = re.compile(r"(?<![\w:/.%-])/[^\s\"'<>]*")
# A plain URL segment: lower-case words and numbers, a short upper-case code (MAR, C1), a reference
# (PC-448-2, PJ-2025-0001) or a file name; a segment with a capital letter, a space, a non-Latin letter or
# anything encoded may be a name and is replaced.
_PLAIN_SEGMENT = re.compile(
    r"[a-z0-9_.~-]*|[A-Z]{1,6}\d{0,2}|[A-Z]{1,6}(?:-[A-Z0-9]{1,12})+|\x00KEPT\d+\x00|[a-z0-9_-]+\.[a-z]{2,4}"
)
_LABELLED = re.compile(
    r"(?i)\b(username|login|user_?name|full_?name|name|first_?name|last_?name|given_?name|family_?name"
    r"|phone|callback(?:_number)?|mobile|email|e-mail|narrative|note|notes|document(?:_number)?|password"
    r"|passport|address)\b(\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|[^\s,;&}]+)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{5,}\d(?!\w)")
_DECIMAL_OR_ADDRESS = re.compile(r"\d+\.\d+|\d{1,3}(?:\.\d{1,3}){3}")
_DOCUMENT = re.compile(r"(?<![\w-])[A-Za-z]{1,3}[ -]?\d{5,}(?!\w)")
_CONTROL = re.compile(r"[\r\n\t\x0b\x0c]")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) not in (None, "-"):
            return True
        context = current_request_context()
        request_id = context.request_id if context else None
        if request_id is None:
            # Django logs a 4xx answer after the middleware has returned; the request still knows its id.
            request_id = getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = request_id or "-"
        return True


class PersonalDataFilter(logging.Filter):
    """Rewrite the record so that no personal data reaches a handler; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, _SCRUBBED, False):
            return True
        message = _message(record)
        path = getattr(getattr(record, "request", None), "path", None)
        if isinstance(path, str) and len(path) > 1:
            # Django logs the decoded path, which may hold spaces: replace it whole before the generic rules.
            message = message.replace(path, safe_path(path))
        record.msg = scrub(message)
        record.args = ()
        if record.exc_info:
            record.exc_text = safe_traceback(record.exc_info)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text, single_line=False)
        for name, value in list(vars(record).items()):
            if name in _STANDARD_ATTRIBUTES:
                continue
            if isinstance(value, str):
                setattr(record, name, scrub(value))
            elif not isinstance(value, int | float | bool | type(None)):
                # The request (its body, cookies and headers) and any other object: only what it is.
                setattr(record, name, f"<{type(value).__name__}>")
        setattr(record, _SCRUBBED, True)
        return True


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a record whose arguments do not fit its format: keep the format only
        return str(record.msg)


def scrub(text: str, *, single_line: bool = True) -> str:
    """``text`` with what could be personal data replaced (see the module's docstring)."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00KEPT{len(kept) - 1}\x00"

    text = _KEPT.sub(keep, text)
    text = _QUERY.sub("", text)
    text = _PATH.sub(lambda match: safe_path(match.group(0)), text)
    text = _LABELLED.sub(lambda match: f"{match.group(1)}{match.group(2)}{WITHHELD}", text)
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub(_phone, text)
    text = _DOCUMENT.sub("[document]", text)
    if single_line:
        # A value with a line break would otherwise write a forged line into the log.
        text = _CONTROL.sub(" ", text)
    return re.sub(r"\x00KEPT(\d+)\x00", lambda match: kept[int(match.group(1))], text)


def _phone(match: re.Match[str]) -> str:
    candidate = match.group(0)
    digits = sum(char.isdigit() for char in candidate)
    if digits < 8 or _DECIMAL_OR_ADDRESS.fullmatch(candidate.strip()):
        return candidate
    return "[phone]"


def safe_path(path: str) -> str:
    """A URL path without its query string, each segment kept only when it is plainly an identifier."""
    path = path.split("?", 1)[0]
    segments = path.split("/")
    return "/".join(segment if _PLAIN_SEGMENT.fullmatch(segment) else "[…]" for segment in segments)


def safe_traceback(exc_info: Any) -> str:
    """The traceback as Python prints it, each exception's message withheld (chained ones included)."""
    error = exc_info[1] if isinstance(exc_info, tuple) else None
    if not isinstance(error, BaseException):
        return ""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif not current.__suppress_context__:
            current = current.__context__
        else:
            current = None
    parts: list[str] = []
    for position, link in enumerate(reversed(chain)):
        if position:
            caused = link.__cause__ is not None and link.__cause__ is chain[len(chain) - position]
            parts.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
                if caused
                else "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(link.__traceback__)))
        kind = type(link)
        module = "" if kind.__module__ == "builtins" else f"{kind.__module__}."
        parts.append(f"{module}{kind.__qualname__}: {WITHHELD}\n")
    return "".join(parts).rstrip("\n")


def filter_every_handler() -> int:
    """Give the personal-data filter to every handler that lacks it. Some libraries install handlers of their
    own at run time (PySpark's structured logger writes to stderr), outside the LOGGING configuration.
    Returns how many handlers were given it."""
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    given = 0
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(existing, PersonalDataFilter) for existing in handler.filters):
                handler.addFilter(PersonalDataFilter())
                given += 1
    return given

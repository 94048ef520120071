"""Put the request id on every log record."""

from __future__ import annotations

import logging

from sanad.audit.context import current_request_context


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = current_request_context()
        record.request_id = context.request_id if context else "-"
        return True

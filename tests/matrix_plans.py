"""Access-matrix rows of the plans module's URLs."""

from __future__ import annotations

from tests.matrix_rows import Row

PLANS_ROWS: dict[str, Row] = {}

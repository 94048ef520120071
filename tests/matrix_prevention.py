"""Access-matrix rows of the prevention module's URLs."""

from __future__ import annotations

from tests.matrix_rows import Row

PREVENTION_ROWS: dict[str, Row] = {}

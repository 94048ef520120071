"""The collector pause around the statistics: off inside, back on afterwards whatever happens."""

from __future__ import annotations

import gc

import pytest

from sanad.gc_pause import gc_paused


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # a counting function called by another
            assert not gc.isenabled()
        assert not gc.isenabled(), "the inner pause must not switch the collector back on"
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_computation_fails() -> None:
    @gc_paused()
    def failing() -> None:
        assert not gc.isenabled()
        raise LookupError("no such table")

    for _call in range(2):  # a decorated function pauses on every call, not only the first
        with pytest.raises(LookupError):
            failing()
        assert gc.isenabled()


@pytest.mark.django_db
def test_the_national_set_leaves_the_collector_on() -> None:
    from sanad.statistics.periods import calendar_year
    from sanad.statistics.tables import compute_tables

    compute_tables(calendar_year(2024))
    assert gc.isenabled()

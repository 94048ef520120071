"""Shared fixtures: a cast of users across every permission boundary, and the CI rule on skips."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import connection

from tests.cast import Cast, build_cast

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_component(available: bool, what: str) -> None:
    """Skip a test that needs a real component on a laptop; fail it in CI, where the component must exist."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI and is missing")
    pytest.skip(f"{what} is not available here")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A test for one database engine is deselected (not skipped) on the other: CI runs the suite on both.
    # The Spark backend is optional (issue 9: "when pyspark is installed"); CI installs it.
    engine = os.environ.get("SANAD_DATABASE_URL", "sqlite")
    on_postgres = engine.startswith(("postgres://", "postgresql://"))
    without_spark = importlib.util.find_spec("pyspark") is None
    kept, dropped = [], []
    for item in items:
        if (
            (item.get_closest_marker("postgres_only") and not on_postgres)
            or (item.get_closest_marker("sqlite_only") and on_postgres)
            or (item.get_closest_marker("spark") and without_spark)
        ):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        if reporter:
            reporter.write_line(f"CI=true: {skipped} skipped test(s) count as failures.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def transactional_cast(transactional_db: None) -> Cast:
    return build_cast()


@dataclass(frozen=True)
class Today:
    day: date


@pytest.fixture
def vendor() -> str:
    return connection.vendor


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # The public tip form counts submissions per client in the cache; each test starts from zero.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _source_language() -> None:
    # A request in French or Arabic leaves that language active in the thread; each test starts in English.
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def _own_sanad_home(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Files written under SANAD_HOME (evidence of progress reports) outlive the test's rolled-back rows and
    # may be encrypted under a key a rotation test added then removed: each test gets its own folder.
    settings.SANAD_HOME = tmp_path_factory.mktemp("sanad-home")

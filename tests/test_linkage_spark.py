"""The same linkage model on Spark, as a regional or global hub would run it (docs/linkage-on-spark.md).

Runs where pyspark is installed (CI installs it: `pip install -e ".[spark]"`); deselected elsewhere."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from sanad.linkage.model import PersonRecord, feature_frame, score, spark_database

pytestmark = pytest.mark.spark

RECORDS = [
    PersonRecord("n1", "Amina", "Benziane", 2003, 5, 12, nationality="MAR", phone_key="p1"),
    PersonRecord("h1", "أمينة", "بن زيان", 2003, nationality="MAR", phone_key="p1"),
    PersonRecord("p1", "AMINA", "BENZIANE", 2003, 5, 12, nationality="MAR", document_key="d1"),
    PersonRecord("s1", "Amina", "Benziane", 1991, 2, 3, nationality="MAR"),
    PersonRecord("n2", "Fatou", "Diallo", 1999, 11, 23, nationality="SEN"),
    PersonRecord("p2", "Fatoumata", "Diallo", 1999, 11, 23, nationality="SEN", document_key="d2"),
    PersonRecord("n3", "Youssef", "Tazi", 1988, 3, 2, nationality="MAR"),
    PersonRecord("n4", "Chidi", "Okafor", 1995, 6, 14, nationality="NGA"),
    PersonRecord("h4", "Chidi", "Okafor", 1995, nationality="NGA", phone_key="p4"),
    PersonRecord("n5", "Marie", "Dubois", 1979, 8, 8, nationality="FRA"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    # The workers run this interpreter, with this environment's packages.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # py4j logs its shutdown at INFO after pytest has closed the captured streams.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_scores_and_clusters_as_duckdb_does(spark: Any, tmp_path: Any) -> None:
    spark.sparkContext.setCheckpointDir(str(tmp_path))
    frame = feature_frame(RECORDS)

    on_duckdb = score(frame)
    on_spark = score(frame, database=spark_database(spark))

    assert {(p.left, p.right): round(p.probability, 6) for p in on_spark.pairs} == {
        (p.left, p.right): round(p.probability, 6) for p in on_duckdb.pairs
    }
    assert on_spark.clusters == on_duckdb.clusters
    assert on_spark.clusters["n1"] == on_spark.clusters["p1"] == on_spark.clusters["h1"]
    assert on_spark.clusters["s1"] != on_spark.clusters["n1"]  # the namesake born twelve years earlier

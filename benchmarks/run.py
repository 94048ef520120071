"""Run every benchmark in this folder and print one table: name, figure, goal, whether the goal is met.

Each ``bench_*.py`` prints result lines ``RESULT<TAB>name<TAB>figure<TAB>unit<TAB>goal<TAB>lower|higher``.
Rows are printed as each benchmark ends, so a run cut short still shows what it measured; the time each
benchmark took follows its rows. ``--only NAME[,NAME]`` runs some of them (``bench_`` prefix optional).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME_WIDTH = 72
COLUMN_WIDTH = 22


def _row(name: str, figure: str, goal: str, met: str) -> str:
    return f"{name:<{NAME_WIDTH}}  {figure:>{COLUMN_WIDTH}}  {goal:>{COLUMN_WIDTH}}  {met}"


def _number(value: float) -> str:
    """Ratios keep two decimals (0.11, not 0.1); counts and durations one, with thousands separated."""
    if value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"


def _result_rows(stdout: str) -> list[str]:
    rows = []
    for line in stdout.splitlines():
        if not line.startswith("RESULT\t"):
            continue
        _tag, name, figure, unit, goal, better = line.split("\t")
        value, target = float(figure), float(goal)
        met = value <= target if better == "lower" else value >= target
        rows.append(
            _row(
                name,
                f"{_number(value)} {unit}".strip(),
                f"{'≤' if better == 'lower' else '≥'} {_number(target)} {unit}".strip(),
                "yes" if met else "NO",
            )
        )
    return rows


def _machine() -> str:
    cores = len(os.sched_getaffinity(0))
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("\n", 1)[0].split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB memory"
    return f"{platform.machine()}, {cores} cores{memory}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    args = parser.parse_args()
    wanted = {name if name.startswith("bench_") else f"bench_{name}" for name in args.only.split(",") if name}
    scripts = [script for script in sorted(HERE.glob("bench_*.py")) if not wanted or script.stem in wanted]
    print(f"# {_machine()}", flush=True)
    print(_row("benchmark", "figure", "goal", "met"), flush=True)
    failed = False
    for script in scripts:
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
        took = time.perf_counter() - started
        if result.returncode != 0:
            failed = True
            last = result.stderr.strip().splitlines()[-1:] or [f"exit {result.returncode}"]
            print(_row(script.stem, "error", "", last[0]), flush=True)
            continue
        for row in _result_rows(result.stdout):
            print(row, flush=True)
        print(f"#   {script.stem}: {took:,.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

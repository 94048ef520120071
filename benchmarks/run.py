"""Run every benchmark in this folder and print one table: name, figure, goal, whether the goal is met.

Each ``bench_*.py`` prints result lines ``RESULT<TAB>name<TAB>figure<TAB>unit<TAB>goal<TAB>lower|higher``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    rows: list[tuple[str, str, str, str]] = []
    failed = False
    for script in sorted(HERE.glob("bench_*.py")):
        result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            failed = True
            rows.append(
                (
                    script.stem,
                    "error",
                    "",
                    result.stderr.strip().splitlines()[-1:][0] if result.stderr else "",
                )
            )
            continue
        for line in result.stdout.splitlines():
            if not line.startswith("RESULT\t"):
                continue
            _tag, name, figure, unit, goal, better = line.split("\t")
            value, target = float(figure), float(goal)
            met = value <= target if better == "lower" else value >= target
            rows.append(
                (
                    name,
                    f"{value:,.1f} {unit}",
                    f"{'≤' if better == 'lower' else '≥'} {target:,.0f} {unit}",
                    "yes" if met else "NO",
                )
            )
    width = max(len(row[0]) for row in rows) if rows else 10
    print(f"{'benchmark':<{width}}  {'figure':>22}  {'goal':>22}  met")
    for name, figure, goal, met in rows:
        print(f"{name:<{width}}  {figure:>22}  {goal:>22}  {met}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Start-up: wall time of ``sourcecheck score ONE_ARTICLE`` as a user runs it (a new process).

The target (issue 3) is an answer in under 1.5 s, import cost included. Each run starts
the installed console script in a fresh process and waits for its output; the figure is
the median of ``--repeat`` runs (the first, with cold file caches, is reported apart).
Also printed: the import time of the command line alone (``python -X importtime``).

Run: python benchmarks/startup.py [--repeat 7] [ARTICLE]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "data" / "examples" / "attributed_002.txt"
TARGET_SECONDS = 1.5


def wall_time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def import_seconds() -> float:
    """Cumulative import time of the CLI module, from ``-X importtime``."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import sourcecheck.scoring.cli"],
        check=True,
        capture_output=True,
        text=True,
    )
    top = re.findall(r"\|\s+(\d+) \| sourcecheck\.scoring\.cli$", run.stderr, re.MULTILINE)
    return int(top[-1]) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("article", nargs="?", default=str(SEED))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    script = shutil.which("sourcecheck")
    if script is None:
        sys.exit("the sourcecheck console script is not on PATH: install it first (README)")
    for label, extra in (("score", []), ("score --explain", ["--explain"])):
        command = [script, "score", args.article, *extra]
        first = wall_time(command)
        median = statistics.median(wall_time(command) for _ in range(args.repeat))
        verdict = "ok" if median < TARGET_SECONDS else f"OVER {TARGET_SECONDS} s"
        print(f"sourcecheck {label:<16} first {first:5.2f} s, median {median:5.2f} s  ({verdict})")
    print(f"import sourcecheck.scoring.cli: {import_seconds():.2f} s")


if __name__ == "__main__":
    main()

"""Extractor accuracy against gold spans: prints one table per benchmark.

Hedges against the Szeged uncertainty corpus (:mod:`benchmarks.gold_szeged`), and, when
that benchmark is present, attribution against PolNeAR (:mod:`benchmarks.gold_polnear`).

Run: ``python benchmarks/extractors.py`` (corpora under ``$SOURCECHECK_CORPORA``).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.gold_szeged import format_table, szeged_scores


def polnear_table() -> str | None:
    """PolNeAR dev scores from the attribution benchmark, or None when it is absent."""
    try:
        module = importlib.import_module("benchmarks.gold_polnear")
    except ImportError:
        return None
    scores = getattr(module, "polnear_scores", None)
    if scores is None:
        return None
    result = scores("dev")
    formatter = getattr(module, "format_table", None)
    if formatter is not None:
        try:
            return str(formatter("dev", result))
        except TypeError:  # a different signature: fall back to the raw figures
            pass
    return json.dumps(result, indent=2, default=str)


def main() -> int:
    started = time.perf_counter()
    print("Hedges: Szeged uncertainty corpus (sentence and cue level, condition cues left out)")
    print(format_table(szeged_scores()))
    polnear = polnear_table()
    print("\nAttribution: PolNeAR dev")
    print(polnear or "benchmarks/gold_polnear.py not available")
    print(f"\n({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

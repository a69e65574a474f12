"""Articles per second on one process, on buzzfeed_webis_2016, beside a crude regex counter.

The crude counter counts seven markers (the PROVENANCE.md marker rates: attribution verbs,
quote marks, hedges, years, numbers, URLs, capitalised words) in ONE pass: one regex of
seven named alternatives, counted by the alternative that matched. That is the issue's
"crude one-pass regex counter", the floor any extractor is compared with. Seven separate
``findall`` passes run faster in CPython (each is a simpler automaton), so that rate is
printed as well, with sourcecheck's ratio to it. sourcecheck parses each article once
(sentences, tokens, quotes), runs the three families and renders every evidence record.

The best-of rates can come from different rounds; on a shared machine whose speed drifts,
the median of each round's own ratio is the steadier figure, so it is printed too.

Run: python benchmarks/throughput.py [--repeat 3] [--limit N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable

from sourcecheck.features import compiled
from sourcecheck.features.document import Document
from sourcecheck.features.families import extract_all
from sourcecheck.scoring.corpora import load_buzzfeed

CRUDE_MARKERS = [
    re.compile(r"\b(?:said|says|told|according to|stated|announced|confirmed|spokesperson)\b"),
    re.compile(r"[\"“”]"),
    re.compile(r"\b(?:reportedly|allegedly|it is believed|may|might|could|possibly)\b"),
    re.compile(r"\b(?:19|20)\d{2}\b"),
    re.compile(r"\d+(?:[.,]\d+)?"),
    re.compile(r"https?://\S+"),
    re.compile(r"\b[A-Z][a-z]+\b"),
]


ONE_PASS = re.compile("|".join(f"(?P<m{i}>{p.pattern})" for i, p in enumerate(CRUDE_MARKERS)))
_GROUPS = [f"m{i}" for i in range(len(CRUDE_MARKERS))]


def crude_counter(text: str) -> list[int]:
    """The baseline: seven marker counts from one pass, and a word count."""
    counts = Counter(m.lastgroup for m in ONE_PASS.finditer(text))
    return [counts[group] for group in _GROUPS] + [len(text.split())]


def seven_pass_counter(text: str) -> list[int]:
    """The same seven markers, one ``findall`` pass each (for comparison)."""
    return [len(p.findall(text)) for p in CRUDE_MARKERS] + [len(text.split())]


def sourcecheck_with_evidence(text: str) -> dict:
    """Parse once, all three families, every evidence span rendered as a JSON record."""
    result = extract_all(Document(text))
    return {"features": result.features, "evidence": [ev.to_record(text) for ev in result.evidence]}


def round_times(
    functions: list[Callable[[str], object]], texts: list[str], repeat: int
) -> list[list[float]]:
    """Seconds each function takes over ``texts``, one list per round. The functions take
    turns within each round, so a burst of load on this machine slows all of them alike
    instead of whichever happened to run during it."""
    rounds = []
    for _ in range(repeat):
        seconds = []
        for function in functions:
            started = time.perf_counter()
            for text in texts:
                function(text)
            seconds.append(time.perf_counter() - started)
        rounds.append(seconds)
    return rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    args = parser.parse_args()
    texts = list(load_buzzfeed()["text"])[: args.limit]
    words = statistics.mean(len(t.split()) for t in texts)
    sourcecheck_with_evidence(texts[0])  # lexicons load and patterns compile once, untimed
    rounds = round_times(
        [crude_counter, seven_pass_counter, sourcecheck_with_evidence], texts, args.repeat
    )
    crude, seven, ours = (len(texts) / min(column) for column in zip(*rounds, strict=True))
    # A shared VM's speed drifts between rounds; within a round both ran under the same load.
    ratios = sorted(crude_s / ours_s for crude_s, _, ours_s in rounds)
    build = "compiled with mypyc" if compiled() else "pure Python (editable or no compiler)"
    print(f"buzzfeed_webis_2016: {len(texts)} articles, {words:.0f} words on average, 1 process")
    print(f"sourcecheck's features: {build}")
    print(f"{'crude one-pass regex counter':<40}{crude:>10.1f} articles/s")
    print(f"{'seven-pass regex counter':<40}{seven:>10.1f} articles/s")
    print(f"{'sourcecheck (3 families + evidence)':<40}{ours:>10.1f} articles/s")
    print(f"{'ratio to one-pass (target >= 0.30)':<40}{ours / crude:>10.2f}")
    print(f"{'ratio to seven-pass':<40}{ours / seven:>10.2f}")
    print(f"(best of {args.repeat} interleaved rounds)")
    print(
        f"{'ratio to one-pass, round by round':<40}{statistics.median(ratios):>10.2f}"
        f"  median (range {ratios[0]:.2f} to {ratios[-1]:.2f})"
    )


if __name__ == "__main__":
    main()

"""Articles per second on one process, on buzzfeed_webis_2016, beside a crude regex counter.

The crude counter is one pass of seven marker regexes (the PROVENANCE.md marker rates:
attribution verbs, quote marks, hedges, years, numbers, URLs, capitalised words) per
article: the floor any extractor is compared with. sourcecheck parses each article once
(sentences, tokens, quotes), runs the three families and renders every evidence record.

Run: python benchmarks/throughput.py [--repeat 3] [--limit N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable

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


def crude_counter(text: str) -> list[int]:
    """The baseline: seven marker counts and a word count."""
    return [len(p.findall(text)) for p in CRUDE_MARKERS] + [len(text.split())]


def sourcecheck_with_evidence(text: str) -> dict:
    """Parse once, all three families, every evidence span rendered as a JSON record."""
    result = extract_all(Document(text))
    return {"features": result.features, "evidence": [ev.to_record(text) for ev in result.evidence]}


def rate(function: Callable[[str], object], texts: list[str], repeat: int) -> float:
    """Best-of-``repeat`` articles per second."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            function(text)
        timings.append(time.perf_counter() - started)
    return len(texts) / min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    args = parser.parse_args()
    texts = list(load_buzzfeed()["text"])[: args.limit]
    words = statistics.mean(len(t.split()) for t in texts)
    sourcecheck_with_evidence(texts[0])  # lexicons load and patterns compile once, untimed
    crude = rate(crude_counter, texts, args.repeat)
    ours = rate(sourcecheck_with_evidence, texts, args.repeat)
    print(f"buzzfeed_webis_2016: {len(texts)} articles, {words:.0f} words on average, 1 process")
    print(f"{'crude regex counter':<36}{crude:>10.1f} articles/s")
    print(f"{'sourcecheck (3 families + evidence)':<36}{ours:>10.1f} articles/s")
    print(f"{'ratio (target >= 0.30)':<36}{ours / crude:>10.2f}")


if __name__ == "__main__":
    main()

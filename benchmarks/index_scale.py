"""How the reference index scales: build time, query rate and peak memory at 1k-100k articles.

Base texts: buzzfeed_webis_2016 (XML mainText), BASIL and PolNeAR. They are replicated to
the target size with perturbations so no two copies are exact: words dropped or repeated
(4%), paragraphs shuffled, a sentence with a unique name and number added, a random
outlet (of 300) and date (of ten years). Replicas are therefore near-duplicates, as
syndicated copies are: the LSH grouping is exercised, not bypassed.

Each size runs in a fresh subprocess, so peak resident memory (``ru_maxrss``) is that
size's alone. Query rate: articles matched per second against the opened index (with
their own id, outlet and date, so every exclusion is computed).

Run: ``python benchmarks/index_scale.py [--sizes 1000 10000 100000] [--jobs 2]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from sourcecheck.scoring.articles import Article
from sourcecheck.scoring.corpora import corpora_root

CORPORA = corpora_root()
NAMES = ("Avery", "Morgan", "Quinn", "Rowan", "Sasha", "Emery", "Jordan", "Kendall")


def base_texts() -> list[str]:
    texts = []
    for path in sorted((CORPORA / "buzzfeed_webis_2016" / "articles").glob("*.xml")):
        text = (ET.parse(path).getroot().findtext("mainText") or "").strip()
        if len(text.split()) >= 50:
            texts.append(text)
    for path in sorted((CORPORA / "basil" / "articles").glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        texts.append("\n\n".join(" ".join(p) for p in data["body-paragraphs"] if p))
    for path in sorted((CORPORA / "polnear").glob("*/text/*.txt")):
        texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def perturb(text: str, rng: random.Random, serial: int) -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()] or [text]
    rng.shuffle(paragraphs)
    out = []
    for paragraph in paragraphs:
        words = []
        for word in paragraph.split(" "):
            roll = rng.random()
            if roll < 0.02:
                continue
            words.append(word)
            if roll > 0.98:
                words.append(word)
        out.append(" ".join(words))
    name = f"{rng.choice(NAMES)} Serial{serial}"
    out.insert(rng.randrange(len(out) + 1), f"{name} said on Monday that {serial} people came.")
    return "\n\n".join(out)


def corpus(n: int, seed: int = 1) -> Iterator[Article]:
    """The replicated corpus, generated lazily (the same items on every call): the build
    streams it, so the benchmark's own copy of 100k texts does not count as index memory."""
    rng = random.Random(seed)
    texts = base_texts()
    for i in range(n):
        day = rng.randrange(3650)
        yield (
            Article(
                id=f"a{i}",
                input=f"a{i}",
                text=perturb(texts[i % len(texts)], rng, i),
                source=f"outlet{rng.randrange(300)}",
                url=None,
                published=time.strftime("%Y-%m-%d", time.gmtime((14610 + day) * 86400)),
            )
        )


def measure(n: int, jobs: int, n_queries: int) -> dict[str, float]:
    """One size, in this process: build, open, query. Returns the figures."""
    from sourcecheck.scoring.reference_index import build_index, open_index

    with tempfile.TemporaryDirectory() as tmp:
        cpu0, wall0 = time.process_time(), time.perf_counter()
        report = build_index(corpus(n), Path(tmp) / "index", jobs=jobs)
        build_wall = time.perf_counter() - wall0
        build_cpu = time.process_time() - cpu0
        wall0 = time.perf_counter()
        index = open_index(Path(tmp) / "index")
        open_wall = time.perf_counter() - wall0
        size_mb = sum(f.stat().st_size for f in (Path(tmp) / "index").iterdir()) / 2**20
        chosen = set(random.Random(2).sample(range(n), min(n_queries, n)))
        sample = [item for i, item in enumerate(corpus(n)) if i in chosen]
        wall0 = time.perf_counter()
        matched = 0
        for item in sample:
            result = index.match(
                item.text, article_id=item.id, source=item.source, published=item.published
            )
            matched += any(e.matches for e in result)
        query_wall = time.perf_counter() - wall0
    child = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build's worker processes
    children = child.ru_maxrss / 1024
    worker_cpu = child.ru_utime + child.ru_stime
    return {
        "articles": n,
        "claims": report.n_claims,
        "build_seconds": build_wall,
        "build_cpu_seconds_main": build_cpu,
        "build_cpu_seconds_workers": worker_cpu,
        "open_seconds": open_wall,
        "index_mb": size_mb,
        "queries_per_second": len(sample) / query_wall,
        "queried_with_a_match": matched / len(sample),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_worker_mb": children,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--jobs", type=int, default=2, help="build worker processes")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.jobs, args.queries)))
        return
    print(f"load average at start: {os.getloadavg()} (other processes slow the wall times)")
    rows = []
    for n in args.sizes:
        command = [sys.executable, __file__, "--one", str(n), "--jobs", str(args.jobs)]
        command += ["--queries", str(args.queries)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"n={n:>7}: build {row['build_seconds']:7.1f} s wall, CPU "
            f"{row['build_cpu_seconds_main']:.0f} s main + "
            f"{row['build_cpu_seconds_workers']:.0f} s workers ({row['claims']} claims, "
            f"{row['index_mb']:.0f} MB on disk), open {row['open_seconds']:.1f} s, "
            f"queries {row['queries_per_second']:.0f} articles/s, peak RSS "
            f"{row['peak_rss_mb']:.0f} MB (workers {row['peak_rss_worker_mb']:.0f} MB)",
            flush=True,
        )
    for small, big in itertools.pairwise(rows):
        ratio = big["articles"] / small["articles"]
        n_log_n = ratio * math.log(big["articles"]) / math.log(small["articles"])
        cpu_small = small["build_cpu_seconds_main"] + small["build_cpu_seconds_workers"]
        cpu_big = big["build_cpu_seconds_main"] + big["build_cpu_seconds_workers"]
        print(
            f"growth {small['articles']} -> {big['articles']} (x{ratio:.0f}): build time "
            f"x{big['build_seconds'] / small['build_seconds']:.1f} wall, "
            f"x{cpu_big / max(cpu_small, 1e-9):.1f} CPU, per-query time "
            f"x{small['queries_per_second'] / big['queries_per_second']:.1f}, memory "
            f"x{big['peak_rss_mb'] / small['peak_rss_mb']:.1f} (n log n would be x{n_log_n:.1f})"
        )
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()

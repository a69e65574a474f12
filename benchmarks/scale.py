"""Scoring throughput and peak memory as the corpus grows: 1 and 2 workers, and Dask.

Builds JSONL corpora of N articles by repeating buzzfeed_webis_2016 texts (each copy with
its own id and a numbered first line, so no two rows are the same), then times the real
command line, ``sourcecheck score CORPUS -o OUT.jsonl --jobs J`` (and ``--engine dask``
into a Parquet folder), each in a fresh process. Peak memory is the largest resident set
of any one process of the run (the command or one of its workers).

Run: python benchmarks/scale.py [--sizes 1000 10000 100000] [--no-dask]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sourcecheck.scoring.corpora import load_buzzfeed

RUNNER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(code, peak_kib)
"""


def write_corpus(path: Path, size: int) -> None:
    texts = list(load_buzzfeed()["text"])
    with path.open("w", encoding="utf-8") as stream:
        for i in range(size):
            text = f"Copy {i}.\n" + texts[i % len(texts)]
            stream.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")


def run(command: list[str]) -> tuple[float, float, int]:
    """Seconds, peak MiB of one process, exit code."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", RUNNER, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    return time.perf_counter() - started, int(out[1]) / 1024, int(out[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    sourcecheck = str(Path(sys.executable).with_name("sourcecheck"))
    print(f"{'articles':>9} {'engine':<10} {'seconds':>8} {'articles/s':>11} {'peak MiB':>9} exit")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            corpus = Path(folder) / f"corpus{size}.jsonl"
            write_corpus(corpus, size)
            rates = {}
            configs = [
                ("jobs 1", ["--jobs", "1"], "out.jsonl"),
                ("jobs 2", ["--jobs", "2"], "out.jsonl"),
            ]
            if not args.no_dask:
                configs.append(("dask 2", ["--engine", "dask", "--jobs", "2"], "out.parquet"))
            for name, options, out in configs:
                output = str(Path(folder) / f"{size}-{name.replace(' ', '')}-{out}")
                seconds, peak, code = run(
                    [sourcecheck, "score", str(corpus), "-o", output, *options]
                )
                rates[name] = rate = size / seconds
                print(f"{size:>9} {name:<10} {seconds:>8.1f} {rate:>11.1f} {peak:>9.0f} {code}")
            print(
                f"{size:>9} speed-up from 1 to 2 workers: {rates['jobs 2'] / rates['jobs 1']:.2f}"
            )


if __name__ == "__main__":
    main()

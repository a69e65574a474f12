"""Rebuild features/lexicons/word_classes.txt: word classes learned from raw text, no labels.

    python -m benchmarks.build_word_classes [--source news|polnear] [--out PATH]

The cue model weighs words it has seen often in PolNeAR train; a rare or unseen word
gets little or no weight. Words that share contexts ("said"/"told", "claims"/"argues")
share a class, and a class weighs for all its words (as Brown clusters do in sequence
labelling).

1. Text: ``news`` (default): BuzzFeed-Webis 2016 and FakeNewsNet v1, no PolNeAR, and no
   BASIL, the classifier's off-corpus test, which no model here may learn from;
   ``polnear``: PolNeAR train (months 1-10; dev never read).
2. Lower-cased tokens (the words of :data:`document.WORD`, punctuation marks one each,
   numbers one token). For the ``--vocab`` most frequent alphabetic words (seen at least
   ``--min-count`` times): counts of the ``--contexts`` most frequent tokens at each of
   the offsets -2, -1, +1, +2, as positive pointwise mutual information.
3. TruncatedSVD to ``--dims`` dimensions, rows scaled to unit length, then KMeans for each
   of ``--ks`` (fixed seeds: the same text gives the same file). Each class is named
   ``K.N`` (N numbered by its most frequent word, so the names are stable too).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

from sourcecheck.features import cue_model
from sourcecheck.features.document import WORD

OUT = Path(__file__).resolve().parents[1] / "features" / "lexicons" / f"{cue_model.CLASSES}.txt"
_TOKEN = re.compile(WORD.pattern + r"|[^\w\s]")
_OFFSETS = (-2, -1, 1, 2)


def tokens(text: str) -> list[str]:
    """Lower-cased words and punctuation marks, every number as "0"."""
    return ["0" if t[0].isdigit() else t for t in _TOKEN.findall(text.lower())]


def news_texts() -> Iterator[str]:
    """Article texts of the news corpora other than PolNeAR and BASIL."""
    from sourcecheck.scoring import corpora

    yield from corpora.load_buzzfeed()["text"]
    yield from corpora.load_fakenewsnet()["text"]


def polnear_texts() -> Iterator[str]:
    from benchmarks.gold_polnear import load_split

    yield from (article.text for article in load_split("train"))


def cooccurrences(
    docs: list[list[str]],
    vocab: int,
    contexts: int,
    min_count: int,
    offsets: tuple[int, ...] = _OFFSETS,
) -> tuple[list[str], sparse.csr_matrix]:
    """The words to class and their context counts: one column per (offset, context)."""
    counts = collections.Counter(t for doc in docs for t in doc)
    ranked = sorted(counts, key=lambda t: (-counts[t], t))
    words = [t for t in ranked if t.isalpha() and counts[t] >= min_count][:vocab]
    row = {w: i for i, w in enumerate(words)}
    column = {t: i for i, t in enumerate(ranked[:contexts])}
    cells: collections.Counter[tuple[int, int]] = collections.Counter()
    for doc in docs:
        for i, t in enumerate(doc):
            r = row.get(t)
            if r is None:
                continue
            for k, offset in enumerate(offsets):
                j = i + offset
                c = column.get(doc[j]) if 0 <= j < len(doc) else None
                if c is not None:
                    cells[r, k * contexts + c] += 1
    keys = list(cells)
    matrix = sparse.csr_matrix(
        (
            np.array([cells[k] for k in keys], dtype=float),
            ([r for r, _ in keys], [c for _, c in keys]),
        ),
        shape=(len(words), len(offsets) * contexts),
    )
    return words, matrix


def ppmi(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Positive pointwise mutual information of each (word, context) cell."""
    total = counts.sum()
    rows = np.asarray(counts.sum(axis=1)).ravel()
    cols = np.asarray(counts.sum(axis=0)).ravel()
    coo = counts.tocoo()
    pmi = np.log(coo.data * total / (rows[coo.row] * cols[coo.col]))
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=counts.shape)


def classes(vectors: np.ndarray, k: int, seed: int = 0) -> list[int]:
    """KMeans classes of the rows, numbered in order of their first row."""
    labels = KMeans(n_clusters=k, n_init=3, random_state=seed).fit_predict(vectors)
    order: dict[int, int] = {}
    for label in labels:
        order.setdefault(int(label), len(order))
    return [order[int(label)] for label in labels]


def build(
    texts: Iterable[str],
    vocab: int,
    contexts: int,
    min_count: int,
    dims: int,
    ks: list[int],
    offsets: tuple[int, ...] = _OFFSETS,
    seed: int = 0,
) -> list[str]:
    """The file's lines: each word (most frequent first) and its class at each k."""
    docs = [tokens(t) for t in texts]
    words, counts = cooccurrences(docs, vocab, contexts, min_count, offsets)
    svd = TruncatedSVD(n_components=dims, random_state=seed)
    vectors = normalize(svd.fit_transform(ppmi(counts)))
    columns = [[f"{k}.{c}" for c in classes(vectors, k, seed)] for k in ks]
    return ["\t".join(row) for row in zip(words, *columns, strict=True)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("news", "polnear", "both"), default="news")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--vocab", type=int, default=20000)
    parser.add_argument("--contexts", type=int, default=1000)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--ks", default="512")
    parser.add_argument("--offsets", default="-2,-1,1,2")
    parser.add_argument("--seed", type=int, default=0, help="of the SVD and KMeans")
    args = parser.parse_args(argv)
    texts = []
    if args.source in ("news", "both"):
        texts += news_texts()
    if args.source in ("polnear", "both"):
        texts += polnear_texts()
    ks = [int(k) for k in args.ks.split(",")]
    offsets = tuple(int(o) for o in args.offsets.split(","))
    lines = build(
        texts, args.vocab, args.contexts, args.min_count, args.dims, ks, offsets, args.seed
    )
    header = [
        "# Word classes (features/cue_model.py); do not edit by hand: word<TAB>class per k.",
        f"# Rebuilt from {len(texts)} {args.source} texts by: python -m "
        f"benchmarks.build_word_classes --source {args.source}",
    ]
    args.out.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(lines)} words, {len(texts)} texts")
    return 0


if __name__ == "__main__":
    sys.exit(main())

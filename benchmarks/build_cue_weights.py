"""Rebuild features/lexicons/attribution_cue_weights.txt from PolNeAR train.

    python -m benchmarks.build_cue_weights [--out PATH] [--cv-only]

1. Candidate words: lower-cased words that PolNeAR train's gold cues cover at least
   ``--min-count`` times and in at least ``--min-rate`` of their occurrences (the rules'
   own cue phrases are candidates anyway).
2. Every candidate of every train article (the rules' cues, accepted or not, and the
   candidate words) gets the features of :func:`sourcecheck.features.cue_model.features`,
   and the label "overlaps a gold cue" (the first annotator, as in gold_polnear.py).
3. An L2 logistic regression; its C and the acceptance threshold are chosen by
   cross-validation grouped by publication MONTH (train is months 1-10, dev month 11, so
   each fold predicts months it has not seen), on the cue overlap F1 of the accepted
   candidates. Dev is never read.
4. The model fitted on all of train is written as plain text: weights rounded to 2
   decimals, features seen fewer than ``--min-df`` times and tiny weights dropped, plus the candidate words. Only derived numbers and
   single words are shipped, no PolNeAR text.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from benchmarks.gold_polnear import Article, load_split, match_count
from sourcecheck.features import attribution, cue_model
from sourcecheck.features.document import Document, Span

OUT = Path(__file__).resolve().parents[1] / "features" / "lexicons" / f"{cue_model.WEIGHTS}.txt"


_PARTICLES = frozenset(
    "to of for on about with that in at by from as out up into over against".split()
)


def gold_heads(article: Article, doc: Document) -> list[Span]:
    """The head word of each gold cue: its last word that is no particle ("has said" ->
    "said", "according to" -> "according", "in a statement" -> "statement"). Labels go to
    the candidate holding the head, so "has" or "also" beside a cue verb is no cue."""
    heads = []
    for frags in article.gold["cue"]:
        words = [t for a, b in frags for t in doc.tokens if a <= t[0] and t[1] <= b]
        content = [t for t in words if article.text[t[0] : t[1]].lower() not in _PARTICLES]
        if content or words:
            heads.append((content or words)[-1])
    return sorted(heads)


def _covered(span: Span, gold: list[Span]) -> bool:
    return any(g[0] < span[1] and span[0] < g[1] for g in gold)


def candidate_words(articles: list[Article], min_count: int, min_rate: float) -> list[str]:
    """Words whose occurrences gold cues cover often enough, by count and by rate."""
    covered: collections.Counter[str] = collections.Counter()
    seen: collections.Counter[str] = collections.Counter()
    for article in articles:
        doc = Document(article.text)
        gold = gold_heads(article, doc)
        for start, end in doc.tokens:
            word = article.text[start:end].lower()
            seen[word] += 1
            if _covered((start, end), gold):
                covered[word] += 1
    return sorted(
        word
        for word, n in covered.items()
        if n >= min_count and n / seen[word] >= min_rate and word.isalpha() and word.isascii()
    )


def collect(
    articles: list[Article], words: list[str]
) -> tuple[list[list[str]], list[int], list[int], list[Span]]:
    """Features, labels, article index and span of every candidate (rules decide alone)."""
    with tempfile.TemporaryDirectory() as folder:
        lines = [f"@candidate\t{w}" for w in words]
        (Path(folder) / f"{cue_model.WEIGHTS}.txt").write_text("\n".join(lines) + "\n")
        rows: list[list[str]] = []
        labels: list[int] = []
        owner: list[int] = []
        spans: list[Span] = []
        for i, article in enumerate(articles):
            found: list[tuple[Span, list[str]]] = []
            doc = Document(article.text)
            attribution._find_relations(doc, folder, collect=found)
            gold = gold_heads(article, doc)
            for span, feats in found:
                rows.append(feats)
                labels.append(int(_covered(span, gold)))
                owner.append(i)
                spans.append(span)
    return rows, labels, owner, spans


def cue_f1(
    articles: list[Article], owner: list[int], spans: list[Span], accepted: np.ndarray
) -> tuple[float, float, float]:
    """Overlap P/R/F1 of the accepted candidates against the articles' gold cues."""
    predicted: dict[int, set[tuple[Span, ...]]] = collections.defaultdict(set)
    for k in np.flatnonzero(accepted):
        predicted[owner[k]].add((spans[k],))
    tp = n_pred = n_gold = 0
    for i in sorted(set(owner)):
        gold = articles[i].gold["cue"]
        tp += match_count(gold, predicted[i])
        n_pred += len(predicted[i])
        n_gold += len(gold)
    p = tp / max(1, n_pred)
    r = tp / max(1, n_gold)
    return p, r, 2 * p * r / max(1e-9, p + r)


_RULE_ACCEPTED = frozenset(["r=verb", "r=preposition", "r=framed", "r=colon"])


def _fit(x, y, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=2000, solver="liblinear").fit(x, y)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-rate", type=float, default=0.1)
    parser.add_argument("--cs", default="0.03,0.1,0.3")
    parser.add_argument("--min-df", type=int, default=10, help="drop rarer features")
    parser.add_argument("--cv-only", action="store_true")
    args = parser.parse_args(argv)
    articles = load_split("train")
    words = candidate_words(articles, args.min_count, args.min_rate)
    rows, labels, owner, spans = collect(articles, words)
    print(f"{len(articles)} articles, {len(words)} candidate words, {len(rows)} candidates")
    counts = collections.Counter(f for r in rows for f in set(r))
    rows = [[f for f in r if counts[f] >= args.min_df] for r in rows]  # rare: noise, bulk
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(r, 1) for r in rows]).tocsr()
    x.indices, x.indptr = x.indices.astype(np.int32), x.indptr.astype(np.int32)  # liblinear
    y = np.array(labels)
    months = [articles[i].name.split("_")[1][:7] for i in owner]
    thresholds = np.arange(-1.5, 0.76, 0.125)
    best = (-1.0, 1.0, 0.0)
    for c in (float(v) for v in args.cs.split(",")):
        margin = np.zeros(len(y))
        for fit_idx, test_idx in GroupKFold(n_splits=5).split(x, y, months):
            margin[test_idx] = _fit(x[fit_idx], y[fit_idx], c).decision_function(x[test_idx])
        for t in thresholds:
            p, r, f = cue_f1(articles, owner, spans, margin >= t)
            print(f"C={c:<5} threshold={t:+.2f}  cue P/R/F1 {p:.3f} {r:.3f} {f:.3f}")
            if f > best[0]:
                best = (f, c, float(t))
    by_rules = np.array([r[2] in _RULE_ACCEPTED for r in rows])
    print("rules alone: cue P/R/F1 {:.3f} {:.3f} {:.3f}".format(*cue_f1(articles, owner, spans, by_rules)))
    print(f"best CV cue F1 {best[0]:.3f} at C={best[1]} threshold={best[2]:+.2f}")
    if args.cv_only:
        return 0
    model = _fit(x, y, best[1])
    weights = dict(zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True))
    lines = [
        "# Learned attribution-cue weights (features/cue_model.py); do not edit by hand.",
        "# Rebuilt from PolNeAR train by: python -m benchmarks.build_cue_weights",
        f"# CV (5 folds by month) cue overlap F1 {best[0]:.3f}, C={best[1]}",
        f"@bias\t{model.intercept_[0]:.3f}",
        f"@threshold\t{best[2]:.3f}",
    ]
    lines += [f"@candidate\t{w}" for w in words]
    lines += [f"{k}\t{v:.2f}" for k, v in sorted(weights.items()) if abs(v) >= 0.01]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(lines)} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())

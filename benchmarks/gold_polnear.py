"""Attribution extraction against PolNeAR gold spans (cue, source, content).

PolNeAR (Newell et al., LREC 2018) annotates attribution relations in brat standoff:
``T`` lines give Source / Cue / Content spans (character offsets into the article's
.txt, discontinuous spans written ``start end;start end``) and ``E`` lines link them into
Attribution events. Some articles have several annotators' .ann files: we score against
ONE annotator per article, the first .ann file in sorted order.

Matching is by OVERLAP: a predicted span matches a gold span of the same role when they
share at least one character; each gold and each predicted span is matched at most once
(greedy, largest overlap first). Identical spans within a role are counted once (a shared
source such as one "he" linked to two cues is one gold span). Each F1 comes with a 95%
interval from resampling the split's articles (1,000 rounds, seed 0).

    python benchmarks/gold_polnear.py [--split train|dev] [--errors N]

Tune against ``train`` only; ``dev`` is for reporting (the test half is held back).
``--errors N`` lists the N most frequent missed gold cues and false cues (lower-cased
strings, with counts and one context each): the place to start when tuning on train.
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sourcecheck.features.attribution import relations
from sourcecheck.features.document import Document
from sourcecheck.scoring.corpora import corpora_root

ROLES = ("cue", "source", "content")
Fragments = tuple[tuple[int, int], ...]
_T_LINE = re.compile(r"^T\d+\t(\w+) ([\d ;]+)\t", re.MULTILINE)
_E_LINE = re.compile(r"^E\d+\t(.*)$", re.MULTILINE)


def corpus_dir() -> Path:
    """``$SOURCECHECK_CORPORA/polnear``, by default ``../shared/corpora`` from the repo root."""
    return corpora_root() / "polnear"


def _fragments(offsets: str) -> Fragments:
    pieces = (part.split() for part in offsets.split(";"))
    return tuple((int(a), int(b)) for a, b in pieces)


def parse_ann(content: str) -> dict[str, set[Fragments]]:
    """Gold spans per role, from the T lines that Attribution events (E lines) link."""
    spans = {
        m.group(0).split("\t")[0]: (m.group(1), _fragments(m.group(2)))
        for m in _T_LINE.finditer(content)
    }
    gold: dict[str, set[Fragments]] = {role: set() for role in ROLES}
    for event in _E_LINE.finditer(content):
        for arg in event.group(1).split():
            role, _, tid = arg.partition(":")
            role = role.lower().rstrip("0123456789")
            if role in gold and tid in spans:
                gold[role].add(spans[tid][1])
    return gold


@dataclass
class Article:
    name: str
    text: str
    gold: dict[str, set[Fragments]]


def load_split(split: str) -> list[Article]:
    """Every article of ``split`` with the gold spans of its first (sorted) annotator."""
    folder = corpus_dir() / split
    articles = []
    for txt in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        articles.append(Article(txt.stem, text, parse_ann(anns[0].read_text(encoding="utf-8"))))
    return articles


def _overlap(a: Fragments, b: Fragments) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match_count(gold: set[Fragments], predicted: set[Fragments]) -> int:
    """Overlapping gold/predicted pairs, each span used at most once (largest overlap first)."""
    pairs = sorted(
        (
            (_overlap(g, p), i, j)
            for i, g in enumerate(gold)
            for j, p in enumerate(predicted)
            if _overlap(g, p) > 0
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, i, j in pairs:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
    return len(used_gold)


def predicted_spans(text: str, lexicon_dir: str | None = None) -> dict[str, set[Fragments]]:
    found = relations(Document(text), lexicon_dir)
    return {
        "cue": {(r.cue,) for r in found},
        "source": {(r.source,) for r in found if r.source is not None},
        "content": {(r.content,) for r in found if r.content[1] > r.content[0]},
    }


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": n_pred, "gold": n_gold}


def polnear_scores(split: str = "dev") -> dict[str, dict[str, float]]:
    """Per-role overlap precision/recall/F1 of :func:`relations` on a PolNeAR split, with
    a 95% interval for F1 from resampling the split's articles."""
    articles = load_split(split)
    started = time.perf_counter()
    predictions = [predicted_spans(article.text) for article in articles]
    elapsed = time.perf_counter() - started
    scores: dict[str, dict[str, float]] = {}
    for role in ROLES:
        counts = [  # tp, predicted, gold of each article
            (match_count(a.gold[role], p[role]), len(p[role]), len(a.gold[role]))
            for a, p in zip(articles, predictions, strict=True)
        ]
        scores[role] = _prf(*map(sum, zip(*counts, strict=True)))
        scores[role]["f1_low"], scores[role]["f1_high"] = f1_interval(counts)
    scores["_meta"] = {
        "articles": len(articles),
        "ms_per_article": 1000 * elapsed / max(1, len(articles)),
    }
    return scores


def f1_interval(
    counts: list[tuple[int, int, int]], rounds: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of F1 over ``rounds`` resamples of the articles
    (their tp, predicted and gold counts) with replacement: how far the split's own
    figure could move on another sample of articles like it, such as the held-back test
    half."""
    pick = random.Random(seed).choices
    f1s = sorted(
        _prf(*map(sum, zip(*pick(counts, k=len(counts)), strict=True)))["f1"] for _ in range(rounds)
    )
    return f1s[int(0.025 * rounds)], f1s[int(0.975 * rounds) - 1]


def cue_errors(split: str, top: int = 40) -> str:
    """The most frequent missed gold cues and false predicted cues of ``split``."""
    missed: collections.Counter[str] = collections.Counter()
    false: collections.Counter[str] = collections.Counter()
    examples: dict[int, dict[str, str]] = {id(missed): {}, id(false): {}}

    def note(counter: collections.Counter[str], text: str, frags: Fragments) -> None:
        key = " ".join(" ".join(text[a:b] for a, b in frags).lower().split())
        counter[key] += 1
        a, b = frags[0][0], frags[-1][1]
        context = f"{text[max(0, a - 60) : a]}[[{text[a:b]}]]{text[b : b + 40]}"
        examples[id(counter)].setdefault(key, " ".join(context.split()))

    for article in load_split(split):
        gold = article.gold["cue"]
        predicted = predicted_spans(article.text)["cue"]
        for g in gold:
            if not any(_overlap(g, p) for p in predicted):
                note(missed, article.text, g)
        for p in predicted:
            if not any(_overlap(g, p) for g in gold):
                note(false, article.text, p)
    lines = []
    for title, counter in (("missed gold cues", missed), ("false cues", false)):
        lines.append(f"{title}: {sum(counter.values())} ({len(counter)} distinct strings)")
        lines += [
            f"{n:6d}  {key!r:28} {examples[id(counter)][key]}"
            for key, n in counter.most_common(top)
        ]
    return "\n".join(lines)


def format_table(split: str, scores: dict[str, dict[str, float]]) -> str:
    meta = scores["_meta"]
    lines = [
        f"PolNeAR {split}: {meta['articles']:.0f} articles (first annotator each), overlap match,"
        f" {meta['ms_per_article']:.2f} ms/article",
        f"{'role':<8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'pred':>6} {'gold':>6}"
        "  F1 95% interval (articles resampled)",
    ]
    for role in ROLES:
        s = scores[role]
        lines.append(
            f"{role:<8} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
            f" {s['tp']:>6.0f} {s['predicted']:>6.0f} {s['gold']:>6.0f}"
            f"  {s['f1_low']:.3f} to {s['f1_high']:.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list cue errors")
    args = parser.parse_args(argv)
    if not (corpus_dir() / args.split).is_dir():
        print(f"PolNeAR not found at {corpus_dir()}", file=sys.stderr)
        return 2
    print(format_table(args.split, polnear_scores(args.split)))
    if args.errors:
        print(cue_errors(args.split, args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())

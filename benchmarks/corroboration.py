"""Corroboration against BASIL (same-event triplets) and Emergent (claims and headlines).

BASIL: every article (Fox, NYT, HuffPost reporting the same event) is indexed, together
with synthetic syndicated reprints: a deterministic third of the articles are copied
under a wire outlet's name, with a new first line, one paragraph dropped and a few words
changed. Then every article is matched against the index. Printed:

- precision: share of claim matches that land in the same event's other outlets;
- coverage: share of (original) articles with at least one independent match;
- same-outlet matches (must be 0); matches to reprints (must be 0, from any query);
  originals corroborated by their own reprint, reprints corroborated by their original;
- the document-level TF-IDF baseline (cosine over whole articles, threshold 0.15).

Emergent: each article headline is one article (no outlets in this file); each headline's
claims are matched against all other headlines. Precision = share of matches landing on a
headline of the same claim id; coverage by claim id = share of claims (with two or more
headlines) where at least one headline found a match.

Run: ``python benchmarks/corroboration.py [--basil DIR] [--emergent CSV]``
(defaults under ``$SOURCECHECK_CORPORA``, else ../shared/corpora beside the repository).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sourcecheck.scoring.corpora import corpora_root
from sourcecheck.scoring.reference_index import MatchParams, build_index, open_index

CORPORA = corpora_root()
WIRE_OUTLETS = ("associated press wire", "reuters wire", "syndicate daily")
LEADS = (
    "This story was first published elsewhere and is republished with permission.",
    "Originally reported by our partners; shared here under a content agreement.",
    "The following report is carried in full from a syndication feed.",
)


@dataclass(frozen=True)
class Item:
    """An article for the benchmark (the attributes indexing reads), plus its gold group."""

    id: str
    text: str
    source: str | None
    url: str | None
    published: str | None
    group: str
    copy_of: str | None = None


# -- BASIL -----------------------------------------------------------------------------------


def load_basil(folder: Path) -> list[Item]:
    items = []
    for path in sorted(folder.glob("articles/*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) for p in data["body-paragraphs"] if p]
        items.append(
            Item(
                id=path.stem,
                text="\n\n".join(paragraphs),
                source=data["source"],
                url=data.get("url"),
                published=data.get("date"),
                group=data["triplet-uuid"],
            )
        )
    return items


def perturb_words(text: str, rng: random.Random, rate: float) -> str:
    """Drop or duplicate a small share of words, as copy editors do to wire copy."""
    words = text.split(" ")
    out = []
    for word in words:
        roll = rng.random()
        if roll < rate / 2:
            continue
        out.append(word)
        if roll > 1 - rate / 2:
            out.append(word)
    return " ".join(out)


def reprints(items: list[Item], every: int = 3, seed: int = 7) -> list[Item]:
    """Syndicated copies of every ``every``-th article under a wire outlet's name."""
    rng = random.Random(seed)
    copies = []
    for k, item in enumerate(items[::every]):
        paragraphs = item.text.split("\n\n")
        paragraphs[0] = LEADS[k % len(LEADS)]
        if len(paragraphs) > 4:
            del paragraphs[rng.randrange(2, len(paragraphs))]
        text = "\n\n".join(perturb_words(p, rng, 0.04) for p in paragraphs)
        copies.append(
            Item(
                id=f"reprint-{item.id}",
                text=text,
                source=WIRE_OUTLETS[k % len(WIRE_OUTLETS)],
                url=None,
                published=item.published,
                group=item.group,
                copy_of=item.id,
            )
        )
    return copies


def doc_tfidf_baseline(items: list[Item], threshold: float = 0.15) -> tuple[float, float]:
    """Precision and coverage of whole-article TF-IDF cosine (other outlets, originals)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [i.text for i in items]
    )
    sims = (matrix @ matrix.T).toarray()
    right = total = covered = 0
    for a, item in enumerate(items):
        hits = [
            b
            for b in np.nonzero(sims[a] >= threshold)[0]
            if b != a and items[b].source != item.source
        ]
        total += len(hits)
        right += sum(items[b].group == item.group for b in hits)
        covered += bool(hits)
    return right / max(total, 1), covered / len(items)


def run_basil(
    originals: list[Item],
    *,
    reprints_first: bool = False,
    every: int = 3,
    params: MatchParams | None = None,
) -> dict[str, float]:
    copies = reprints(originals, every)
    # Index order matters only for ties between same-day copies: try both orders.
    everything = copies + originals if reprints_first else originals + copies
    by_id = {i.id: i for i in everything}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = build_index(everything, Path(tmp) / "basil")
        built = time.perf_counter() - start
        index = open_index(Path(tmp) / "basil")
        start = time.perf_counter()
        results = {
            item.id: index.match(
                item.text,
                article_id=item.id,
                source=item.source,
                published=item.published,
                params=params,
            )
            for item in everything
        }
        queried = time.perf_counter() - start
    n_matches = right = same_outlet = to_reprint = 0
    covered = own_reprint = own_original = 0
    claims = corroborated = 0
    for item in everything:
        matched_ids = set()
        for entry in results[item.id]:
            for match in entry.matches:
                other = by_id[match["id"]]
                matched_ids.add(other.id)
                same_outlet += other.source == item.source
                to_reprint += other.copy_of is not None
                if item.copy_of is None:
                    n_matches += 1
                    right += other.group == item.group
        if item.copy_of is None:
            claims += len(results[item.id])
            corroborated += sum(bool(e.matches) for e in results[item.id])
            covered += bool(matched_ids)
            own_reprint += f"reprint-{item.id}" in matched_ids
        else:
            own_original += item.copy_of in matched_ids
    baseline_precision, baseline_coverage = doc_tfidf_baseline(originals)
    figures = {
        "articles": len(originals),
        "reprints": len(copies),
        "claims": claims,
        "claim_matches": n_matches,
        "precision": right / max(n_matches, 1),
        "coverage": covered / len(originals),
        "corroborated_claim_share": corroborated / max(claims, 1),
        "same_outlet_matches": same_outlet,
        "matches_to_reprints": to_reprint,
        "originals_matched_to_own_reprint": own_reprint,
        "reprints_matched_to_own_original": own_original,
        "build_seconds": built,
        "queries_per_second": len(everything) / queried,
        "doc_tfidf_baseline_precision": baseline_precision,
        "doc_tfidf_baseline_coverage": baseline_coverage,
        "skipped": len(report.skipped),
    }
    return figures


# -- Emergent --------------------------------------------------------------------------------


def load_emergent(path: Path) -> list[Item]:
    with path.open(encoding="utf-8") as handle:
        return [
            Item(
                id=row["articleId"],
                text=row["articleHeadline"],
                source=None,
                url=None,
                published=None,
                group=row["claimId"],
            )
            for row in csv.DictReader(handle)
        ]


def run_emergent(path: Path) -> dict[str, float]:
    items = load_emergent(path)
    group_of = {i.id: i.group for i in items}
    sizes = Counter(i.group for i in items)
    with tempfile.TemporaryDirectory() as tmp:
        build_index(items, Path(tmp) / "emergent")
        index = open_index(Path(tmp) / "emergent")
        n_matches = right = with_claims = 0
        found_by_group: dict[str, bool] = defaultdict(bool)
        per_group: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for item in items:
            result = index.match(item.text, article_id=item.id)
            with_claims += bool(result)
            hits = [m["id"] for e in result for m in e.matches]
            n_matches += len(hits)
            good = sum(group_of[h] == item.group for h in hits)
            right += good
            per_group[item.group][0] += good
            per_group[item.group][1] += len(hits)
            found_by_group[item.group] |= good > 0
    multi = [g for g, n in sizes.items() if n >= 2]
    group_precisions = [r / t for r, t in per_group.values() if t]
    return {
        "headlines": len(items),
        "headlines_with_claims": with_claims,
        "claims_ids_with_2plus_headlines": len(multi),
        "claim_matches": n_matches,
        "precision": right / max(n_matches, 1),
        "coverage_by_claim_id": sum(found_by_group[g] for g in multi) / max(len(multi), 1),
        "median_precision_by_claim_id": float(np.median(group_precisions))
        if group_precisions
        else float("nan"),
    }


def _print(title: str, figures: dict[str, float]) -> None:
    print(title)
    for key, value in figures.items():
        print(f"  {key:36s} {value:.3f}" if isinstance(value, float) else f"  {key:36s} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--basil", type=Path, default=CORPORA / "basil")
    parser.add_argument(
        "--halves",
        action="store_true",
        help="also run each half of the events on its own, with the reprints indexed first",
    )
    parser.add_argument(
        "--emergent", type=Path, default=CORPORA / "emergent" / "url-versions-2015-06-14-clean.csv"
    )
    args = parser.parse_args()
    originals = load_basil(args.basil)
    _print(f"BASIL ({args.basil})", run_basil(originals))
    undated = run_basil(originals, params=MatchParams(max_days_apart=None))
    print(
        f"  without the date window: precision {undated['precision']:.3f}, "
        f"coverage {undated['coverage']:.3f}, same-outlet {undated['same_outlet_matches']}, "
        f"to reprints {undated['matches_to_reprints']}"
    )
    if args.halves:
        events = sorted({i.group for i in originals})
        for k, half in enumerate((events[::2], events[1::2])):
            subset = [i for i in originals if i.group in set(half)]
            figures = run_basil(subset, reprints_first=True, every=2)
            _print(f"BASIL half {k + 1}, reprints of every 2nd article indexed first", figures)
    _print(f"Emergent ({args.emergent})", run_emergent(args.emergent))


if __name__ == "__main__":
    main()

"""What the model adds to feature extraction: ``sourcecheck score``'s two steps, timed apart.

Each buzzfeed_webis_2016 article is measured as ``score`` measures it (parse once, every
family, evidence when explaining: ``analysis.analyze_article``), then the shipped model scores
the records as ``score`` does (``scorer.ModelScorer``: score and band; with ``--explain`` also
each feature's contribution and the reasons). The issue's target: the model adds under 10% to
feature extraction. Best of ``--repeat`` rounds each, the model loaded before timing
(``score`` loads it once per process: ``benchmarks/startup.py`` measures that).

Run: python benchmarks/model_overhead.py [--limit 600] [--repeat 3]
"""

from __future__ import annotations

import argparse
import copy
import time
from collections.abc import Callable

from sourcecheck.scoring.analysis import AnalysisOptions, analyze_article
from sourcecheck.scoring.articles import Article
from sourcecheck.scoring.corpora import load_buzzfeed
from sourcecheck.scoring.scorer import ModelScorer, cached_terms


def best_seconds(step: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``step()``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - started)
    return best


def measure(articles: list[Article], explain: bool, repeat: int) -> tuple[float, float]:
    """Seconds of feature extraction and of the model's scoring over ``articles``."""
    options = AnalysisOptions(evidence=explain)
    records = [analyze_article(article, options) for article in articles]
    scorer = ModelScorer(explain=explain)
    extraction = best_seconds(lambda: [analyze_article(a, options) for a in articles], repeat)
    scoring = float("inf")
    for _ in range(repeat):
        fresh = copy.deepcopy(records)  # the scorer writes into the records it scores
        started = time.perf_counter()
        scorer(list(articles), fresh)
        scoring = min(scoring, time.perf_counter() - started)
    return extraction, scoring


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=600, help="articles (default 600)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds, best kept (default 3)")
    args = parser.parse_args()
    frame = load_buzzfeed().head(args.limit)
    pairs = zip(frame["id"], frame["text"], strict=True)
    articles = [Article(id=i, text=text, input=i) for i, text in pairs]
    cached_terms(None)  # load the shipped model before any timing
    print(f"buzzfeed_webis_2016: {len(articles)} articles, 1 process, best of {args.repeat}")
    for explain in (False, True):
        extraction, model = measure(articles, explain, args.repeat)
        label = "score --explain" if explain else "score"
        print(
            f"{label:16s} features {1000 * extraction / len(articles):6.2f} ms/article, "
            f"model {1000 * model / len(articles):6.3f} ms/article: "
            f"+{100 * model / extraction:.1f}% (target < 10%)"
        )


if __name__ == "__main__":
    main()

"""Leave-one-domain-out AUC: how the training recipe transfers to a corpus it never saw.

Three domains, each with both labels:

- ``bz``: buzzfeed_webis_2016 (journalists' veracity ratings, 9 publishers);
- ``fn``: fakenewsnet_v1, deduplicated against buzzfeed_webis_2016;
- ``off``: newsroom reporting (BASIL; PolNeAR dev's NYT, Washington Post, USA Today and
  Politico articles) as 1 against golbeck_fake_vs_satire's fake stories as 0, links
  removed (benchmarks/classifier.py's off-corpus set).

For each held-out domain a model is trained on the recipe's other domains plus the seed pair
and scores the held-out domain, in full and cut to its first 150 words (whole sentences):
short articles. The recipes: ``shipped`` (buzzfeed_webis_2016 + fakenewsnet_v1, the
shipped model's corpora) and ``all`` (every other domain, ``off`` included). With
``--extras``, more training data that never shares a corpus with the held-out domain:
``golbeck_satire`` (label 0) and ``polnear_train`` (the four newsrooms' PolNeAR train
articles, label 1), both left out when ``off`` is held out (same corpora and outlets).
Beside them, buzzfeed_webis_2016's 3-fold publisher-grouped AUC over ``--random-splits``
random deals of its publishers (the model trained on buzzfeed's training folds alone).

Run: python benchmarks/held_out_domains.py [--random-splits 12] [--extras polnear_train]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.classifier import NEWSROOMS, newsroom, off_corpus, without_links
from benchmarks.gold_polnear import load_split
from sourcecheck.features.document import Document
from sourcecheck.scoring import corpora, evaluation, training
from sourcecheck.scoring.model import SourcingModel

DOMAINS = ("bz", "fn", "off")
RECIPES = {"shipped": ("bz", "fn"), "all": DOMAINS}
EXTRAS = ("golbeck_satire", "polnear_train")
# Extra training data never used when this domain is held out (same corpus or outlets).
CONFLICTS = {"bz": set(), "fn": set(), "off": set(EXTRAS)}
COLUMNS = ["text", "label", "source"]


def first_words(text: str, n: int = 150) -> str:
    """The text up to the end of the sentence in which its ``n``-th word falls."""
    end = 0
    words = 0
    for start, stop in Document(text).sentences:
        words += len(text[start:stop].split())
        end = stop
        if words >= n:
            break
    return text[:end]


def domains() -> dict[str, pd.DataFrame]:
    """Every domain, its 150-word version, the extras and the seed pair (text, label, source)."""
    bz = corpora.load_corpus("buzzfeed_webis_2016")
    fn = corpora.load_corpus("fakenewsnet_v1")
    golbeck = corpora.load_corpus("golbeck_fake_vs_satire")
    satire = golbeck.loc[golbeck["id"].str.contains(":Satire/")]
    train = [a for a in load_split("train") if newsroom(a.name) in NEWSROOMS]
    data = {
        "bz": bz[COLUMNS],
        "fn": fn[COLUMNS],
        "off": off_corpus(),
        "golbeck_satire": pd.DataFrame(
            {
                "text": [without_links(t) for t in satire["text"]],
                "label": 0,
                "source": satire["source"],
            }
        ),
        "polnear_train": pd.DataFrame(
            {
                "text": [without_links(a.text) for a in train],
                "label": 1,
                "source": [f"polnear:{newsroom(a.name)}" for a in train],
            }
        ),
        "seeds": corpora.load_seeds()[COLUMNS],
    }
    for name in DOMAINS:
        data[f"{name}150"] = data[name].assign(text=[first_words(t) for t in data[name]["text"]])
    return {name: frame.reset_index(drop=True) for name, frame in data.items()}


def held_out(
    data: dict[str, pd.DataFrame],
    features: dict[str, pd.DataFrame],
    base: tuple[str, ...],
    extras: tuple[str, ...] = (),
    seed: int = 0,
) -> dict[str, float]:
    """AUC on each held-out domain (full and 150 words) of a model trained without it."""
    out: dict[str, float] = {}
    for test in DOMAINS:
        names = [d for d in base if d != test] + [e for e in extras if e not in CONFLICTS[test]]
        names.append("seeds")
        train = pd.concat([data[n] for n in names], ignore_index=True)
        X = pd.concat([features[n] for n in names], ignore_index=True)
        model = SourcingModel(random_state=seed).fit(
            X, train["label"].to_numpy(), groups=train["source"].astype(str).to_numpy()
        )
        for name in (test, f"{test}150"):
            scores = model.predict_proba(features[name])
            out[name] = float(roc_auc_score(data[name]["label"], scores))
    out["mean"] = statistics.mean(out[d] for d in DOMAINS)
    out["mean150"] = statistics.mean(out[f"{d}150"] for d in DOMAINS)
    return out


def random_split_auc(
    data: pd.DataFrame, features: pd.DataFrame, n: int, seed: int
) -> tuple[float, float]:
    """Mean and sd of buzzfeed's 3-fold grouped AUC over ``n`` random publisher deals."""
    frame = data.assign(id=[str(i) for i in range(len(data))])
    aucs = [
        evaluation.cross_validate(
            frame, features, folds=3, seed=seed, baseline=False, shuffle=s
        ).model_metrics()["roc_auc"]
        for s in range(n)
    ]
    return statistics.mean(aucs), (statistics.stdev(aucs) if n > 1 else float("nan"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--random-splits", type=int, default=12)
    parser.add_argument("--extras", nargs="*", choices=EXTRAS, default=[])
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=RuntimeWarning)

    data = domains()
    features = {
        name: training.extract_features(frame["text"].tolist(), n_jobs=args.jobs)
        for name, frame in data.items()
    }
    rows = {}
    for recipe, base in RECIPES.items():
        name = recipe + "".join(f" +{e}" for e in args.extras)
        rows[name] = held_out(data, features, base, tuple(args.extras), args.seed)
    table = pd.DataFrame(rows).T[[*DOMAINS, "mean", *(f"{d}150" for d in DOMAINS), "mean150"]]
    sizes = ", ".join(
        f"{d} {len(data[d])} ({data[d]['label'].mean():.0%} label 1)" for d in DOMAINS
    )
    print(f"held-out domain ROC AUC ({sizes}); each model trained without the domain it scores")
    print(table.round(3).to_string())
    if args.random_splits:
        mean, sd = random_split_auc(data["bz"], features["bz"], args.random_splits, args.seed)
        print(
            f"\nbuzzfeed_webis_2016, 3 folds over {args.random_splits} random publisher splits: "
            f"ROC AUC mean {mean:.3f} sd {sd:.3f}"
        )
    return 0 if np.isfinite(table.to_numpy()).all() else 1


if __name__ == "__main__":
    sys.exit(main())

"""Training: corpora -> feature frame (cached) -> fitted, calibrated model + its card.

The shipped model is rebuilt with::

    sourcecheck train buzzfeed_webis_2016 fakenewsnet_v1 seeds --out data/models/sourcecheck.skops
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from sourcecheck.scoring import corpora
from sourcecheck.scoring.errors import DataError
from sourcecheck.scoring.fingerprints import sha256_file, user_lexicon_version
from sourcecheck.scoring.model import NO_SIGNAL, SourcingModel
from sourcecheck.scoring.writers import check_writable, claimed

SHIPPED_CORPORA = ("buzzfeed_webis_2016", "fakenewsnet_v1", "seeds")
REBUILD_COMMAND = (
    "sourcecheck train " + " ".join(SHIPPED_CORPORA) + " --out data/models/sourcecheck.skops"
)
LIBRARIES = (
    "sourcecheck",
    "scikit-learn",
    "numpy",
    "scipy",
    "pandas",
    "joblib",
    "skops",
    "typer",
    "rich",
    "pyarrow",
    "trafilatura",
    "matplotlib",
)
Progress = Callable[[str], None]


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _quiet(message: str) -> None:
    pass


# -- features ---------------------------------------------------------------------------


def feature_names() -> list[str]:
    """The current feature columns (the families are the single source of truth)."""
    from sourcecheck.features.families import feature_names as names

    return list(names())


def feature_code_version() -> str:
    """sha256 over the feature code and lexicons: a cached frame is stale when it changes."""
    import sourcecheck.features

    package = Path(sourcecheck.features.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".txt"} and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def extraction_version() -> str:
    """What a cached frame was measured with: the feature code and the lexicons in effect
    (a user folder's replacements change every measurement they touch)."""
    return hashlib.sha256(f"{feature_code_version()} {user_lexicon_version()}".encode()).hexdigest()


def _extract_batch(texts: list[str]) -> list[dict[str, float]]:
    from sourcecheck.features.document import Document
    from sourcecheck.features.families import extract_all

    return [extract_all(Document(text)).features for text in texts]


def _corroborate_batch(
    reference: Any, rows: list[tuple[str, str, str | None, str | None, str | None]]
) -> list[dict[str, float]]:
    """Corroboration of ``rows`` against ``reference`` (an opened index, or in a worker
    process the folder of one, opened once per process)."""
    from sourcecheck.features.corroboration import extract
    from sourcecheck.scoring.analysis import opened_index

    index = opened_index(reference) if isinstance(reference, str) else reference
    return [
        extract(text, index, article_id=id_, source=source, url=url, published=published).features
        for id_, text, source, url, published in rows
    ]


def cache_dir() -> Path:
    """``$SOURCECHECK_CACHE``; else ``<checkout>/.cache/features`` (gitignored) in a source
    checkout; else the user's cache folder (``$XDG_CACHE_HOME``, by default ``~/.cache``)
    ``/sourcecheck/features``: an installed package writes nothing into whatever folder it
    happens to be run from."""
    env = os.environ.get("SOURCECHECK_CACHE")
    if env:
        return Path(env)
    checkout = corpora.checkout_root()
    if checkout is not None:
        return checkout / ".cache" / "features"
    user_cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(user_cache) / "sourcecheck" / "features"


def extract_features(
    texts: Sequence[str],
    *,
    n_jobs: int = 1,
    cache: bool = True,
    progress: Progress = _quiet,
) -> pd.DataFrame:
    """The feature frame of ``texts`` (columns ``feature_names()``, one row per text).

    Cached on disk by a hash of the texts, the feature code and the lexicons in effect, so
    a family's rewrite or a user lexicon invalidates it and an unchanged corpus is
    extracted once.
    """
    names = feature_names()
    texts = [str(t) for t in texts]
    key = hashlib.sha256(extraction_version().encode())
    for text in texts:
        key.update(hashlib.sha256(text.encode()).digest())
    path = cache_dir() / f"features-{key.hexdigest()[:24]}.parquet"
    if cache and path.exists():
        frame = pd.read_parquet(path)
        if list(frame.columns) == names and len(frame) == len(texts):
            progress(f"features: {len(texts)} articles from cache {path}")
            return frame
    size = max(1, min(64, len(texts) // max(1, 4 * n_jobs) or 1))
    batches = [texts[i : i + size] for i in range(0, len(texts), size)]
    progress(f"features: extracting {len(texts)} articles with {n_jobs} job(s)...")
    rows: list[dict[str, float]] = []
    runner = Parallel(n_jobs=n_jobs, return_as="generator")
    for done, batch in enumerate(runner(delayed(_extract_batch)(b) for b in batches), 1):
        rows.extend(batch)
        if done % max(1, len(batches) // 10) == 0 or done == len(batches):
            progress(f"features: {len(rows)}/{len(texts)}")
    frame = pd.DataFrame(rows, columns=names, dtype=float)
    if cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(path)
    return frame


def corpus_features(
    data: pd.DataFrame,
    *,
    n_jobs: int = 1,
    cache: bool = True,
    progress: Progress = _quiet,
    corroboration: bool = False,
) -> pd.DataFrame:
    """Feature frames of a multi-corpus frame, extracted (and cached) per corpus.

    With ``corroboration``, the four ``corroboration__*`` columns are added, measured
    against a reference index of all of ``data`` (see :func:`corroboration_features`).
    """
    parts = []
    for _, part in data.groupby("corpus", sort=False):
        frame = extract_features(
            part["text"].tolist(), n_jobs=n_jobs, cache=cache, progress=progress
        )
        frame.index = part.index
        parts.append(frame)
    features = pd.concat(parts).loc[data.index]
    if corroboration:
        extra = corroboration_features(data, n_jobs=n_jobs, cache=cache, progress=progress)
        features = pd.concat([features, extra], axis=1)
    return features


def _meta(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value)
    return text if text.strip() else None


def _article_rows(data: pd.DataFrame) -> list[tuple[str, str, str | None, str | None, str | None]]:
    """(id, text, source, url, published) per row: what indexing and the exclusions read."""
    columns = [
        data[c] if c in data.columns else pd.Series(None, index=data.index)
        for c in ("source", "url", "published")
    ]
    return [
        (str(id_), str(text), _meta(source), _meta(url), _meta(published))
        for id_, text, source, url, published in zip(
            data["id"], data["text"], *columns, strict=True
        )
    ]


def corroboration_code_version() -> str:
    """:func:`extraction_version` with the reference index's code (matching, exclusions)."""
    from sourcecheck.scoring import reference_index

    digest = hashlib.sha256(extraction_version().encode())
    digest.update(Path(reference_index.__file__).read_bytes())
    return digest.hexdigest()


def corroboration_features(
    data: pd.DataFrame, *, n_jobs: int = 1, cache: bool = True, progress: Progress = _quiet
) -> pd.DataFrame:
    """The ``corroboration__*`` columns of every row of ``data``, against an index of all
    of ``data`` (every corpus given).

    Each row keeps its id, source, url and published date in the index and in its query,
    so the family's exclusions hold: an article never matches itself, its own outlet never
    counts, and a syndicated group of copies counts once. Labels are not read. Cached on
    disk by a hash of the rows (ids, sources, urls, dates, texts) and of the code.
    """
    from sourcecheck.features.families import feature_names as names_of
    from sourcecheck.scoring.articles import Article
    from sourcecheck.scoring.reference_index import build_temporary_index

    names = [n for n in names_of(corroboration=True) if n.startswith("corroboration__")]
    rows = _article_rows(data)
    key = hashlib.sha256(corroboration_code_version().encode())
    for row in rows:
        key.update(hashlib.sha256(repr(row).encode()).digest())
    path = cache_dir() / f"corroboration-{key.hexdigest()[:24]}.parquet"
    if cache and path.exists():
        frame = pd.read_parquet(path)
        if list(frame.columns) == names and len(frame) == len(rows):
            progress(f"corroboration: {len(rows)} articles from cache {path}")
            frame.index = data.index
            return frame
    progress(f"corroboration: indexing {len(rows)} articles (the training corpus)...")
    index = build_temporary_index(
        (Article(id=i, text=t, input=i, source=s, url=u, published=p) for i, t, s, u, p in rows),
        jobs=n_jobs,
    )
    size = max(1, min(64, len(rows) // max(1, 4 * n_jobs) or 1))
    batches = [rows[i : i + size] for i in range(0, len(rows), size)]
    progress(f"corroboration: matching {len(rows)} articles with {n_jobs} job(s)...")
    found: list[dict[str, float]] = []
    if n_jobs == 1:
        results: Any = (_corroborate_batch(index, batch) for batch in batches)
    else:
        runner = Parallel(n_jobs=n_jobs, return_as="generator")
        results = runner(delayed(_corroborate_batch)(str(index.folder), b) for b in batches)
    for done, batch_result in enumerate(results, 1):
        found.extend(batch_result)
        if done % max(1, len(batches) // 10) == 0 or done == len(batches):
            progress(f"corroboration: {len(found)}/{len(rows)}")
    frame = pd.DataFrame(
        [{f"corroboration__{k}": v for k, v in f.items()} for f in found],
        columns=names,
        dtype=float,
    )
    if cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(path)
    frame.index = data.index
    return frame


# -- the model card ---------------------------------------------------------------------


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def training_files(specs: Sequence[str]) -> list[dict[str, str]]:
    """Each file a corpus was read from, with its sha256 (paths relative to the root)."""
    root = corpora.corpora_root(must_exist=False).resolve()
    repo = corpora.repo_root().resolve()
    seen: dict[str, dict[str, str]] = {}
    for spec in specs:
        for path in corpora.corpus_files(spec):
            resolved = path.resolve()
            if resolved.is_relative_to(root):
                shown = str(resolved.relative_to(root))
            elif resolved.is_relative_to(repo):
                shown = str(resolved.relative_to(repo))
            else:
                shown = str(resolved)
            seen.setdefault(shown, {"path": shown, "sha256": sha256_file(resolved)})
    return list(seen.values())


def training_file_digests(files: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Per top folder: the file count and one sha256 over the sorted ``sha256  path`` lines
    (``sha256sum``'s format), so a card stays short and still pins every byte. A file
    outside the corpora and the repository (an absolute path) is listed by its folder."""
    folders: dict[str, list[str]] = {}
    for item in files:
        path = PurePosixPath(item["path"])
        top = str(path.parent) if path.is_absolute() else path.parts[0]
        folders.setdefault(top, []).append(f"{item['sha256']}  {item['path']}")
    return [
        {
            "folder": top,
            "files": len(lines),
            "sha256_of_listing": hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest(),
        }
        for top, lines in folders.items()
    ]


# -- training ---------------------------------------------------------------------------


def fit_model(data: pd.DataFrame, features: pd.DataFrame, *, seed: int = 0) -> SourcingModel:
    """A SourcingModel fitted on ``features`` with ``data``'s labels, grouped by source.

    Raises :class:`DataError` when its out-of-fold logits do not rank the labels (Platt's
    slope is not positive): calibration would flip them, and the model would score its own
    training data backwards. A cross-validation fold keeps such a model (an honest result);
    a model to ship is refused."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", re.escape(NO_SIGNAL), RuntimeWarning)  # said below
        model = SourcingModel(random_state=seed).fit(
            features, data["label"].to_numpy(), groups=data["source"].to_numpy()
        )
    if model.platt_[0] <= 0:
        raise DataError(
            "the labels carry no learnable signal on this data (publisher-grouped "
            f"out-of-fold ROC AUC {model.oof_auc_:.3f}; 0.5 is chance): no model written; "
            "check that label 1 marks reliable, attributed reporting"
        )
    return model


def seed_pair_backwards(model: SourcingModel) -> str | None:
    """Why ``model`` looks trained on inverted labels, if it scores the labelled seed pair
    (data/examples: generic unsourced prose, label 0; attributed reporting, label 1) the
    wrong way round; None when it ranks them right. Consistently swapped 0/1 labels give a
    model that fits well and passes every cross-validated check, so the pair is the test."""
    seeds = corpora.load_seeds()
    logits = model.decision_function(extract_features(seeds["text"].tolist(), cache=False))
    labels = seeds["label"].to_numpy()
    if logits[labels == 1].min() > logits[labels == 0].max():
        return None
    return (
        "the model scores the labelled seed pair backwards (the unsourced prose of "
        "data/examples at or above the attributed reporting): check that label 1 marks "
        "reliable, attributed reporting in the training corpora"
    )


def check_fittable(data: pd.DataFrame) -> None:
    """Raise :class:`DataError` when :func:`fit_model` could not fit on ``data``'s labels
    and publishers (one label, one publisher, a calibration fold whose training part holds
    one label): found before any feature is extracted."""
    SourcingModel().calibration_splits(data["label"].to_numpy(), data["source"].to_numpy())


def train(
    specs: Sequence[str],
    out: Path,
    *,
    seed: int = 0,
    n_jobs: int = 1,
    folds: int = 5,
    evaluate: bool = True,
    corroboration: bool = False,
    progress: Progress = stderr_progress,
) -> dict[str, Any]:
    """Fit on every corpus in ``specs``, write ``out`` (skops) and the model card beside it.

    Returns the card. With ``evaluate``, the card holds publisher-grouped cross-validated
    metrics on the training data and per corpus (each corpus on its own). With
    ``corroboration``, the corroboration family is measured against a reference index of
    the training corpus (all of ``specs``; see :func:`corroboration_features`) and the
    model may use it; scored without ``--against``, those columns are missing (imputed).
    """
    from sourcecheck.scoring import modelio

    specs = [str(s) for s in specs]
    modelio.check_model_path(out)
    progress(f"train: loading {', '.join(specs)}")
    data = corpora.load_corpora(specs)
    for line in corpora.left_out_lines(data):
        progress(f"train: {line}")
    # Before any feature is extracted: the fit's folds, and the card's cross-validation's.
    check_fittable(data)
    if evaluate:
        from sourcecheck.scoring import evaluation

        try:
            evaluation.check_cross_validation(data, folds)
        except DataError as error:  # only the card's metrics need it
            raise DataError(
                f"{error.message}; or write a card without metrics: --no-evaluate"
            ) from None
    check_writable(out)  # its folder made only now, when the data has passed
    # One run at a time trains into ``out``: two would leave one's model beside the other's
    # card. The second is told as it starts, once its data and folder have passed.
    with claimed(str(out), advice="wait for it to finish, or name another --out"):
        features = corpus_features(
            data, n_jobs=n_jobs, progress=progress, corroboration=corroboration
        )
        progress(f"train: fitting on {len(data)} articles, {features.shape[1]} features")
        model = fit_model(data, features, seed=seed)
        if backwards := seed_pair_backwards(model):
            warnings.warn(backwards, UserWarning, stacklevel=2)
        model.versions_ = library_versions()
        model.training_corpora_ = list(specs)
        metrics: dict[str, Any] = {}
        if evaluate:
            metrics = cross_validated_metrics(
                data, features, specs, folds=folds, seed=seed, progress=progress
            )
        # Written only now: a failed evaluation must not leave a new model beside an old card.
        modelio.save(model, out)
        card = model_card(model, data, specs, metrics, out, corroboration=corroboration)
        progress(f"train: wrote {out}, " + ", ".join(map(str, write_card(card, out))))
        return card


def cross_validated_metrics(
    data: pd.DataFrame,
    features: pd.DataFrame,
    specs: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 0,
    progress: Progress = _quiet,
) -> dict[str, Any]:
    """Publisher-grouped CV on all the training data, on each corpus alone, and on
    buzzfeed_webis_2016 with 3 folds and leave-one-publisher-out (the benchmark's figures)."""
    from sourcecheck.scoring import evaluation

    runs: list[tuple[str, pd.Index, int]] = [("all training data", data.index, folds)]
    for spec in specs:
        name = spec if spec in corpora.BUILTIN else Path(spec).name
        index = data.index[data["corpus"] == name]
        part = data.loc[index]
        if len(specs) > 1 and part["source"].nunique() >= 3 and part["label"].nunique() == 2:
            runs.append((name, index, folds))
    if "buzzfeed_webis_2016" in set(data["corpus"]):
        index = data.index[data["corpus"] == "buzzfeed_webis_2016"]
        runs.append(("buzzfeed_webis_2016, 3 folds", index, 3))
        runs.append(("buzzfeed_webis_2016, leave one publisher out", index, 0))
    metrics: dict[str, Any] = {}
    for name, index, k in runs:
        progress(f"train: cross-validating {name}")
        result = evaluation.cross_validate(
            data.loc[index], features.loc[index], folds=k, seed=seed, baseline=True
        )
        metrics[name] = result.summary()
    return metrics


def model_card(
    model: SourcingModel,
    data: pd.DataFrame,
    specs: Sequence[str],
    metrics: dict[str, Any],
    out: Path,
    *,
    corroboration: bool = False,
) -> dict[str, Any]:
    effects = model.feature_effects()
    counts = (
        data.groupby(["corpus", "label"]).size().unstack(fill_value=0).astype(int).to_dict("index")
    )
    return {
        "model_file": out.name,
        "model_sha256": sha256_file(out),
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "rebuild_command": "sourcecheck train "
        + " ".join(specs)
        + (" --corroboration" if corroboration else "")
        + (f" --seed {model.random_state}" if model.random_state else "")
        + f" --out {out}",
        "shipped_rebuild_command": REBUILD_COMMAND,
        "what_the_score_means": (
            "Calibrated probability that the article is reliable, attributed reporting, "
            + (
                "learnt from proxy labels (journalists' veracity ratings)"
                if set(specs) & VERACITY_CORPORA
                else "learnt from the labels of the training files"
            )
            + ", from sourcing features only: no words, no outlet."
        ),
        "training_corpora": list(specs),
        "n_articles": len(data),
        "n_publishers": int(data["source"].nunique()),
        "articles_per_corpus_and_label": {
            str(k): {str(lab): int(n) for lab, n in v.items()} for k, v in counts.items()
        },
        "label_mapping": {s: corpora.LABEL_MAPPING.get(s, "label column (0/1)") for s in specs},
        "training_file_digests": training_file_digests(files := training_files(specs)),
        "training_files": files,
        "feature_code_sha256": feature_code_version(),
        # None: the shipped lexicons; else the user folder's files that were in effect
        "user_lexicon_sha256": user_lexicon_version(),
        "features": list(model.feature_names_),
        "model": {
            "type": "SourcingModel: signed log1p -> median imputer + missing indicators -> "
            "standard scaler -> "
            + (
                "sign-consistent L2 logistic regression (each feature's weight keeps the sign "
                "of its own direction in the training data)"
                if model.sign_consistent
                else "L2 logistic regression"
            )
            + " -> Platt scaling (equal class weights, then the stated prior) on "
            "publisher-grouped out-of-fold logits",
            "prior": model.prior_,
            "C": model.C_,
            "Cs_tried": list(model.Cs),
            "class_weight": model.class_weight,
            "seed": model.random_state,
            "platt_slope_offset": list(model.platt_),
            "intercept (expected logit)": model.intercept_,
        },
        "feature_effects_per_sd": [
            {k: (float(v) if isinstance(v, float | np.floating) else v) for k, v in row.items()}
            for row in effects.to_dict("records")
        ],
        "band_thresholds": {
            "low_below": model.band_thresholds_[0],
            "high_from": model.band_thresholds_[1],
            "how_chosen": (
                "On out-of-fold (publisher-grouped) calibrated scores of the training data, "
                "with p the share of label 1 and the local rate of label 1 at each score "
                "estimated by isotonic regression: 'high' from the lowest score where that "
                "rate reaches (1 + p) / 2, 'low' below the lowest score where it exceeds "
                "p / 2 (else both at Youden's point). F1 is reported for 'high' = predicted 1."
            ),
        },
        "cross_validated_metrics": metrics,
        "versions": dict(getattr(model, "versions_", library_versions())),
        "caveats": caveats(specs)
        + (
            [
                "Corroboration was measured against an index of the training corpora "
                "themselves (no self-match, own outlet and syndicated copies excluded; no "
                "labels read). Scored without --against, its columns are missing and imputed."
            ]
            if corroboration
            else []
        ),
    }


VERACITY_CORPORA = {"buzzfeed_webis_2016", "fakenewsnet_v1", "golbeck_fake_vs_satire"}
# Caveats of the built-in corpora, each said only when that corpus was trained on.
_CORPUS_CAVEATS = {
    "buzzfeed_webis_2016": "buzzfeed_webis_2016 veracity is confounded with outlet "
    "orientation; folds are grouped by publisher so no outlet is in train and test of one fold.",
    "fakenewsnet_v1": "fakenewsnet_v1 is deduplicated against buzzfeed_webis_2016 by URL and "
    "title.",
}
_GOLBECK_LEFT_OUT = (
    "golbeck_fake_vs_satire (label 0 only) is left out of the shipped model: added to "
    "buzzfeed_webis_2016 + fakenewsnet_v1 it lowered publisher-grouped AUC on the buzzfeed "
    "rows and doubled ECE (the model learns that corpus' style)."
)


def caveats(specs: Sequence[str]) -> list[str]:
    """What the card must warn about, for these training corpora: a model trained on a
    user's own files is not described by the built-in corpora's caveats."""
    veracity = bool(set(specs) & VERACITY_CORPORA)
    notes = ["Labels are veracity ratings, a proxy for sourcing quality."] if veracity else []
    notes += [_CORPUS_CAVEATS[s] for s in _CORPUS_CAVEATS if s in specs]
    if "buzzfeed_webis_2016" in specs and "golbeck_fake_vs_satire" not in specs:
        notes.append(_GOLBECK_LEFT_OUT)
    notes.append(
        "Cross-validated scores use one stated prior (the evaluated data's share of label 1) "
        "for every fold; 'each fold's own prior' figures are the strict variant."
    )
    if veracity:
        notes.append("English, US politics, 2016-2017 news: expect drift elsewhere.")
    return notes


def card_paths(model_path: Path) -> tuple[Path, Path]:
    """The card's JSON and Markdown files, named after the model so that two models in one
    folder keep a card each (sourcecheck.skops: sourcecheck.card.json, sourcecheck.card.md)."""
    return model_path.with_suffix(".card.json"), model_path.with_suffix(".card.md")


def write_card(card: dict[str, Any], model_path: Path) -> tuple[Path, Path]:
    import json

    from sourcecheck.scoring.evaluation import card_markdown

    json_path, markdown_path = card_paths(model_path)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(card, indent=2, default=str) + "\n")
    markdown_path.write_text(card_markdown(card))
    return json_path, markdown_path

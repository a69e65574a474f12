"""Model files: skops only, loaded against an explicit allow-list of types.

A pickle or joblib file can run arbitrary code when loaded, so it is refused (with how to
convert one you trust), never loaded. A skops file holding any type outside
:data:`TRUSTED_TYPES` is refused too, naming the types.

Scoring needs only a model's :class:`~sourcecheck.scoring.linear_terms.LinearTerms`, and
importing skops and scikit-learn takes longer than ``sourcecheck score`` may take to
answer. So :func:`load_terms` reads those numbers straight from the skops archive (its
``schema.json`` and ``.npy`` arrays, with ``allow_pickle=False``): no class is imported
or built. Anything it does not recognise (another schema protocol, a type outside the
allow-list) goes through the full :func:`load`, which refuses what it must.
"""

from __future__ import annotations

import io
import json
import os
import warnings
import zipfile
from contextlib import AbstractContextManager, ExitStack
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sourcecheck.scoring.errors import SourcecheckError
from sourcecheck.scoring.fingerprints import sha256_file
from sourcecheck.scoring.linear_terms import LinearTerms
from sourcecheck.scoring.writers import check_writable

if TYPE_CHECKING:
    from sourcecheck.scoring.model import SourcingModel

DEFAULT_MODEL = "sourcecheck.skops"
# Exactly the types a SourcingModel is made of (skops trusts numpy arrays, builtins and
# most sklearn estimators' state on its own; these are the ones it asks about).
TRUSTED_TYPES: tuple[str, ...] = (
    "sourcecheck.scoring.model.SourcingModel",
    "sourcecheck.scoring.model.SignConsistentLogisticRegression",
    "sklearn.pipeline.Pipeline",
    "sklearn.impute._base.SimpleImputer",
    "sklearn.impute._base.MissingIndicator",
    "sklearn.preprocessing._data.StandardScaler",
    "sklearn.linear_model._logistic.LogisticRegression",
    "numpy.dtype",
    "numpy.ndarray",
    "numpy.float64",
    "numpy.int64",
    "builtins.tuple",
)
_ZIP_MAGIC = b"PK\x03\x04"  # a skops file is a zip archive
_PICKLE_SUFFIXES = {".pkl", ".pickle", ".joblib", ".sav", ".p"}
# What sourcecheck reads articles and labels from: never a name for a model to overwrite.
_DATA_SUFFIXES = {".jsonl", ".json", ".csv", ".tsv", ".parquet", ".txt", ".md", ".html", ".htm"}
# joblib compresses with zlib, gzip, bz2, xz or lz4; pickles start with PROTO (0x80).
_PICKLE_MAGICS = (b"\x80", b"\x78", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"\x04\x22\x4d\x18")


class ModelVersionWarning(UserWarning):
    """The model was trained with other library versions than the ones installed."""


def check_model_path(path: Path) -> None:
    """Refuse a place a model file cannot be written, before the work of training it.

    Nor is a file that holds something else replaced: ``train corpus.jsonl --out
    corpus.jsonl`` overwrote the training corpus with the model.
    """
    suffix = path.suffix.lower()
    if suffix in _PICKLE_SUFFIXES:
        raise SourcecheckError(f"{path}: model files are skops files; use a .skops name")
    if suffix in _DATA_SUFFIXES:
        raise SourcecheckError(
            f"{path}: a {suffix} name is for articles, not a model; use a .skops name"
        )
    if path.is_dir():
        raise SourcecheckError(f"{path} is a folder: name the model file, e.g. {path}/model.skops")
    if path.is_file() and path.stat().st_size and not _starts_with(path, _ZIP_MAGIC):
        raise SourcecheckError(
            f"{path} exists and is not a skops model file: refusing to overwrite it; "
            "choose another --out"
        )
    # A file made and removed where it would go; its folder is made by train, once the
    # training data has passed its checks.
    check_writable(path, make_folder=False)


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(magic)) == magic
    except OSError:
        return False


def save(model: SourcingModel, path: str | Path) -> Path:
    """Write ``model`` as a skops file (the versions it was trained with go inside)."""
    path = Path(path)
    check_model_path(path)
    if not hasattr(model, "versions_"):
        from sourcecheck.scoring.training import library_versions

        model.versions_ = library_versions()
    import skops.io

    buffer = io.BytesIO()
    skops.io.dump(model, buffer)
    # Written beside it and moved over it: a `score` loading the model meanwhile reads the
    # old file or the new one, never half of one, and a full disk leaves the old one.
    staged = path.with_name(f".{path.name}.tmp")
    try:
        staged.write_bytes(_canonical_archive(buffer.getvalue()))
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)
    return path


_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _canonical_archive(raw: bytes) -> bytes:
    """The skops archive ``raw`` with the same bytes for the same model.

    skops names each node and array file by ``id()`` (a memory address) and stamps the
    time of writing, so training twice with one seed gave two files (and two model_sha256
    in the card). Ids are renumbered in schema order (shared nodes stay shared), files
    named after them, and every entry gets one fixed date.
    """
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        schema = json.loads(archive.read("schema.json"))
        blobs = {name: archive.read(name) for name in archive.namelist()}
    ids: dict[int, int] = {}
    files: dict[str, str] = {}

    def renumber(node: Any) -> None:
        if isinstance(node, list):
            for child in node:
                renumber(child)
        elif isinstance(node, dict):
            if "__loader__" in node and "__id__" in node:
                node["__id__"] = ids.setdefault(node["__id__"], len(ids))
            if "__loader__" in node and "file" in node:
                old = node["file"]
                node["file"] = files.setdefault(old, f"{len(files)}{Path(old).suffix}")
            for child in node.values():
                renumber(child)

    renumber(schema)
    entries = {new: blobs[old] for old, new in files.items()}
    entries["schema.json"] = json.dumps(schema, indent=2).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(entries):
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_EPOCH), entries[name])
    return out.getvalue()


def _refuse_pickle(path: Path) -> SourcecheckError:
    converted = path.with_suffix(".skops")
    if converted == path:  # a pickle named .skops: do not suggest writing over it
        converted = path.with_name(f"{path.stem}.converted.skops")
    return SourcecheckError(
        f"refusing to load {path}: it is a pickle/joblib file, and loading a pickle can run "
        "any code its author put in it. sourcecheck loads skops model files only. If you "
        "trust this file, convert it once, in a separate Python session: "
        'python -c "import joblib, skops.io; '
        f"skops.io.dump(joblib.load('{path}'), '{converted}')\" "
        f"and load {converted} (or retrain: sourcecheck train CORPUS --out MODEL.skops)."
    )


def untrusted_types(path: str | Path) -> list[str]:
    """Types in the file that skops does not trust by default."""
    import skops.io

    return sorted(skops.io.get_untrusted_types(file=str(path)))


def _check_file(path: Path) -> None:
    """Refuse a missing file, a pickle/joblib file, or anything that is not a zip archive."""
    if path.is_dir():
        raise SourcecheckError(f"{path} is a folder, not a model file: name the .skops file")
    if not path.is_file():
        raise SourcecheckError(f"model file not found: {path}")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_ZIP_MAGIC):
        return
    if path.suffix.lower() in _PICKLE_SUFFIXES or head.startswith(_PICKLE_MAGICS):
        raise _refuse_pickle(path)
    raise SourcecheckError(f"{path} is not a skops model file (no zip header)")


def load(path: str | Path) -> SourcingModel:
    """A SourcingModel from a skops file, after checking every type it holds."""
    import skops.io

    from sourcecheck.scoring.model import SourcingModel

    path = Path(path)
    _check_file(path)
    try:
        found = untrusted_types(path)
    except Exception as exc:  # a corrupt or truncated archive
        raise SourcecheckError(f"cannot read model file {path}: {exc}") from exc
    foreign = [name for name in found if name not in TRUSTED_TYPES]
    if foreign:
        raise SourcecheckError(
            f"refusing to load {path}: it holds types outside sourcecheck's allow-list: "
            f"{', '.join(foreign)}"
        )
    model = skops.io.load(str(path), trusted=found)
    if not isinstance(model, SourcingModel):
        raise SourcecheckError(
            f"{path} holds a {type(model).__name__}, not a sourcecheck SourcingModel"
        )
    _warn_versions(getattr(model, "versions_", {}), path)
    return model


def _warn_versions(versions: dict[str, str], path: Path) -> None:
    trained = versions.get("scikit-learn")
    installed = metadata.version("scikit-learn")
    if trained != installed:
        warnings.warn(
            f"{path} was trained with scikit-learn {trained or 'unknown'}, this is "
            f"{installed}: scores may differ; retrain with `sourcecheck train`.",
            ModelVersionWarning,
            stacklevel=4,
        )


class _NotPlain(Exception):
    """The archive holds something the plain reader leaves to skops."""


_SKOPS_PROTOCOL = 2
_SOURCING_MODEL = "sourcecheck.scoring.model.SourcingModel"


def _plain(node: dict[str, Any], archive: zipfile.ZipFile) -> Any:
    """A skops schema node as plain values: objects become dicts of their attributes."""
    loader = node.get("__loader__")
    if loader == "JsonNode":
        return json.loads(node["content"])
    if loader == "NdArrayNode" and node.get("type") == "numpy":
        return np.load(io.BytesIO(archive.read(node["file"])), allow_pickle=False)
    if loader in ("ListNode", "TupleNode"):
        return [_plain(child, archive) for child in node["content"]]
    if loader == "DictNode":
        return {key: _plain(child, archive) for key, child in node["content"].items()}
    if loader == "ObjectNode" and f"{node['__module__']}.{node['__class__']}" in TRUSTED_TYPES:
        return _plain(node["content"], archive)
    if loader in ("DTypeNode", "TypeNode"):
        return None  # dtypes of fitted state: scoring needs none of them
    raise _NotPlain(f"{node.get('__module__')}.{node.get('__class__')} ({loader})")


def _terms_from_archive(path: Path) -> tuple[LinearTerms, dict[str, str]]:
    """A SourcingModel's linear terms and library versions, read from its skops archive."""
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
        kind = f"{schema.get('__module__')}.{schema.get('__class__')}"
        if schema.get("protocol") != _SKOPS_PROTOCOL or kind != _SOURCING_MODEL:
            raise _NotPlain(kind)
        state = _plain(schema, archive)
    steps = dict(state["pipeline_"]["steps"])
    imputer, scaler = steps["impute"], steps["scale"]
    indicator = imputer.get("indicator_")
    terms = LinearTerms.from_fitted(
        feature_names=state["feature_names_"],
        statistics=imputer["statistics_"],
        indicator_features=None if indicator is None else indicator["features_"],
        mean=scaler["mean_"],
        scale=scaler["scale_"],
        column_weights=state["column_weights_"],
        column_owner=state["column_owner_"],
        intercept=state["intercept_"],
        band_thresholds=state["band_thresholds_"],
    )
    return terms, state.get("versions_") or {}


def load_terms(path: str | Path) -> LinearTerms:
    """What scoring needs of the model in a skops file, without importing scikit-learn.

    Falls back to the full :func:`load` for any file the plain reader does not know.
    """
    path = Path(path)
    _check_file(path)
    try:
        terms, versions = _terms_from_archive(path)
    except (_NotPlain, KeyError, TypeError, ValueError, IndexError, zipfile.BadZipFile):
        return load(path).linear_terms()
    _warn_versions(versions, path)
    return terms


def default_model_path() -> resources.abc.Traversable:
    return resources.files("sourcecheck.data.models") / DEFAULT_MODEL


def load_default() -> SourcingModel:
    """The shipped model (``sourcecheck.data.models/sourcecheck.skops``)."""
    with ExitStack() as stack:
        return load(stack.enter_context(_default_file()))


def load_default_terms() -> LinearTerms:
    """The shipped model's linear terms (see :func:`load_terms`)."""
    with ExitStack() as stack:
        return load_terms(stack.enter_context(_default_file()))


def model_sha256(path: str | None) -> str:
    """The sha256 of the model file at ``path`` (the shipped one for None), as its card
    gives it."""
    if path is not None:
        return sha256_file(Path(path))
    with _default_file() as file:
        return sha256_file(file)


def _default_file() -> AbstractContextManager[Path]:
    """A context giving the shipped model's path, or a clear error when it is missing."""
    resource = default_model_path()
    if not resource.is_file():
        from sourcecheck.scoring.training import REBUILD_COMMAND

        raise SourcecheckError(
            f"the shipped model is missing ({DEFAULT_MODEL}); rebuild it with: {REBUILD_COMMAND}"
        )
    return resources.as_file(resource)

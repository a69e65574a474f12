"""Model files: skops only, loaded against an explicit allow-list of types.

A pickle or joblib file can run arbitrary code when loaded, so it is refused (with how to
convert one you trust), never loaded. A skops file holding any type outside
:data:`TRUSTED_TYPES` is refused too, naming the types.
"""

from __future__ import annotations

import warnings
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Any

import sklearn
import skops.io

from sourcecheck.scoring.errors import SourcecheckError
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
# joblib compresses with zlib, gzip, bz2, xz or lz4; pickles start with PROTO (0x80).
_PICKLE_MAGICS = (b"\x80", b"\x78", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"\x04\x22\x4d\x18")


class ModelVersionWarning(UserWarning):
    """The model was trained with other library versions than the ones installed."""


def save(model: SourcingModel, path: str | Path) -> Path:
    """Write ``model`` as a skops file (the versions it was trained with go inside)."""
    path = Path(path)
    if path.suffix.lower() in _PICKLE_SUFFIXES:
        raise SourcecheckError(f"{path}: model files are skops files; use a .skops name")
    if not hasattr(model, "versions_"):
        from sourcecheck.scoring.training import library_versions

        model.versions_ = library_versions()
    path.parent.mkdir(parents=True, exist_ok=True)
    skops.io.dump(model, path)
    return path


def _refuse_pickle(path: Path) -> SourcecheckError:
    return SourcecheckError(
        f"refusing to load {path}: it is a pickle/joblib file, and loading a pickle can run "
        "any code its author put in it. sourcecheck loads skops model files only. If you "
        "trust this file, convert it once, in a separate Python session: "
        'python -c "import joblib, skops.io; '
        f"skops.io.dump(joblib.load('{path}'), '{path.with_suffix('.skops')}')\" "
        "and load the .skops file (or retrain: sourcecheck train CORPUS --out MODEL.skops)."
    )


def untrusted_types(path: str | Path) -> list[str]:
    """Types in the file that skops does not trust by default."""
    return sorted(skops.io.get_untrusted_types(file=str(path)))


def load(path: str | Path) -> SourcingModel:
    """A SourcingModel from a skops file, after checking every type it holds."""
    path = Path(path)
    if not path.is_file():
        raise SourcecheckError(f"model file not found: {path}")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_ZIP_MAGIC):
        pass
    elif path.suffix.lower() in _PICKLE_SUFFIXES or head.startswith(_PICKLE_MAGICS):
        raise _refuse_pickle(path)
    else:
        raise SourcecheckError(f"{path} is not a skops model file (no zip header)")
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
    _warn_versions(model, path)
    return model


def _warn_versions(model: Any, path: Path) -> None:
    trained = getattr(model, "versions_", {}).get("scikit-learn")
    if trained != sklearn.__version__:
        warnings.warn(
            f"{path} was trained with scikit-learn {trained or 'unknown'}, this is "
            f"{sklearn.__version__}: scores may differ; retrain with `sourcecheck train`.",
            ModelVersionWarning,
            stacklevel=3,
        )


def default_model_path() -> resources.abc.Traversable:
    return resources.files("sourcecheck.data.models") / DEFAULT_MODEL


def load_default() -> SourcingModel:
    """The shipped model (``sourcecheck.data.models/sourcecheck.skops``)."""
    resource = default_model_path()
    if not resource.is_file():
        from sourcecheck.scoring.training import REBUILD_COMMAND

        raise SourcecheckError(
            f"the shipped model is missing ({DEFAULT_MODEL}); rebuild it with: {REBUILD_COMMAND}"
        )
    with ExitStack() as stack:
        path = stack.enter_context(resources.as_file(resource))
        return load(path)

"""What a file or the lexicons in effect are, as sha256: a model card pins them, and a
resumed run (``--resume``) compares them with what the kept rows were made with."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shipped_lexicon_names() -> list[str]:
    """The names of the shipped lexicons (``NAME`` of ``NAME.txt``), sorted: the files a
    user folder's ``NAME.txt`` and ``NAME.add.txt`` replace and extend."""
    from importlib import resources

    shipped = resources.files("sourcecheck.features.lexicons").iterdir()
    return sorted(f.name.removesuffix(".txt") for f in shipped if f.name.endswith(".txt"))


def user_lexicon_version(lexicon_dir: str | None = None) -> str | None:
    """sha256 over the user lexicon folder's files that replace or extend a shipped lexicon
    (``NAME.txt``, ``NAME.add.txt``), names and bytes; None when no folder is in effect,
    or it holds none of those files (it is missing, say), as with the shipped lexicons.
    The folder is resolved as the features resolve it: the argument, else
    ``$SOURCECHECK_LEXICON_DIR``."""
    from sourcecheck.features.lexicon import user_folder

    lexicon_dir = user_folder(lexicon_dir)
    if lexicon_dir is None:
        return None
    overrides = [
        file
        for name in shipped_lexicon_names()
        for file in (Path(lexicon_dir) / f"{name}.txt", Path(lexicon_dir) / f"{name}.add.txt")
        if file.is_file()
    ]
    if not overrides:  # a missing or unrelated folder changes nothing, as the features find
        return None
    digest = hashlib.sha256()
    for file in overrides:
        digest.update(file.name.encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def made_with(
    lexicon_dir: str | None, *, model_sha256: str | None = None, reference: str | None = None
) -> dict[str, str | None]:
    """What a run's rows are made with beyond its options: the user lexicons in effect,
    for scores the model file, and with ``--against`` what its index folder ``reference``
    holds (see :data:`sourcecheck.scoring.writers.MadeWith`)."""
    found = {"user_lexicon_sha256": user_lexicon_version(lexicon_dir)}
    if model_sha256 is not None:
        found["model_sha256"] = model_sha256
    if reference is not None:
        from sourcecheck.scoring.reference_index import content_sha256

        found["reference_sha256"] = content_sha256(reference)
    return found

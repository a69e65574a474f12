"""Writing records as they come: JSONL, JSON, CSV, Parquet or a terminal table.

A file given with ``--output`` is written beside it and renamed at the end, so an
interrupted run never leaves a half file that looks complete; what it wrote is kept as
``OUTPUT.partial`` for ``--resume``. JSONL and CSV are written straight into
``OUTPUT.partial``, a record at a time, so that it survives even a SIGKILL or the OOM killer;
Parquet (whose footer comes last) is kept only by a stop the run sees. A symlink is followed
(the file it points to is replaced, the link stays); a FIFO or a device is written directly.
One run at a time writes a file (:func:`claimed`), and a resumed run goes on only from rows
made with its model and lexicons (:func:`done_ids`).
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import json
import logging
import os
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Protocol, cast

from sourcecheck.scoring.errors import OutputError, UsageError, listed

log = logging.getLogger("sourcecheck")

FORMATS = ("table", "json", "jsonl", "csv", "parquet")
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".json": "json", ".csv": "csv", ".parquet": "parquet"}
# Columns of the flat formats, before the features; nested fields are JSON text.
RECORD_COLUMNS = ("id", "input", "status", "error")
SCORE_COLUMNS = ("score", "band")
NESTED_COLUMNS = ("warnings", "intercept", "reasons", "contributions", "evidence", "text")


class RecordWriter(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


class ResumableWriter(RecordWriter, Protocol):
    def write_row(self, row: dict[str, Any]) -> None:
        """Write a row as read back from an earlier run's output (``--resume``)."""


def resolve_format(fmt: str | None, output: str | None, formats: Sequence[str] = FORMATS) -> str:
    """The output format: as given, else from the output file's suffix, else a table.

    A format outside ``formats`` (the command's own) is a usage error, raised before any
    work: a writer would otherwise fall back on a table, or fail only after the scoring.
    """
    resolved = fmt.lower() if fmt is not None else _suffix_format(output, formats)
    if resolved not in formats:
        where = f"--format {fmt!r}" if fmt is not None else f"--output {output!r} ({resolved})"
        raise UsageError(f"{where}: this command writes {', '.join(formats)}")
    if fmt is not None and output is not None:
        implied = _format_of(output)
        if implied not in (None, resolved):  # a reader would open it by its suffix
            log.warning("writing %s into %r, whose suffix says %s", resolved, output, implied)
    return resolved


def refuse_writing_over_inputs(
    output: str | None, paths: Sequence[str], *, default: bool = False
) -> None:
    """A usage error when ``output`` is one of the input files, or a file an input folder's
    walk would read: it would be read while the new output is written beside it (or, in a
    folder, the next run would score the previous run's records as articles). ``default``:
    the user gave no --output, so the message must say where this one came from."""
    from sourcecheck.scoring.loading import KNOWN_SUFFIXES

    if output is None:
        return
    named = (
        f"the default output {output!r} (no --output given)" if default else f"--output {output!r}"
    )
    target = Path(output).resolve()
    for path in paths:
        if path == "-":
            continue
        if os.path.isfile(path) and target.exists() and os.path.samefile(path, output):
            raise UsageError(
                f"{named} is also an input: writing it would replace the articles "
                "it holds; name another file"
            )
        folder = Path(path).resolve()
        if (
            os.path.isdir(path)
            and target.is_relative_to(folder)
            and target.suffix.lower() in KNOWN_SUFFIXES
        ):
            outside = os.path.relpath(folder.parent / target.name)
            raise UsageError(
                f"{named} is inside the input folder {path!r}, which is read for "
                f"{target.suffix} files: its records would be read as articles; write it "
                f"outside the folder, e.g. -o {outside}"
            )


def _format_of(output: str) -> str | None:
    """The format ``output``'s suffix names, if any."""
    suffix = Path(output).suffix.lower()
    return "html" if suffix in (".html", ".htm") else _SUFFIX_FORMATS.get(suffix)


def _suffix_format(output: str | None, formats: Sequence[str]) -> str:
    if output is None:
        return "table"
    if implied := _format_of(output):
        return implied
    raise UsageError(
        f"cannot tell the format of {output!r} from its suffix: pass --format "
        f"({', '.join(formats)})"
    )


def flat_nested(nested: Sequence[str]) -> tuple[str, ...]:
    """The JSON-text columns of the flat formats: the nested fields asked for, then the
    warnings any record may carry (a guessed encoding, a text that does not look English),
    which a CSV or Parquet reader must see as much as a JSONL one."""
    return (*nested, "warnings")


def flat_row(record: dict[str, Any], feature_columns: Sequence[str]) -> dict[str, Any]:
    """A record as one flat row: base fields, one column per feature, nested fields as JSON."""
    row: dict[str, Any] = {column: record.get(column) for column in RECORD_COLUMNS + SCORE_COLUMNS}
    features = record.get("features") or {}
    row.update({name: features.get(name) for name in feature_columns})
    for column in NESTED_COLUMNS:
        if column in record:
            row[column] = json.dumps(record[column], ensure_ascii=False)
    return row


@contextlib.contextmanager
def writing_to(where: str) -> Iterator[None]:
    """An OS error of writing (a full disk, a quota, an I/O error) as an
    :class:`OutputError` naming ``where``, not an internal error. A closed pipe stays a
    BrokenPipeError: the reader stopped early (exit 141), nothing went wrong here."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError.writing(where, error) from None


class _Guarded:
    """A writer whose OS errors are :class:`OutputError` (see :func:`writing_to`). Once a
    write failed, closing is only tidying up: its own error (pyarrow's "closed file", the
    same full disk) would hide the one already raised."""

    def __init__(self, writer: RecordWriter, where: str) -> None:
        self.writer = writer
        self.where = where
        self.failed = False

    def write(self, record: dict[str, Any]) -> None:
        with self._failing():
            self.writer.write(record)

    def write_row(self, row: dict[str, Any]) -> None:
        with self._failing():
            cast(ResumableWriter, self.writer).write_row(row)

    def close(self) -> None:
        if self.failed:
            with contextlib.suppress(Exception):
                self.writer.close()
            return
        with writing_to(self.where):
            self.writer.close()

    @contextlib.contextmanager
    def _failing(self) -> Iterator[None]:
        try:
            with writing_to(self.where):
                yield
        except BaseException:
            self.failed = True
            raise


def _close(stream: IO[str], where: str, writer: _Guarded) -> None:
    if writer.failed:  # reported already; the close only frees the file
        with contextlib.suppress(OSError):
            stream.close()
        return
    with writing_to(where):  # the last buffered part is written now
        stream.close()


class JsonlWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    write_row = write

    def close(self) -> None:
        self.stream.flush()


class JsonArrayWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(
            ("[\n" if self.count == 0 else ",\n") + json.dumps(record, ensure_ascii=False)
        )
        self.count += 1

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        self.stream.flush()


class CsvWriter:
    def __init__(
        self,
        stream: IO[str],
        base: Sequence[str],
        feature_columns: Sequence[str],
        nested: Sequence[str],
    ) -> None:
        self.feature_columns = feature_columns
        self.writer = csv.DictWriter(
            stream, fieldnames=[*base, *feature_columns, *nested], extrasaction="ignore"
        )
        self.writer.writeheader()
        self.stream = stream

    def write(self, record: dict[str, Any]) -> None:
        self.writer.writerow(flat_row(record, self.feature_columns))

    def write_row(self, row: dict[str, Any]) -> None:
        self.writer.writerow(row)

    def close(self) -> None:
        self.stream.flush()


class ParquetWriter:
    """Rows buffered into record batches under one fixed schema."""

    def __init__(
        self,
        path: str,
        base: Sequence[str],
        feature_columns: Sequence[str],
        nested: Sequence[str],
        batch: int = 4096,
    ) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.feature_columns = feature_columns
        fields = [pa.field(name, pa.float64() if name == "score" else pa.string()) for name in base]
        fields += [pa.field(name, pa.float64()) for name in feature_columns]
        fields += [pa.field(name, pa.string()) for name in nested]
        self.schema = pa.schema(fields)
        # A FIFO or a device cannot seek, as pyarrow's own file does to learn its place.
        # Closed by close(), as the pyarrow writer is.
        raw = open(path, "wb") if written_through(path) else None  # noqa: SIM115
        self.sink = None if raw is None else _SequentialFile(raw)
        self.writer = pq.ParquetWriter(path if self.sink is None else self.sink, self.schema)
        self.rows: list[dict[str, Any]] = []
        self.batch = batch

    def write(self, record: dict[str, Any]) -> None:
        self.write_row(flat_row(record, self.feature_columns))

    def write_row(self, row: dict[str, Any]) -> None:
        self.rows.append({field: row.get(field) for field in self.schema.names})
        if len(self.rows) >= self.batch:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
        if self.sink is not None:
            self.sink.close()


class _SequentialFile:
    """A binary stream that counts what it wrote, for pyarrow to ask its position of a
    FIFO or a device (which cannot seek or tell)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.position = 0

    @property
    def closed(self) -> bool:
        return self.raw.closed

    def write(self, data: bytes) -> int:
        self.raw.write(data)
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        self.raw.flush()

    def close(self) -> None:
        self.raw.close()

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False


RESUMABLE = ("jsonl", "csv", "parquet")
# Those whose rows are readable while written: streamed into OUTPUT.partial (see above).
STREAMED = ("jsonl", "csv")


def output_file(output: str) -> Path:
    """The file ``output`` names: a symlink's target (a chain followed to its end, even
    when that file does not exist yet), so the temporary file and the rename are beside
    the target and the link stays a link (``latest.jsonl -> scores-0412.jsonl``)."""
    return Path(os.path.realpath(output)) if os.path.islink(output) else Path(output)


def written_through(output: str) -> bool:
    """Whether ``output`` exists and is neither a regular file nor a folder (a FIFO, a
    terminal or another device, ``/proc/self/fd/1``): it is written directly, since a
    rename would replace it with a plain file that nothing reads."""
    try:
        mode = os.stat(output).st_mode  # follows symlinks
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def partial_path(output: str) -> Path:
    """Where an interrupted run leaves what it wrote, for ``--resume`` (beside the file a
    symlink points to)."""
    target = output_file(output)
    return target.with_name(target.name + ".partial")


def _resume_source(output: str) -> Path | None:
    """The file a resumed run goes on from: the partial one, else a finished output."""
    for path in (partial_path(output), Path(output)):
        if path.is_file():
            return path
    return None


def previous_rows(output: str, fmt: str) -> Iterator[dict[str, Any]]:
    """Rows (JSONL: records) already written to ``output`` or its partial file, streamed
    from the file as it is now: it is opened here, so a run that then streams into a new
    partial file still reads the old one.

    A row cut short by a stopped or killed run ends the stream; CSV rows come back as text.
    A file this command did not write in ``fmt`` is a usage error naming what is wrong.
    """
    source = _resume_source(output)
    if source is None:
        return iter(())
    if fmt == "parquet":
        return _parquet_rows(source)
    if fmt == "csv":
        return _csv_rows(source, source.open(encoding="utf-8", newline=""))
    return _jsonl_rows(source, source.open("rb"))  # bytes: a line of bad UTF-8 is one bad line


def _not_ours(source: Path, what: str) -> UsageError:
    return UsageError(
        f"--resume: {str(source)!r} {what}: it is not an output this command wrote in this "
        "format; rerun without --resume (it will be replaced), or name another --output"
    )


def _record(row: dict[str, Any], source: Path, where: str) -> dict[str, Any]:
    """``row`` if it has an id, as every row this command writes has."""
    if "id" not in row:
        raise _not_ours(source, f"{where} has no id")
    return row


def _jsonl_rows(source: Path, stream: IO[bytes]) -> Iterator[dict[str, Any]]:
    with stream:
        for number, line in enumerate(stream, 1):
            try:
                row = json.loads(line.decode("utf-8"))
            except ValueError:  # not JSON, or not UTF-8
                if not line.endswith(b"\n"):
                    return  # the last line, cut off mid-write
                raise _not_ours(source, f"line {number} is not a JSON record") from None
            if not isinstance(row, dict):
                raise _not_ours(source, f"line {number} is not a JSON object")
            yield _record(row, source, f"line {number}")


def _csv_rows(source: Path, stream: IO[str]) -> Iterator[dict[str, Any]]:
    """Strict, so that a last row cut off inside a quoted field is an error, not a row."""
    with stream:
        lines = _whole_lines(stream)
        rows = csv.DictReader(lines, strict=True)
        try:
            for row in rows:
                if None in row:  # where DictReader puts the fields its header lacks
                    where = f"line {rows.line_num} has more fields than its header"
                    raise _not_ours(source, where)
                yield _record(row, source, f"line {rows.line_num}")
        except UnicodeDecodeError:
            raise _not_ours(source, "is not UTF-8 text") from None
        except csv.Error as error:
            if next(lines, None) is None:
                return  # the last row, cut off inside a quoted field
            raise _not_ours(source, f"line {rows.line_num + 1} is not CSV ({error})") from None


def _whole_lines(stream: IO[str]) -> Iterator[str]:
    """The lines of ``stream`` but a last one cut off mid-write (no line end)."""
    for line in stream:
        if not line.endswith("\n"):
            return
        yield line


def _parquet_rows(source: Path) -> Iterator[dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        rows = (row for batch in pq.ParquetFile(source).iter_batches() for row in batch.to_pylist())
        for number, row in enumerate(rows, 1):
            yield _record(row, source, f"row {number}")
    except pa.ArrowException as error:  # not Parquet, or cut short
        raise _not_ours(source, f"is not a whole Parquet file ({error})") from None


#: What a run's rows are made with beyond its options (which their columns show): the
#: sha256 of the model file and of the user lexicons (see :mod:`.fingerprints`).
MadeWith = Mapping[str, str | None]
# Kept on the output file as an extended attribute: the records' layout stays DESIGN.md's,
# and it follows the file through the renames of staging (a copy may drop it).
_MADE_WITH_ATTRIBUTE = "user.sourcecheck.made_with"
# What each MadeWith key names, and how to give the earlier run's again.
_MADE_WITH_KEYS = {
    "model_sha256": ("another model", "the --model of the earlier run"),
    "user_lexicon_sha256": (
        "other lexicons",
        "the lexicon folder of the earlier run (--lexicon-dir or $SOURCECHECK_LEXICON_DIR)",
    ),
    "reference_sha256": ("another --against index or corpus", "the --against of the earlier run"),
}


def _note_made_with(path: str, made_with: MadeWith | None) -> None:
    """Note ``made_with`` on the file at ``path``, where the file system keeps extended
    attributes (else a resumed run cannot tell, as with a file an older sourcecheck wrote)."""
    if made_with is None or not hasattr(os, "setxattr"):
        return
    with contextlib.suppress(OSError):
        os.setxattr(path, _MADE_WITH_ATTRIBUTE, json.dumps(made_with, sort_keys=True).encode())


def _noted_made_with(path: Path) -> dict[str, Any]:
    """What :func:`_note_made_with` noted on ``path``; empty when nothing was."""
    if not hasattr(os, "getxattr"):
        return {}
    try:
        noted = json.loads(os.getxattr(path, _MADE_WITH_ATTRIBUTE))
    except (OSError, ValueError):
        return {}
    return noted if isinstance(noted, dict) else {}


def refuse_made_otherwise(output: str, made_with: MadeWith) -> None:
    """A usage error when the rows a ``--resume`` of ``output`` keeps were made otherwise
    than ``made_with`` says (:func:`done_ids` checks this too; a run that knows part of
    ``made_with`` only later, once ``--against`` is indexed, checks that part here)."""
    source = _resume_source(output)
    if source is not None:
        _refuse_made_otherwise(_noted_made_with(source), made_with, output)


def _refuse_made_otherwise(noted: Mapping[str, Any], made_with: MadeWith, output: str) -> None:
    """A usage error when ``noted`` and ``made_with`` differ in a key both have (a features
    output resumed by score has no model: the option check refuses its rows, which lack
    scores)."""
    for key, (what, advice) in _MADE_WITH_KEYS.items():
        if key in noted and key in made_with and noted[key] != made_with[key]:
            raise UsageError(
                f"--resume: the rows already written to {output!r} were made with {what} "
                f"(earlier {_short(noted[key])}, this run {_short(made_with[key])}): rerun "
                f"without --resume, or with {advice}"
            )


def _short(digest: str | None) -> str:
    return "the shipped ones" if digest is None else f"sha256 {digest[:12]}"


def done_ids(
    output: str | None,
    fmt: str,
    expected: frozenset[str] | None = None,
    made_with: MadeWith | None = None,
) -> Counter[str]:
    """Ids already in the output (every status) and how many records each has, which
    ``--resume`` skips. With ``expected`` (:func:`row_keys` of this run's options), a row
    written with other options is a usage error: its rows and this run's would be mixed;
    so are rows made with another model or other lexicons than ``made_with`` says (as
    :func:`open_writer` noted them on the file)."""
    if output is None:
        raise UsageError("--resume needs --output FILE: it skips the ids already written there")
    if fmt not in RESUMABLE:
        raise UsageError(f"--resume works with {', '.join(RESUMABLE)} output, not {fmt}")
    if made_with is not None:
        refuse_made_otherwise(output, made_with)
    done: Counter[str] = Counter()
    for row in previous_rows(output, fmt):
        if expected is not None:
            _refuse_other_options(_kept_keys(row, fmt), expected, output)
        done[str(row["id"])] += 1
    return done


# The fields of a JSONL record that options decide (score or features, --explain, --evidence);
# "text" and "warnings" depend on the article too.
_OPTIONAL_FIELDS = frozenset({"score", "band", "intercept", "reasons", "contributions", "evidence"})


def _base_columns(scored: bool) -> tuple[str, ...]:
    return RECORD_COLUMNS + SCORE_COLUMNS if scored else RECORD_COLUMNS


def row_keys(
    fmt: str, feature_columns: Sequence[str], *, scored: bool = False, nested: Sequence[str] = ()
) -> frozenset[str]:
    """The keys the options of a run give its rows, as :func:`done_ids` compares them
    with an earlier run's (arguments as :func:`open_writer`'s): a flat format's columns, a
    JSONL record's optional fields and feature names."""
    if fmt == "jsonl":
        fields = {*nested, *(SCORE_COLUMNS if scored else ())} & _OPTIONAL_FIELDS
        return frozenset({*fields, *feature_columns})
    return frozenset((*_base_columns(scored), *feature_columns, *flat_nested(nested)))


def _kept_keys(row: dict[str, Any], fmt: str) -> frozenset[str] | None:
    """:func:`row_keys` of a row read back; None for an error record, which has no
    features or evidence whatever the options."""
    if fmt != "jsonl":
        return frozenset(row)
    if row.get("status") != "ok":
        return None
    return frozenset(row.keys() & _OPTIONAL_FIELDS | set(row.get("features") or {}))


def _refuse_other_options(
    kept: frozenset[str] | None, expected: frozenset[str], output: str
) -> None:
    if kept is None or kept == expected:
        return
    differences = [
        f"{verb} {_some(names)}, which this run {does}"
        for verb, names, does in (
            ("have", kept - expected, "does not write"),
            ("lack", expected - kept, "writes"),
        )
        if names
    ]
    raise UsageError(
        f"--resume: the rows already written to {output!r} were made with other options "
        f"(they {'; they '.join(differences)}): rerun without --resume, or with the options "
        "of the earlier run"
    )


def _some(names: frozenset[str], shown: int = 4) -> str:
    """A few of ``names``, sorted, and how many more."""
    return listed(sorted(names), shown)


def make_parent_folder(output: str | os.PathLike[str]) -> None:
    """Make the folder ``output`` goes in, as train and evaluate make theirs, and say so on
    stderr (a mistyped folder name would otherwise go unseen); a file in the way or a
    folder that cannot be made is a usage error, not a traceback."""
    parent = Path(output).parent
    if parent.is_dir():
        return
    try:
        parent.mkdir(parents=True)
    except (FileExistsError, NotADirectoryError):
        if parent.is_dir():  # made meanwhile, by another run
            return
        file = next((p for p in (parent, *parent.parents) if p.is_file()), parent)
        raise _file_in_the_way(output, file) from None
    except OSError as error:
        raise UsageError(f"cannot make folder {str(parent)!r}: {error.strerror}") from None
    print(f"sourcecheck: made the folder {str(parent)!r} for {str(output)!r}", file=sys.stderr)


def _file_in_the_way(output: str | os.PathLike[str], file: Path) -> UsageError:
    return UsageError(f"cannot write {str(output)!r}: {str(file)!r} is a file, not a folder")


def _nearest_folder(target: Path) -> Path:
    """The folder above ``target`` that exists, where its missing folders would be made;
    a file in the way is a usage error."""
    existing = next(parent for parent in target.parents if parent.exists())
    if not existing.is_dir():
        raise _file_in_the_way(target, existing)
    return existing


def _temporary_beside(output: str, *, make_folder: bool = True) -> str:
    """An empty temporary file beside the file ``output`` names, its folder made first
    (or, without ``make_folder``, in the nearest folder that exists above it): a usage
    error, before any work, when the file could not be written there (a folder in the
    way, a read-only or special folder such as /proc)."""
    target = output_file(output)
    if make_folder:
        make_parent_folder(target)
    folder = target.parent if make_folder else _nearest_folder(target)
    if target.is_dir():  # found before the work, not by the final rename
        raise UsageError(f"cannot write {output!r}: it is a folder; name a file")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise UsageError(f"cannot write {output!r}: {error.strerror}") from None
    os.close(handle)
    return temporary


def check_writable(output: str | os.PathLike[str], *, make_folder: bool = True) -> None:
    """Refuse, before the work, an output that could not be written at the end: the same
    checks as :func:`staged_output` makes (a usage error naming why), nothing left behind
    but the folder it makes. Without ``make_folder`` nothing at all is left: the nearest
    folder that exists must take a file (for a command with checks of its own to make
    before it makes a folder). A FIFO or a device passes: it is written directly."""
    if not written_through(str(output)):
        os.unlink(_temporary_beside(str(output), make_folder=make_folder))


# The lock files this process holds (see :func:`claimed`): a command that claims its output
# early, to fail fast, and then stages it, takes the lock once.
_CLAIMED: set[Path] = set()


def _lock_path(output: str) -> Path:
    target = output_file(output)
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def claimed(
    output: str | None, advice: str = "wait for it to finish, or name another --output"
) -> Iterator[None]:
    """Hold ``output``'s lock for the block: a second run writing the same file at once
    (which would delete the first's ``OUTPUT.partial`` or be deleted by it) is a usage
    error at its start, with ``advice``. An exclusive ``flock`` on a hidden
    ``.OUTPUT.lock`` beside the file (or folder: a reference index): the kernel releases
    it when the process ends, even by SIGKILL, and the file is removed at the end of the
    block (a killed run leaves it, for the next to take). Standard output, a FIFO or a
    device is not locked: nothing is staged there."""
    if output is None or written_through(output) or _lock_path(output) in _CLAIMED:
        yield
        return
    lock = _lock_path(output)
    make_parent_folder(output_file(output))
    handle = _locked(lock, output, advice)
    if handle is None:
        yield
        return
    _CLAIMED.add(lock)
    try:
        yield
    finally:
        _CLAIMED.discard(lock)
        lock.unlink(missing_ok=True)  # before the lock is let go: see _locked
        os.close(handle)


def being_written(output: str) -> bool:
    """Whether another run holds ``output``'s lock (:func:`claimed`): what is read there
    now may be half written."""
    if _lock_path(output) in _CLAIMED:
        return False
    try:
        handle = os.open(_lock_path(output), os.O_RDONLY)
    except OSError:  # no lock file: no run is writing it
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # a file system with no locks
        return False
    finally:
        os.close(handle)  # which lets go of the shared lock
    return False


def _locked(lock: Path, output: str, advice: str) -> int | None:
    """A descriptor of ``lock`` holding its exclusive lock; None where the file system
    has no locks (NFS without its lock service), which leaves the run as it was before
    locks. A run that ends removes the file while it holds the lock, so one locked after
    that removal is the old file: opened again, until the one locked is the one at the
    path."""
    while True:
        try:
            handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise UsageError(f"cannot write {output!r}: {error.strerror}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise UsageError(f"another sourcecheck run is writing {output!r}: {advice}") from None
        except OSError as error:
            os.close(handle)
            lock.unlink(missing_ok=True)
            log.debug("%s cannot be locked (%s): not locked", lock, error.strerror)
            return None
        if _same_file(handle, lock):
            return handle
        os.close(handle)


def _same_file(handle: int, path: Path) -> bool:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(handle)
    return (found.st_dev, found.st_ino) == (held.st_dev, held.st_ino)


class _Stage:
    """Where a staged output is being written: a hidden temporary file, or, once
    :meth:`stream_into_partial` moved it there, ``OUTPUT.partial`` itself."""

    def __init__(self, path: str, partial: Path | None = None, mode: int = 0o600) -> None:
        self.path = path
        self.partial = partial  # None: it stays hidden until the end
        self.mode = mode  # the output's, given once renamed onto it

    def stream_into_partial(self) -> None:
        """Go on writing under the partial file's name (the open file follows the rename),
        so that what is written survives a kill no handler sees (SIGKILL, the OOM killer).
        It gets the output's mode now, not mkstemp's private one, which a kill would leave
        and a resumed run keep. Called once the file is open: a read-only mode would refuse
        the opening, not the writing."""
        if self.partial is not None and self.path != str(self.partial):
            os.chmod(self.path, self.mode)
            os.replace(self.path, self.partial)
            self.path = str(self.partial)


@contextlib.contextmanager
def staged_output(output: str, *, resumable: bool = False, resuming: bool = False) -> Iterator[str]:
    """A temporary path beside ``output``: renamed onto it when the block succeeds, so an
    interrupted run never leaves a half file that looks complete. When it fails, a
    ``resumable`` output is kept as ``OUTPUT.partial`` for ``--resume`` to go on from;
    any other (HTML, JSON, a check report) is removed: no option could use it.

    A symlink is followed: the file it points to is staged and replaced. A FIFO or a
    device (see :func:`written_through`) is given as it is, to be written directly: no
    temporary file, so nothing is kept for ``--resume`` when the run stops.

    An ``OUTPUT.partial`` that a stopped run left is replaced when this one finishes:
    unless ``resuming`` (``--resume`` reads it first), that is said at the start, while
    the run can still be stopped and resumed instead."""
    with _staged(output, resumable=resumable, resuming=resuming) as stage:
        yield stage.path


@contextlib.contextmanager
def _staged(
    output: str, *, resumable: bool, resuming: bool, made_with: MadeWith | None = None
) -> Iterator[_Stage]:
    """:func:`staged_output`, whose stage can also stream into ``OUTPUT.partial``: when the
    run resumes (the partial file it goes on from was opened first) or there is none; a
    stale one the user was told of is replaced only at the end, as said. The output is
    :func:`claimed` meanwhile, and ``made_with`` noted on it for ``--resume``."""
    if written_through(output):
        yield _Stage(output)
        return
    with claimed(output), _staged_file(output, resumable=resumable, resuming=resuming) as stage:
        _note_made_with(stage.path, made_with)
        yield stage


@contextlib.contextmanager
def _staged_file(output: str, *, resumable: bool, resuming: bool) -> Iterator[_Stage]:
    target = output_file(output)
    temporary = _temporary_beside(output)
    partial = partial_path(output)
    if not resuming and partial.is_file():
        fate = "replaced" if resumable else "removed"
        advice = "; to go on from it instead, stop this run and add --resume" if resumable else ""
        log.warning(
            "%s, left by a stopped run, will be %s when this run finishes%s", partial, fate, advice
        )
    # Given once written (mkstemp makes it private): a read-only mode kept from the file
    # it replaces would refuse the writing itself.
    mode = _output_mode(target, partial)
    stage = _Stage(temporary, partial if resuming or not partial.is_file() else None, mode)
    try:
        yield stage
    except BaseException:
        if resumable and os.path.getsize(stage.path):
            os.chmod(stage.path, mode)
            os.replace(stage.path, partial)
            print(
                f"sourcecheck: stopped; what was written is in {partial}: "
                "run the same command with --resume to go on",
                file=sys.stderr,
            )
        else:
            os.unlink(stage.path)
        raise
    os.chmod(stage.path, mode)
    os.replace(stage.path, target)
    partial.unlink(missing_ok=True)


def _output_mode(target: Path, partial: Path) -> int:
    """The permissions of the output and of a partial file kept for ``--resume``: those of
    the file they replace (scores the user made private stay private), else 0666 less the
    umask, as a plain ``open`` would give a new file."""
    for replaced in (target, partial):
        try:
            return stat.S_IMODE(os.stat(replaced).st_mode)
        except FileNotFoundError:
            continue
    return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def share_like_mkdir(folder: str | os.PathLike[str]) -> None:
    """Give a folder made by ``tempfile.mkdtemp`` (always 0700) the permissions a plain
    mkdir would (0777 less the umask), before it becomes an output others may read."""
    os.chmod(folder, 0o777 & ~_umask())


@contextlib.contextmanager
def open_writer(
    fmt: str,
    output: str | None,
    *,
    feature_columns: Sequence[str],
    scored: bool = False,
    nested: Sequence[str] = (),
    table: Callable[[IO[str]], RecordWriter] | None = None,
    resume: bool = False,
    made_with: MadeWith | None = None,
) -> Iterator[RecordWriter]:
    """A writer for ``fmt`` onto ``output`` (staged, see :func:`staged_output`) or stdout.

    The flat formats (CSV, Parquet) get ``score`` and ``band`` columns when ``scored``,
    and always a ``warnings`` column (see :func:`flat_nested`).
    With ``resume``, the rows already written come first, unchanged. ``made_with`` is
    noted on the file, for a later ``--resume`` to compare (see :func:`done_ids`).
    """
    base = _base_columns(scored)
    nested = flat_nested(nested)
    if output is None:
        if fmt == "parquet":
            raise UsageError(
                "--format parquet needs --output FILE (Parquet is not written to a terminal)"
            )
        with writing_to("standard output"):
            text = _text_writer(fmt, sys.stdout, base, feature_columns, nested, table)
        console = _Guarded(text, "standard output")
        yield console
        console.close()
        return
    previous = previous_rows(output, fmt) if resume else iter(())
    staged = _staged(output, resumable=fmt in RESUMABLE, resuming=resume, made_with=made_with)
    where = repr(output)
    with staged as stage, contextlib.ExitStack() as stack:
        with writing_to(where):
            if fmt == "parquet":
                inner: RecordWriter = ParquetWriter(stage.path, base, feature_columns, nested)
            else:
                # Line-buffered: each record (one write) reaches the file whole, at once.
                stream = open(stage.path, "w", encoding="utf-8", newline="", buffering=1)  # noqa: SIM115
                inner = _text_writer(fmt, stream, base, feature_columns, nested, table)
        writer = _Guarded(inner, where)
        if fmt != "parquet":
            stack.callback(_close, stream, where, writer)
        stack.enter_context(contextlib.closing(writer))
        for row in previous:
            writer.write_row(row)
        if fmt in STREAMED:  # the kept rows copied: the old partial file may go now
            stage.stream_into_partial()
        yield writer


def _text_writer(
    fmt: str,
    stream: IO[str],
    base: Sequence[str],
    feature_columns: Sequence[str],
    nested: Sequence[str],
    table: Callable[[IO[str]], RecordWriter] | None,
) -> RecordWriter:
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "json":
        return JsonArrayWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream, base, feature_columns, nested)
    if fmt in ("table", "html") and table is not None:
        return table(stream)
    raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")

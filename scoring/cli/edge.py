"""What every command shares: option types with help text, and errors turned into exit codes."""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import inspect
import logging
import os
import signal
import sys
import tempfile
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO, TypeVar

import typer

from sourcecheck.features import cue_model, lexicon
from sourcecheck.scoring.analysis import worker_count as worker_count  # the --jobs rule
from sourcecheck.scoring.errors import (
    OutputError,
    SourcecheckError,
    UsageError,
    located,
    one_line,
    visible,
)
from sourcecheck.scoring.fingerprints import shipped_lexicon_names
from sourcecheck.scoring.writers import writing_to

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("sourcecheck")

# Exit codes of DESIGN.md: 0 all scored, 2 usage error, 4 some inputs failed, 1 a gate failed;
# the README's too: 3 internal error, 5 output not written (OutputError), 141 SIGPIPE.
EXIT_SOME_FAILED = 4
# Problem inputs named one by one on stderr before the rest are only counted.
SHOWN_PROBLEMS = 20

Paths = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Articles: .txt/.md, .html/.htm, .jsonl, .csv, .parquet files (and, when named, "
        ".tsv, tab-separated, plain or quoted as pandas writes it, and .json, an array of row "
        "objects or one), folders (searched recursively), or - for standard input (JSON "
        "Lines, an HTML page, or one plain-text article).",
        show_default=False,
    ),
]


def _dash_is_stdout(value: str | None) -> str | None:
    """``-o -`` is standard output, as ``-`` among the paths is standard input (a file
    named ``-`` is ``-o ./-``)."""
    return None if value == "-" else value


Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        callback=_dash_is_stdout,
        help="Write to this file instead of standard output (- is standard output). A file "
        "is written atomically (a symlink is followed; a FIFO or a device is written "
        "directly), by one run at a time; the format follows the suffix unless --format is "
        "given.",
    ),
]
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help="Local worker processes; 0 means one per core. Results are identical for any value.",
    ),
]
Model = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        help="A skops model file from `sourcecheck train` (default: the shipped model). "
        "Pickle and joblib files are refused, never loaded.",
    ),
]
Against = Annotated[
    str | None,
    typer.Option(
        "--against",
        help="A reference corpus for corroboration: an index folder from `sourcecheck index "
        "build`, or any corpus path (indexed for this run). Adds the corroboration family: "
        "which claims independent outlets also report.",
    ),
]
Resume = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="Go on from an earlier run that was stopped: skip every id already in --output "
        "(or in OUTPUT.partial, which a stopped run leaves), errors included, and keep those rows "
        "(rows whose ids no input has are kept too, with a warning saying how many). JSONL and "
        "CSV outputs are written into OUTPUT.partial as they go, so even a killed run (SIGKILL, "
        "out of memory) leaves it; a Parquet one only when stopped by Ctrl-C, SIGTERM or a full "
        "disk. Rows written with other options (--explain, --evidence, --against, features "
        "instead of score), another --model or other lexicons (--lexicon-dir, "
        "$SOURCECHECK_LEXICON_DIR) are a usage error, not mixed in.",
    ),
]


def _lexicon_folder(value: str | None) -> str | None:
    """``--lexicon-dir`` checked before any work: a missing folder or a file that is not
    UTF-8 would otherwise be ignored, or fail every article one by one."""
    if value is None:
        return None
    folder = Path(value)
    if not folder.is_dir():
        raise typer.BadParameter(f"{value!r} is not a folder")
    shipped = shipped_lexicon_names()
    for path in sorted(folder.glob("*.txt")):
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise typer.BadParameter(f"cannot read {path} as UTF-8 text: {error}") from None
        if path.name == f"{cue_model.WEIGHTS}.txt":  # numbers, not phrases: parsed here once
            try:
                cue_model.parse_model(content)
            except ValueError as error:
                raise typer.BadParameter(
                    f"{path} is no cue-weights file (KEY<TAB>NUMBER lines, as "
                    f"benchmarks/build_cue_weights.py writes): {error}"
                ) from None
        if path.name.removesuffix(".txt").removesuffix(".add") not in shipped:
            log.warning("%s replaces or extends no lexicon (names: %s)", path, ", ".join(shipped))
    return value


def check_lexicon_environment() -> None:
    """``$SOURCECHECK_LEXICON_DIR`` checked as ``--lexicon-dir`` is, before any command's
    work: a typo in it would measure with the shipped lexicons, unsaid."""
    value = os.environ.get(lexicon.LEXICON_DIR_ENV)
    if value:
        try:
            _lexicon_folder(value)
        except typer.BadParameter as error:
            hint = f"${lexicon.LEXICON_DIR_ENV}"
            raise typer.BadParameter(error.message, param_hint=hint) from None


LexiconDir = Annotated[
    str | None,
    typer.Option(
        "--lexicon-dir",
        callback=_lexicon_folder,
        help="A folder of lexicon files: NAME.txt replaces a shipped lexicon, NAME.add.txt "
        "extends it (one phrase per line, # comments).",
    ),
]


# The evidence kinds of DESIGN.md and the two added since (boosters, datelines/credits).
EVIDENCE_SPANS = (
    "the evidence spans (hedges, boosters, attributions, quotes, dates, numbers, links, "
    "entities, unattributed claims, datelines and credit lines; with --against, "
    "corroborated claims) with character offsets into the text"
)

EXIT_INTERNAL_ERROR = 3
EXIT_OUTPUT_FAILED = OutputError.exit_code  # 5: the output could not be written
# What a shell reports for a process ended by SIGPIPE (128 + 13).
EXIT_BROKEN_PIPE = 141
# And for one ended by SIGTERM (128 + 15), which stops a run as Ctrl-C does (130).
EXIT_TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main process where Ctrl-C raises KeyboardInterrupt, so that it
    stops a run the same way: what was written kept as OUTPUT.partial, temporary files
    removed. A KeyboardInterrupt, so that code which cleans up after Ctrl-C (staged
    outputs, joblib) does so after it too."""


def _stop_workers(stopped: BaseException) -> None:
    """Stop this process's worker processes (--jobs) after ``stopped`` unwound the command:
    a SIGTERM reaches only the main process, and workers left behind waited forever for
    chunks, adopted by init. The command's locals are dropped first, so that a record
    stream it held is closed now: its pool drops the chunks not started and its workers
    exit once they finish the ones they hold (killed in the middle of sending a result,
    they could leave the pool waiting for the rest forever). Any still running after a
    while are ended."""
    import multiprocessing

    traceback.clear_frames(stopped.__traceback__)
    gc.collect()  # a stream held in a reference cycle
    workers = multiprocessing.active_children()
    for worker in workers:
        worker.join(timeout=10)
        if worker.is_alive():
            worker.kill()
            worker.join()


def _raise_terminated(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends it at once
    raise Terminated


def _default_sigterm_in_child() -> None:
    """A forked worker ends on SIGTERM at once, as before: ``multiprocessing.Pool`` ends
    its workers with it, and a Python handler runs only when the worker's own code does."""
    if signal.getsignal(signal.SIGTERM) is _raise_terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_default_sigterm_in_child)


@contextlib.contextmanager
def _sigterm_stops_like_ctrl_c() -> Iterator[None]:
    """While a command runs, SIGTERM raises :class:`Terminated` in the main process (edge
    then stops the workers, see :func:`_stop_workers`); forked workers keep SIGTERM's
    default. A second SIGTERM ends the process at once, as a second Ctrl-C might."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers are the main thread's alone
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """A Python warning (a model trained with another scikit-learn) as one line of the
    log, like every other message: not the file, line and source code of its caller."""
    log.warning("%s", one_line(str(message)))


# HTML extraction and its dependencies log what they discard ("discarding data: None") as
# warnings: noise, since the item's error record already says why a page has no text.
QUIET_LIBRARIES = frozenset({"trafilatura", "htmldate", "courlan", "justext"})


def _not_library_chatter(record: logging.LogRecord) -> bool:
    """Keep a record unless it is a QUIET_LIBRARIES one below ERROR. A filter on the
    handler, not logger levels: trafilatura sets htmldate's level when it is imported."""
    return record.levelno >= logging.ERROR or record.name.split(".")[0] not in QUIET_LIBRARIES


Verbose = Annotated[
    bool,
    typer.Option("--verbose", "-v", help="Show details and tracebacks of errors on stderr."),
]


def set_verbose(verbose: bool) -> None:
    """``--verbose``: details and tracebacks on stderr (the log of the whole run)."""
    warnings.showwarning = _show_warning
    level = logging.DEBUG if verbose else logging.WARNING
    handler = logging.StreamHandler()
    # On the handler too: libraries that set their own loggers' level (Dask's "distributed"
    # logs at INFO) would otherwise print through it without --verbose.
    handler.setLevel(level)
    if not verbose:
        handler.addFilter(_not_library_chatter)
    logging.basicConfig(
        level=level,
        format="sourcecheck: %(levelname)s: %(message)s",
        handlers=[handler],
        force=True,
    )


@contextlib.contextmanager
def reference_index(against: str | None) -> Iterator[str | None]:
    """``--against`` as an index folder: as given, or built for this run and removed after."""
    if against is None:
        yield None
        return
    from sourcecheck.scoring.loading import iter_articles
    from sourcecheck.scoring.reference_index import build_index, is_index, open_index

    if not against.strip():
        raise UsageError("--against is empty: give an index folder or a corpus path")
    if is_index(against):
        open_index(against)  # a broken or other-version index stops here, before any work
        yield against
        return
    if not os.path.exists(against):
        raise UsageError(f"--against {against}: no such index folder or corpus")
    with tempfile.TemporaryDirectory(prefix="sourcecheck-against-") as folder:
        typer.echo(f"sourcecheck: indexing {against} for corroboration", err=True)
        report = build_index(iter_articles([against]), os.path.join(folder, "index"))
        note_skipped(report.skipped)
        yield os.path.join(folder, "index")


def note_skipped(skipped: list[tuple[str, str]]) -> None:
    """Name the first reference inputs that were not indexed on stderr, count the rest. Those
    that could not be read come first: ids already indexed (skipped by design, and many on
    a repeated ``index add``) must not hide them."""
    from sourcecheck.scoring.reference_index import ALREADY_INDEXED

    duplicates = [item for item in skipped if item[1] == ALREADY_INDEXED]
    ordered = [item for item in skipped if item[1] != ALREADY_INDEXED] + duplicates
    for item, why in ordered[:SHOWN_PROBLEMS]:
        where, reason = located(item, why)
        typer.echo(visible(f"sourcecheck: skipped {where}: {reason}", inline=True), err=True)
    hidden = len(ordered) - SHOWN_PROBLEMS
    if hidden > 0:
        typer.echo(
            f"sourcecheck: {len(skipped)} input(s) skipped, {len(duplicates)} of them ids "
            f"already indexed ({hidden} not shown)",
            err=True,
        )


# Errors only a write can meet: wherever one comes from (a model file, a card, a report
# echoed to stdout), the output could not be written; it is not a bug.
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _flush_stdout() -> None:
    """Write what standard output still holds now, so that a full disk or a device error
    is this command's error, not a traceback Python prints at exit (status 120)."""
    with writing_to("standard output"):
        sys.stdout.flush()


def _stdout_to_null() -> None:
    """Point standard output at the null device: what it holds is not flushed at exit,
    where Python would report a closed pipe or a full disk a second time."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _quiet_stdout() -> None:
    """When standard output cannot take what it holds, send it to the null device: its
    error is reported once, and Python's flush at exit must not report it again."""
    try:
        sys.stdout.flush()
    except OSError:
        _stdout_to_null()


def _run_and_flush(command: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        with _sigterm_stops_like_ctrl_c():
            result = command(*args, **kwargs)
    except typer.Exit:  # exit 4 and the like: what was printed must still get out
        _flush_stdout()
        raise
    _flush_stdout()
    return result


def edge(command: F) -> F:
    """Turn errors into a one-line message and an exit code; no traceback unless --verbose.

    The project's exception carries its own exit code (an output that cannot be written,
    :class:`OutputError`, is 5); anything else is a bug in sourcecheck (exit 3), reported
    in one line, with the traceback under --verbose.
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        if kwargs.pop("verbose", False):
            set_verbose(True)
        try:
            return _run_and_flush(command, *args, **kwargs)
        except SourcecheckError as error:
            return _fail(error)
        except Terminated as stopped:
            _stop_workers(stopped)
            _quiet_stdout()
            raise typer.Exit(EXIT_TERMINATED) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader stopped early (`| head`): not a bug. Quiet the final flush of stdout.
            _stdout_to_null()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except OSError as error:
            if error.errno not in _NO_ROOM:
                _internal(error)
            where = repr(error.filename) if error.filename else "the output"
            return _fail(OutputError.writing(where, error))
        except Exception as error:
            _internal(error)

    # Every command takes --verbose too: a user adds it where the error told them to, at
    # the end of the command line, not only before the command's name.
    signature = inspect.signature(command, eval_str=True)
    verbose = inspect.Parameter("verbose", inspect.Parameter.KEYWORD_ONLY, default=False)
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), verbose.replace(annotation=Verbose)]
    )
    return run  # type: ignore[return-value]


def _fail(error: SourcecheckError) -> NoReturn:
    log.debug("details", exc_info=True)
    _quiet_stdout()
    # One line, whatever ids or paths the message quotes.
    typer.echo(visible(f"sourcecheck: error: {error.message}", inline=True), err=True)
    raise typer.Exit(error.exit_code) from None


def _internal(error: Exception) -> NoReturn:
    log.debug("traceback", exc_info=True)
    _quiet_stdout()
    typer.echo(
        f"sourcecheck: internal error: {type(error).__name__}: {one_line(str(error))} "
        "(run with --verbose for the traceback, and please report it)",
        err=True,
    )
    raise typer.Exit(EXIT_INTERNAL_ERROR) from None


class Failures:
    """Counts records in error and names the first few on stderr, one line each."""

    def __init__(self, shown: int = SHOWN_PROBLEMS) -> None:
        self.shown = shown
        self.count = 0
        self.total = 0

    def note(self, record: dict[str, Any]) -> None:
        self.total += 1
        if record["status"] == "ok":
            return
        self.count += 1
        if self.count <= self.shown:
            where, reason = located(record["input"], record["error"])
            typer.echo(visible(f"sourcecheck: {where}: {reason}", inline=True), err=True)

    def finish(self, verb: str) -> None:
        """Exit 4 when any input failed, after saying how many."""
        if self.count:
            typer.echo(f"sourcecheck: {self._summary(verb)}", err=True)
            raise typer.Exit(EXIT_SOME_FAILED)

    def _summary(self, verb: str) -> str:
        """How many failed, out of how many, and what became of the others: "the others
        were written" after a lone input that failed told of others that never were."""
        more = f" ({self.count - self.shown} not shown)" if self.count > self.shown else ""
        if self.total == 1:
            return f"the one input could not be {verb}"
        if self.count == self.total:
            return f"none of the {self.total} inputs could be {verb}{more}"
        written = self.total - self.count
        others = (
            "the other one was written" if written == 1 else f"the other {written} were written"
        )
        return f"{self.count} of {self.total} inputs could not be {verb}{more}; {others}"

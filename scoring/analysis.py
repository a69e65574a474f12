"""Running the feature families (and the model, when scoring) over a stream of articles.

Articles are processed in chunks, in input order. With ``jobs > 1`` chunks go to local
worker processes, which give the same records as one process.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from sourcecheck.features import corroboration
from sourcecheck.features.base import FamilyResult
from sourcecheck.features.document import Document
from sourcecheck.features.families import extract_all
from sourcecheck.features.language import language_warning
from sourcecheck.scoring.articles import MIN_WORDS, Article, LoadError
from sourcecheck.scoring.errors import one_line, visible
from sourcecheck.scoring.records import article_record, error_record, put_in_order, record_id
from sourcecheck.scoring.text_warnings import decomposed_warning, invisible_warning

if TYPE_CHECKING:
    from sourcecheck.scoring.reference_index import ReferenceIndex

Item = Article | LoadError
# Post-processing of a chunk's records in the worker, e.g. scoring them with a model.
ChunkHook = Callable[[list[Article | None], list[dict[str, Any]]], None]
CHUNK_SIZE = 32
log = logging.getLogger("sourcecheck")


@dataclass(frozen=True)
class AnalysisOptions:
    """What to compute for each article; picklable, so it travels to worker processes."""

    evidence: bool = False
    lexicon_dir: str | None = None
    # Records also carry the article's text, title and source (for the HTML report).
    with_article: bool = False
    # A reference index folder: adds the corroboration family (``--against``).
    against: str | None = None


@cache
def opened_index(path: str) -> ReferenceIndex:
    """The reference index at ``path``, opened once per process."""
    from sourcecheck.scoring.reference_index import open_index

    return open_index(path)


def measure(doc: Document, article: Article, options: AnalysisOptions) -> FamilyResult:
    """Every family's features and evidence; corroboration too when there is a reference."""
    result = extract_all(doc, options.lexicon_dir)
    if options.against is not None:
        found = corroboration.extract(
            doc,
            opened_index(options.against),
            article_id=article.id,
            source=article.source,
            url=article.url,
            published=article.published,
        )
        result.features.update({f"corroboration__{k}": v for k, v in found.features.items()})
        result.evidence = sorted(
            result.evidence + found.evidence, key=lambda ev: (ev.start, ev.end, ev.kind)
        )
    return result


NO_WORDS = "no words to measure: the text has only punctuation and symbols"


def length_warning(doc: Document) -> str | None:
    """A one-line warning for a text too short for its rates to mean much, else None."""
    if doc.n_words >= MIN_WORDS:
        return None
    words = "word" if doc.n_words == 1 else "words"
    return (
        f"only {doc.n_words} {words}: rates per 100 words swing on a text this short, and the "
        f"model was trained on articles of {MIN_WORDS} words or more"
    )


def analyze_article(article: Article, options: AnalysisOptions) -> dict[str, Any]:
    """The record of one article; an extractor failure becomes that article's error."""
    try:
        doc = Document(article.text)
        if not doc.n_words:  # every rate would be 0/0: nothing in it can be sourced or not
            return error_record(article, NO_WORDS)
        result = measure(doc, article, options)
        found = (
            length_warning(doc),
            language_warning(doc, options.lexicon_dir),
            decomposed_warning(article.text),
            invisible_warning(article.text),
        )
        warnings = [warning for warning in found if warning]
    except Exception as error:  # one article that trips a bug must not sink the batch
        log.debug("analysing %s failed", article.input, exc_info=True)
        # Any text is valid input to the extractors, so a failure is sourcecheck's bug, and
        # the message must not send the user looking for a fault in the article.
        reason = one_line(
            f"internal error in sourcecheck, not in the text (please report it; --verbose "
            f"shows the traceback): {type(error).__name__}: {error}"
        )
        return error_record(article, reason)
    record = article_record(
        article, result, evidence=options.evidence, with_article=options.with_article
    )
    if warnings:
        record.setdefault("warnings", []).extend(warnings)
        put_in_order(record)
    return record


def analyze_chunk(
    items: list[Item], options: AnalysisOptions, hook: ChunkHook | None = None
) -> list[dict[str, Any]]:
    """Records for a chunk of items, in order; load errors pass through as error records."""
    records = [
        error_record(item, item.error)
        if isinstance(item, LoadError)
        else analyze_article(item, options)
        for item in items
    ]
    if hook is not None:
        hook([item if isinstance(item, Article) else None for item in items], records)
    return records


def skipping(items: Iterable[Item], done: Counter[str]) -> Iterator[Item]:
    """``items`` less those already written (``--resume``): ``done`` counts each id's
    records, so an id that two inputs share is skipped only as often as it was written
    (the output is a prefix of the input order), and its later article is still scored."""
    left = Counter(done)
    for item in items:
        ident = record_id(item)
        if left[ident] > 0:
            left[ident] -= 1
            continue
        yield item
    _note_kept(+left)


def _note_kept(unmatched: Counter[str]) -> None:
    """Warn of rows ``--resume`` keeps whose ids no input has (an earlier run over other
    inputs): they stay, as the user's data is never dropped unsaid, but they are counted."""
    kept = sum(unmatched.values())
    if not kept:
        return
    log.warning(
        "%s",
        visible(
            f"--resume kept {kept} row(s) of the earlier output whose ids are not among "
            f"these inputs ({_first_ids(unmatched)}); run without --resume to write only "
            "these inputs",
            inline=True,
        ),
    )


def _first_ids(ids: Iterable[str], shown: int = 3) -> str:
    """The first few of ``ids``, quoted, for a warning."""
    listed = list(islice(ids, shown + 1))
    return ", ".join(repr(ident) for ident in listed[:shown]) + (
        ", ..." if len(listed) > shown else ""
    )


class RepeatedIds:
    """Ids that more than one record of the output carries (two inputs' rows with the same
    id). Each record keeps its row's id, as DESIGN.md says, but a join on id downstream
    would pair them all unseen: :meth:`finish` says so, once. ``kept`` counts the ids of
    the rows ``--resume`` kept, which the output holds as much as this run's."""

    def __init__(self, kept: Counter[str] | None = None) -> None:
        self.seen: set[str] = set()
        self.repeated: dict[str, None] = {}  # in the order first repeated
        for ident in (kept or Counter()).elements():
            self._add(ident)

    def note(self, record: dict[str, Any]) -> None:
        self._add(record["id"])

    def _add(self, ident: str) -> None:
        if ident in self.seen:
            self.repeated[ident] = None
        else:
            self.seen.add(ident)

    def finish(self) -> None:
        if self.repeated:
            log.warning(
                "%s",
                visible(
                    f"{len(self.repeated)} id(s) are carried by more than one record "
                    f"({_first_ids(self.repeated)}): a join on id would match them all; "
                    "give those rows distinct ids",
                    inline=True,
                ),
            )


def worker_count(jobs: int) -> int:
    """``jobs`` as a process count: 0 (or less, as in scikit-learn's -1) means one per core."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def chunks(items: Iterable[Item], size: int = CHUNK_SIZE) -> Iterator[list[Item]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def analyze(
    items: Iterable[Item],
    options: AnalysisOptions,
    *,
    jobs: int = 1,
    hook: ChunkHook | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[dict[str, Any]]:
    """One record per item, in input order, streamed; ``jobs`` local processes.

    A batch of a single chunk runs in this process: starting workers would cost more.
    """
    batches = chunks(items, chunk_size)
    first = next(batches, [])
    second = next(batches, None)
    if jobs == 1 or second is None:
        for batch in chain([first], [second] if second else [], batches):
            yield from analyze_chunk(batch, options, hook)
        return
    yield from _in_workers(chain([first, second], batches), options, hook, jobs)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _end_with_parent(parent: int) -> None:
    """Pool initializer: the worker gets SIGTERM when ``parent`` (the process that started
    it) dies, even by SIGKILL, which runs no cleanup. Else it waits for chunks forever,
    adopted by init: the other workers, forked holding the pool's pipe, keep it open.
    (Linux sends it when the thread that forked the worker ends: the one that submits
    the chunks and reads their results, so never while the pool is in use.)"""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM) == 0:
            if os.getppid() != parent:  # died before prctl took effect
                os.kill(os.getpid(), signal.SIGTERM)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int, every: float = 1.0) -> None:
    """:func:`_end_with_parent` elsewhere: poll for the parent's death (the worker is
    adopted, so its parent id changes)."""
    while os.getppid() == parent:
        time.sleep(every)
    os.kill(os.getpid(), signal.SIGTERM)


def _in_workers(
    batches: Iterator[list[Item]], options: AnalysisOptions, hook: ChunkHook | None, jobs: int
) -> Iterator[dict[str, Any]]:
    """Chunks over ``jobs`` worker processes, a bounded window in flight, results in order.

    Workers are forked where the platform allows it: they start at once with the modules
    and the model this process has already loaded, instead of importing them again.
    """
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    window = 4 * jobs  # enough to keep every worker busy, few enough to keep memory flat
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_end_with_parent, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[Future[list[dict[str, Any]]]] = deque()
        try:
            for batch in batches:
                pending.append(pool.submit(analyze_chunk, batch, options, hook))
                if len(pending) >= window:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BaseException:
            # Stopped (Ctrl-C, SIGTERM, an output error, the generator closed): the chunks
            # not yet started are dropped; the workers finish the ones they hold and exit.
            pool.shutdown(cancel_futures=True)
            raise

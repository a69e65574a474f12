"""The reference corpus for corroboration: an on-disk index, built once and reused.

A folder holds:

- ``index.json``: format name and version, counts and the build parameters;
- ``articles.sqlite``: each article's id, source, outlet, url, date and syndication
  origin, and each claim's span and text (for reports and inspection);
- ``arrays.npz``: what matching needs, as numpy arrays: per claim its hashed content
  terms and anchors (a binary sparse matrix), per article its hashed term counts, the
  claim-level and article-level document frequencies, and a MinHash signature of the text.

Terms are hashed (no vocabulary to store or grow), so adding articles only appends rows
and adds to the frequency counts. Near-duplicate (syndicated) articles are grouped by
MinHash with banded LSH; each group has one origin: the earliest dated, then the first
indexed. Matching itself (claim similarity, exclusions) is :meth:`ReferenceIndex.match`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import weakref
import zipfile
import zlib
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

import numpy as np
import scipy.sparse as sp

from sourcecheck.features.claims import Claim, extract_claims
from sourcecheck.features.document import Document, as_document
from sourcecheck.scoring.articles import escaped_surrogates, valid_unicode
from sourcecheck.scoring.errors import SourcecheckError, UsageError
from sourcecheck.scoring.loading import STDIN
from sourcecheck.scoring.records import UNDECODABLE_NAME
from sourcecheck.scoring.writers import (
    being_written,
    claimed,
    make_parent_folder,
    share_like_mkdir,
)

FORMAT_NAME = "sourcecheck-reference-index"
FORMAT_VERSION = 1
META_FILE = "index.json"
DB_FILE = "articles.sqlite"
ARRAYS_FILE = "arrays.npz"
_UNKNOWN_DAY = np.iinfo(np.int32).min

log = logging.getLogger(__name__)


class ArticleLike(Protocol):
    """What indexing needs of an article (``sourcecheck.scoring.articles.Article`` has it)."""

    id: str
    text: str
    source: str | None
    url: str | None
    published: str | None


@dataclass(frozen=True)
class IndexParams:
    """Build parameters, stored in ``index.json`` so queries hash and shingle the same way."""

    n_features: int = 1 << 20
    shingle_chars: int = 16
    # 128 permutations: the Jaccard estimate's standard error is under 0.045, small next
    # to the gap between copies (>= 0.6 measured) and independent same-event reports
    # sharing quotes (<= 0.25). 64 bands of 2 rows: pairs at Jaccard 0.4 collide in some
    # band with p > 0.9999; candidates are then verified on the whole signature.
    num_perm: int = 128
    lsh_bands: int = 64
    seed: int = 20240611


@dataclass(frozen=True)
class MatchParams:
    """When one claim corroborates another.

    ``min_similarity``: cosine of the claims' IDF-weighted term sets. ``min_story``:
    cosine of the two articles' term profiles, so a background fact repeated in an
    unrelated story ("X is married to Y") does not count. ``min_shared_anchors``: shared
    named entities or numbers; candidates are found through anchors held by at most
    ``max_anchor_claims`` claims (an entity in every other claim pins nothing down), and
    only the ``max_candidates`` articles sharing the most anchor weight are compared;
    ``max_postings`` bounds the anchor postings read per query (rarest anchors first).
    ``max_days_apart``: only when both dates are known; otherwise the story must agree
    more (``min_story_undated``).
    ``dup_jaccard`` / ``dup_containment``: when two texts are copies of each other.
    """

    min_similarity: float = 0.28
    min_story: float = 0.15
    min_story_undated: float = 0.18
    min_shared_anchors: int = 1
    max_anchor_claims: int = 5000
    max_candidates: int = 256
    max_postings: int = 50_000
    max_days_apart: int | None = 30
    max_matches: int = 5
    dup_jaccard: float = 0.4
    dup_containment: float = 0.6


@dataclass(slots=True)
class ClaimMatches:
    """One claim of the queried article and the independent claims that match it."""

    claim: Claim
    matches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def best_similarity(self) -> float:
        return max((m["similarity"] for m in self.matches), default=0.0)


# -- normalising metadata ---------------------------------------------------------------

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def outlet_key(source: str | None, url: str | None = None) -> str:
    """The outlet an article belongs to: its source name, else its URL's host ("" unknown).

    ``"Fox News"``/``"fox news"`` and ``https://www.foxnews.com/x`` give comparable keys
    within one naming scheme; an index should use one scheme for all its articles.
    """
    if source and source.strip():
        key = " ".join(source.lower().split())
        return key.removeprefix("www.")
    if url:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        return host.lower().removeprefix("www.")
    return ""


def day_number(published: str | None) -> int:
    """Days since 1970-01-01 of an ISO-dated ``published`` value, or a sentinel if unknown."""
    match = _ISO_DAY.search(published or "")
    if not match:
        return int(_UNKNOWN_DAY)
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return int(_UNKNOWN_DAY)
    return (day - date(1970, 1, 1)).days


# -- hashing: terms, shingles, MinHash ----------------------------------------------------

_MASK64 = (1 << 64) - 1
_SHINGLE_MULT = np.uint64(0x9E3779B97F4A7C15)
_hash_caches: dict[int, dict[str, int]] = {}


def term_hash(term: str) -> int:
    """A stable 32-bit hash of a term (crc32: the same in every process, unlike ``hash``)."""
    return zlib.crc32(term.encode("utf-8"))


def hash_terms(terms: Collection[str], mask: int) -> list[int]:
    """``term_hash(t) & mask`` of each term, through a bounded per-mask cache."""
    cache = _hash_caches.setdefault(mask, {})
    try:
        return list(map(cache.__getitem__, terms))  # the common case: all seen before
    except KeyError:
        if len(cache) > 1_000_000:
            cache.clear()
        for term in terms:
            if term not in cache:
                cache[term] = term_hash(term) & mask
        return list(map(cache.__getitem__, terms))


def _perm_coefficients(params: IndexParams) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(params.seed)
    a = rng.integers(1, 1 << 63, size=params.num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 63, size=params.num_perm, dtype=np.uint64)
    return a, b


_MAX32 = np.iinfo(np.uint32).max


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """Distinct hashes of the ``size``-character shingles of ``text`` that start at a word.

    The text is lower-cased with whitespace runs collapsed, so reflowed copies agree.
    Shingles start only at word starts (about one per word, like word shingles) and are
    hashed as a polynomial over code points, all in numpy: no per-word Python work.
    """
    flat = " ".join(text.lower().split())
    codes = np.frombuffer(flat.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) == 0:
        return np.zeros(0, dtype=np.uint64)
    size = min(size, len(codes))
    last = len(codes) - size  # the last position a whole shingle can start at
    starts = np.concatenate([[0], np.flatnonzero(codes[:last] == 32) + 1])
    windows = codes[starts[:, None] + np.arange(size)]
    powers = _SHINGLE_MULT ** np.arange(size - 1, -1, -1, dtype=np.uint64)  # wraps mod 2**64
    return np.unique((windows * powers).sum(axis=1, dtype=np.uint64))


def minhash(shingles: np.ndarray, coefficients: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """A one-permutation MinHash signature: ``num_perm`` uint32 values.

    Each shingle is hashed once (multiply-shift); its top bits choose a bin and the next 32
    bits are its value; a bin keeps its minimum. That costs one pass over the shingles
    instead of one per permutation. Empty bins (short texts) borrow the value of the next
    non-empty bin plus an offset for the distance (rotation densification), so any two
    signatures stay comparable bin by bin.
    """
    a, b = coefficients
    n_bins = len(a)
    bits = n_bins.bit_length() - 1  # n_bins is a power of two
    signature = np.full(n_bins, _MAX32, dtype=np.uint32)
    if len(shingles) == 0:
        return signature
    hashed = shingles * a[0] + b[0]
    bins = (hashed >> np.uint64(64 - bits)).astype(np.intp)
    values = ((hashed << np.uint64(bits)) >> np.uint64(32)).astype(np.uint32)
    np.minimum.at(signature, bins, values)
    empty = signature == _MAX32
    if empty.any():
        filled = np.flatnonzero(~empty)
        positions = np.arange(n_bins)
        following = np.searchsorted(filled, positions) % len(filled)
        source = filled[following]
        distance = ((source - positions) % n_bins).astype(np.uint64)
        borrowed = signature[source].astype(np.uint64) + distance * np.uint64(0x9E3779B1)
        signature[empty] = (borrowed[empty] & np.uint64(0xFFFFFFFE)).astype(np.uint32)
    return signature


def estimate_overlap(
    signature: np.ndarray, n_shingles: int, others: np.ndarray, other_counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Estimated Jaccard and containment (of the smaller text in the larger) against rows."""
    jaccard = (others == signature[None, :]).mean(axis=1)
    sizes_a = float(max(n_shingles, 1))
    sizes_b = np.maximum(other_counts.astype(float), 1.0)
    shared = jaccard * (sizes_a + sizes_b) / (1.0 + jaccard)
    containment = shared / np.minimum(sizes_a, sizes_b)
    return jaccard, np.minimum(containment, 1.0)


# -- per-article processing --------------------------------------------------------------


@dataclass(slots=True)
class ProcessedArticle:
    """What the index keeps of one article (and what a query computes of one)."""

    claims: list[Claim]
    claim_terms: list[np.ndarray]  # per claim: sorted distinct hashed terms
    claim_anchors: list[np.ndarray]  # per claim: sorted distinct hashed anchors
    doc_terms: np.ndarray  # distinct hashed terms of all claims
    doc_counts: np.ndarray  # their counts
    signature: np.ndarray
    n_shingles: int


def process(
    doc: Document, params: IndexParams, coefficients: tuple[np.ndarray, np.ndarray]
) -> ProcessedArticle:
    """Claims, hashed terms and the MinHash signature of one parsed article."""
    mask = params.n_features - 1
    claims = extract_claims(doc)
    claim_terms, claim_anchors = [], []
    counts: Counter[int] = Counter()
    for claim in claims:
        hashed = hash_terms(claim.terms, mask)
        counts.update(hashed)
        # sorted(set()) on a dozen ints is far cheaper than np.unique on a tiny array.
        claim_terms.append(np.array(sorted(set(hashed)), dtype=np.int32))
        anchors = {h for t, h in zip(claim.terms, hashed, strict=True) if t in claim.anchors}
        claim_anchors.append(np.array(sorted(anchors), dtype=np.int32))
    doc_terms = np.fromiter(counts.keys(), dtype=np.int32, count=len(counts))
    doc_counts = np.fromiter(counts.values(), dtype=np.int32, count=len(counts))
    shingles = shingle_hashes(doc.text, params.shingle_chars)
    return ProcessedArticle(
        claims,
        claim_terms,
        claim_anchors,
        doc_terms,
        doc_counts,
        minhash(shingles, coefficients),
        len(shingles),
    )


# -- the stored arrays ---------------------------------------------------------------------


@dataclass(slots=True)
class Packed:
    """A processed article as a few flat arrays: cheap to pickle between processes (dozens
    of tiny arrays per article would cost more to send than to compute) and to append."""

    spans: np.ndarray  # (n_claims, 2) int32
    terms: np.ndarray  # all claims' terms, concatenated
    term_counts: np.ndarray  # terms per claim
    anchors: np.ndarray
    anchor_counts: np.ndarray
    doc_terms: np.ndarray
    doc_counts: np.ndarray
    signature: np.ndarray
    n_shingles: int

    @classmethod
    def of(cls, item: ProcessedArticle) -> Packed:
        def flat(parts: list[np.ndarray]) -> np.ndarray:
            return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)

        return cls(
            np.array([(c.start, c.end) for c in item.claims], dtype=np.int32).reshape(-1, 2),
            flat(item.claim_terms),
            np.array([len(t) for t in item.claim_terms], dtype=np.int64),
            flat(item.claim_anchors),
            np.array([len(t) for t in item.claim_anchors], dtype=np.int64),
            item.doc_terms,
            item.doc_counts,
            item.signature,
            item.n_shingles,
        )


class _Columns:
    """Growable columns of the arrays file (compact ``array`` buffers, not Python lists)."""

    def __init__(self, num_perm: int) -> None:
        self.num_perm = num_perm
        self.claim_indptr = array("q", [0])
        self.claim_terms = array("i")
        self.anchor_indptr = array("q", [0])
        self.anchor_terms = array("i")
        self.claim_article = array("i")
        self.doc_indptr = array("q", [0])
        self.doc_terms = array("i")
        self.doc_counts = array("i")
        self.article_claims = array("q", [0])
        self.days = array("i")
        self.outlets = array("i")
        self.n_shingles = array("q")
        self.signatures: list[np.ndarray] = []

    def append(self, row: int, item: Packed, day: int, outlet: int) -> None:
        n_claims = len(item.spans)
        base = self.claim_indptr[-1]
        self.claim_indptr.extend((np.cumsum(item.term_counts) + base).tolist())
        self.claim_terms.frombytes(item.terms.astype(np.int32).tobytes())
        base = self.anchor_indptr[-1]
        self.anchor_indptr.extend((np.cumsum(item.anchor_counts) + base).tolist())
        self.anchor_terms.frombytes(item.anchors.astype(np.int32).tobytes())
        self.claim_article.extend([row] * n_claims)
        self.article_claims.append(len(self.claim_article))
        self.doc_terms.frombytes(item.doc_terms.astype(np.int32).tobytes())
        self.doc_counts.frombytes(item.doc_counts.astype(np.int32).tobytes())
        self.doc_indptr.append(len(self.doc_terms))
        self.days.append(day)
        self.outlets.append(outlet)
        self.n_shingles.append(item.n_shingles)
        self.signatures.append(item.signature)

    def arrays(self) -> dict[str, np.ndarray]:
        signatures = (
            np.vstack(self.signatures)
            if self.signatures
            else np.zeros((0, self.num_perm), dtype=np.uint32)
        )
        return {
            "claim_indptr": np.frombuffer(self.claim_indptr, dtype=np.int64),
            "claim_terms": np.frombuffer(self.claim_terms, dtype=np.int32),
            "anchor_indptr": np.frombuffer(self.anchor_indptr, dtype=np.int64),
            "anchor_terms": np.frombuffer(self.anchor_terms, dtype=np.int32),
            "claim_article": np.frombuffer(self.claim_article, dtype=np.int32),
            "doc_indptr": np.frombuffer(self.doc_indptr, dtype=np.int64),
            "doc_terms": np.frombuffer(self.doc_terms, dtype=np.int32),
            "doc_counts": np.frombuffer(self.doc_counts, dtype=np.int32),
            "article_claims": np.frombuffer(self.article_claims, dtype=np.int64),
            "days": np.frombuffer(self.days, dtype=np.int32),
            "outlets": np.frombuffer(self.outlets, dtype=np.int32),
            "n_shingles": np.frombuffer(self.n_shingles, dtype=np.int64),
            "signatures": signatures,
        }


def _concat(old: dict[str, np.ndarray], new: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Stored arrays followed by new ones; index pointers are shifted.

    ``claim_article`` is not: ``_ingest`` numbers new articles from the first free row
    already (as their SQLite rows), so shifting it again sent an added article's claims
    to a row past the end (a query then failed with an IndexError) or to another article.
    """
    out = {}
    for name, values in new.items():
        if name in ("claim_indptr", "anchor_indptr", "doc_indptr", "article_claims"):
            base = old[name][-1]
            out[name] = np.concatenate([old[name], values[1:] + base])
        else:
            out[name] = np.concatenate([old[name], values])
    return out


# -- syndication groups ------------------------------------------------------------------------


def _find(parent: np.ndarray, i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = int(parent[i])
    return i


def syndication_origins(
    signatures: np.ndarray,
    n_shingles: np.ndarray,
    days: np.ndarray,
    params: IndexParams,
    match: MatchParams,
    outlets: np.ndarray | None = None,
) -> np.ndarray:
    """For each article, the row of its syndication group's origin (itself if unique).

    Banded LSH proposes pairs: rows whose signatures agree on one whole band. Within a
    band bucket only neighbouring rows are verified, so a group of k copies costs k - 1
    checks per band instead of k^2 / 2. Verified pairs are joined (union-find); a group's
    origin is its earliest dated member; among copies of the same day, the one from the
    outlet whose articles are least often copies (a newsroom rather than a site that
    reposts others' stories, whatever either's size), then the first indexed.
    """
    n = len(signatures)
    parent = np.arange(n, dtype=np.int64)
    if n < 2:
        return parent.astype(np.int32)
    rows = params.num_perm // params.lsh_bands
    weights = np.uint64(0x100000001B3) ** np.arange(rows, dtype=np.uint64)
    pairs: list[np.ndarray] = []
    for band in range(params.lsh_bands):
        block = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
        keys = (block * weights[None, :]).sum(axis=1)
        order = np.argsort(keys, kind="stable")
        same = keys[order[1:]] == keys[order[:-1]]
        if same.any():
            pairs.append(np.stack([order[:-1][same], order[1:][same]], axis=1))
    if not pairs:
        return parent.astype(np.int32)
    candidates = np.unique(np.sort(np.concatenate(pairs), axis=1), axis=0)
    for start in range(0, len(candidates), 200_000):
        chunk = candidates[start : start + 200_000]
        a, b = chunk[:, 0], chunk[:, 1]
        jaccard = (signatures[a] == signatures[b]).mean(axis=1)
        size_a = np.maximum(n_shingles[a], 1).astype(float)
        size_b = np.maximum(n_shingles[b], 1).astype(float)
        shared = jaccard * (size_a + size_b) / (1.0 + jaccard)
        containment = shared / np.minimum(size_a, size_b)
        dup = (jaccard >= match.dup_jaccard) | (containment >= match.dup_containment)
        for i, j in chunk[dup]:
            ri, rj = _find(parent, int(i)), _find(parent, int(j))
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    roots = np.array([_find(parent, i) for i in range(n)], dtype=np.int64)
    # Origin: earliest known date (unknown dates last), most original outlet, lowest row.
    sort_day = np.where(days == _UNKNOWN_DAY, np.iinfo(np.int32).max, days).astype(np.int64)
    copied_share = np.zeros(n, dtype=np.float64)
    if outlets is not None:
        in_group = (np.bincount(roots, minlength=n) > 1)[roots]
        per_outlet = np.bincount(outlets, weights=in_group) / np.bincount(outlets)
        copied_share = per_outlet[outlets]
    order = np.lexsort((np.arange(n), copied_share, sort_day, roots))
    first_of_group = np.ones(n, dtype=bool)
    first_of_group[1:] = roots[order[1:]] != roots[order[:-1]]
    origin_of_root = {int(roots[i]): int(i) for i in order[first_of_group]}
    return np.array([origin_of_root[int(r)] for r in roots], dtype=np.int32)


# -- writing ---------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT, outlet TEXT NOT NULL,
    url TEXT, published TEXT, origin INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS claims (
    row INTEGER PRIMARY KEY, article INTEGER NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outlets (code INTEGER PRIMARY KEY, outlet TEXT NOT NULL UNIQUE);
"""


@dataclass
class BuildReport:
    """What a build or an add did: counts, and the items it skipped (and why)."""

    n_added: int = 0
    n_claims: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unreadable: int = 0  # of the skipped: inputs that could not be read (not duplicates)


def _items(articles: Iterable[Any], report: BuildReport) -> Iterator[ArticleLike]:
    """Articles only: a LoadError (anything without text) is recorded and skipped."""
    for item in articles:
        text = getattr(item, "text", None)
        if not isinstance(text, str):
            where = getattr(item, "input", None) or getattr(item, "id", None) or "?"
            report.skipped.append((str(where), str(getattr(item, "error", "no text"))))
            report.unreadable += 1
            continue
        yield item


ALREADY_INDEXED = "duplicate id: already indexed"


def index_id(article: ArticleLike) -> str:
    """The id ``article`` is indexed under: its own, valid Unicode as in a score record (a
    file name's undecodable bytes as U+FFFD: SQLite cannot store them); but a plain-text
    article from stdin (id ``-`` in every run) gets ``-:`` and 12 hex digits of its text's
    SHA-256, or each ``index add IDX -`` after the first would be skipped as a duplicate."""
    if article.id != STDIN:
        return valid_unicode(article.id)
    digest = hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{STDIN}:{digest[:12]}"


def _unclashed(key: str, own_id: str, claimed: dict[str, str]) -> str:
    """The id to index an input whose own id ``own_id`` had to be repaired to ``key``
    under: ``key``, unless another input of this run took it (file names ``a\\xff.txt``
    and ``a\\xfe.txt`` both repair to ``a\ufffd.txt``), which is no duplicate: then its
    own id with the undecodable bytes escaped, so it is indexed, not skipped."""
    first = claimed.setdefault(key, own_id)
    if first == own_id:
        return key
    distinct = escaped_surrogates(own_id)
    log.warning(
        "%s: indexed under this id (its undecodable bytes escaped), as %s, its name with "
        "U+FFFD for them, is already the id of %s",
        distinct,
        key,
        escaped_surrogates(first),
    )
    return distinct


def _write_meta(folder: Path, params: IndexParams, n_articles: int, n_claims: int) -> None:
    meta = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "n_articles": n_articles,
        "n_claims": n_claims,
        "params": asdict(params),
    }
    tmp = folder / (META_FILE + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, folder / META_FILE)


def _write_arrays(folder: Path, arrays: dict[str, np.ndarray]) -> Path:
    """The arrays in a temporary file beside the real one (the caller moves it over)."""
    tmp = folder / "arrays.tmp.npz"
    with tmp.open("wb") as handle:
        np.savez(handle, **arrays)  # type: ignore[arg-type]  # numpy's stub misreads **kw
    return tmp


def _process_texts(texts: list[str], params: IndexParams) -> list[Packed]:
    """Worker side of a parallel build: process a batch of texts into packed form."""
    coefficients = _perm_coefficients(params)
    return [Packed.of(process(as_document(text), params, coefficients)) for text in texts]


_T = TypeVar("_T")


def _batches(articles: Iterator[_T], size: int) -> Iterator[list[_T]]:
    batch: list[_T] = []
    for article in articles:
        batch.append(article)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _processed(
    articles: Iterator[tuple[str, ArticleLike]], params: IndexParams, jobs: int
) -> Iterator[tuple[str, ArticleLike, Packed]]:
    """Articles (with the ids they are indexed under) and their processed form, in input
    order; ``jobs`` > 1 uses processes."""
    if jobs <= 1:
        coefficients = _perm_coefficients(params)
        for key, article in articles:
            packed = Packed.of(process(as_document(article.text), params, coefficients))
            yield key, article, packed
        return
    import multiprocessing
    from functools import partial

    work = partial(_process_texts, params=params)
    batches = _batches(articles, 64)
    pool = multiprocessing.get_context("fork").Pool(jobs)
    try:
        # A window of batches at a time: order is kept and memory stays bounded (imap would
        # read the whole input ahead).
        while window := list(islice(batches, jobs * 8)):
            results = pool.map(work, [[a.text for _, a in batch] for batch in window])
            for batch, items in zip(window, results, strict=True):
                for (key, article), item in zip(batch, items, strict=True):
                    yield key, article, item
    except BaseException:
        pool.terminate()
        raise
    # Done: the workers are told to end and are waited for. ``with Pool`` ends them with
    # terminate() even then, which once left a worker blocked on the task queue's lock and
    # the run waiting for it forever.
    pool.close()
    pool.join()


def _ingest(
    articles: Iterable[Any],
    db: sqlite3.Connection,
    params: IndexParams,
    first_row: int,
    first_claim: int,
    report: BuildReport,
    jobs: int = 1,
) -> dict[str, np.ndarray]:
    """Process and store new articles (SQLite rows now, arrays returned); skip known ids."""
    columns = _Columns(params.num_perm)
    outlet_codes = dict(db.execute("SELECT outlet, code FROM outlets"))
    known = {row[0] for row in db.execute("SELECT id FROM articles")}
    claimed: dict[str, str] = {}  # id -> the input's own id that took it in this run

    def fresh() -> Iterator[tuple[str, ArticleLike]]:
        for article in _items(articles, report):
            key = index_id(article)
            if valid_unicode(article.id) != article.id:
                log.warning("%s: %s", key, UNDECODABLE_NAME)
                key = _unclashed(key, article.id, claimed)
            if key in known:
                report.skipped.append((key, ALREADY_INDEXED))
                continue
            known.add(key)
            yield key, article

    row, claim_row = first_row, first_claim
    claim_rows: list[tuple[int, int, int, int, str]] = []
    for key, article, item in _processed(fresh(), params, jobs):
        outlet = outlet_key(article.source, article.url)
        if outlet not in outlet_codes:
            outlet_codes[outlet] = len(outlet_codes)
            db.execute("INSERT INTO outlets VALUES (?, ?)", (outlet_codes[outlet], outlet))
        db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
            (row, key, article.source, outlet, article.url, article.published, row),
        )
        text = article.text
        claim_rows.extend(
            (claim_row + k, row, start, end, text[start:end])
            for k, (start, end) in enumerate(item.spans.tolist())
        )
        if len(claim_rows) >= 20_000:  # one executemany per many articles, not per article
            db.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?)", claim_rows)
            claim_rows.clear()
        columns.append(row, item, day_number(article.published), outlet_codes[outlet])
        row += 1
        claim_row += len(item.spans)
        report.n_added += 1
        report.n_claims += len(item.spans)
    db.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?)", claim_rows)
    return columns.arrays()


def _finish(
    folder: Path, db: sqlite3.Connection, arrays: dict[str, np.ndarray], params: IndexParams
) -> None:
    """Group syndicated copies, then write arrays, origins and the metadata last.

    The new arrays are written to a temporary file first, then the SQLite transaction is
    committed and the file moved into place, so an interruption leaves the old index
    (or, in a tiny window, one that open_index reports as inconsistent), never a mix.
    """
    if len(arrays["days"]) == 0:
        raise UsageError("the reference corpus has no articles: nothing to corroborate against")
    origins = syndication_origins(
        arrays["signatures"],
        arrays["n_shingles"],
        arrays["days"],
        params,
        MatchParams(),
        arrays["outlets"],
    )
    arrays["origins"] = origins
    changed = np.nonzero(origins != np.arange(len(origins)))[0]
    db.execute("UPDATE articles SET origin = row")  # groups may split or merge on add
    db.executemany(
        "UPDATE articles SET origin = ? WHERE row = ?",
        [(int(origins[i]), int(i)) for i in changed],
    )
    tmp = _write_arrays(folder, arrays)
    db.commit()
    os.replace(tmp, folder / ARRAYS_FILE)
    _write_meta(folder, params, len(origins), len(arrays["claim_article"]))


@contextmanager
def _connect(path: Path, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection; not ``durable`` (a fresh build in a temporary folder, or reads) skips
    the journal, since a failed build is thrown away whole anyway."""
    db = sqlite3.connect(path)
    try:
        if not durable:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
        yield db
    finally:
        db.close()


def build_index(
    articles: Iterable[Any],
    out_dir: str | os.PathLike[str],
    params: IndexParams | None = None,
    *,
    jobs: int = 1,
) -> BuildReport:
    """Index ``articles`` (Article-like objects; LoadErrors are skipped) into ``out_dir``.

    The folder is written whole in a sibling temporary folder and then moved into place,
    so an interrupted build never leaves a half index behind. An existing index there
    is replaced; any other non-empty folder is refused. ``jobs`` > 1 parses articles in
    that many worker processes (the result is identical).
    """
    params = params or IndexParams()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"cannot write the index to {str(out)!r}: it is a file, not a folder")
    if out.exists() and any(out.iterdir()) and not (out / META_FILE).exists():
        raise UsageError(f"{out} exists and is not a sourcecheck index: refusing to overwrite")
    make_parent_folder(out)
    with claimed(str(out), _WAIT):
        return _build_in(out, articles, params, jobs)


def _build_in(out: Path, articles: Iterable[Any], params: IndexParams, jobs: int) -> BuildReport:
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".index-", dir=out.parent))
    except OSError as error:  # a read-only or special folder (/proc)
        where = f"cannot make a folder in {str(out.parent)!r}: {error.strerror}"
        raise UsageError(f"cannot write the index to {str(out)!r}: {where}") from None
    report = BuildReport()
    try:
        with _connect(tmp / DB_FILE) as db:
            db.executescript(_SCHEMA)
            arrays = _ingest(articles, db, params, 0, 0, report, jobs)
            if not report.n_added and report.skipped:
                # Say why, or "no articles" hides a mistyped path or an unreadable file.
                item, why = report.skipped[0]
                more = f" (and {len(report.skipped) - 1} more)" if len(report.skipped) > 1 else ""
                raise UsageError(
                    f"the reference corpus has no articles: {item}: {why}{more}; nothing "
                    "to corroborate against"
                )
            _finish(tmp, db, arrays, params)
        share_like_mkdir(tmp)
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report


def add_to_index(
    index_dir: str | os.PathLike[str], articles: Iterable[Any], *, jobs: int = 1
) -> BuildReport:
    """Add articles to an existing index (ids already there are skipped and reported)."""
    folder = Path(index_dir)
    _read_meta(folder)  # a missing or broken index is said before a lock file is made
    with claimed(str(folder), _WAIT):
        params = IndexParams(**_read_meta(folder)["params"])
        old = _load_arrays(folder)
        report = BuildReport()
        with _connect(folder / DB_FILE, durable=True) as db:
            first_row, first_claim = len(old["days"]), len(old["claim_article"])
            new = _ingest(articles, db, params, first_row, first_claim, report, jobs)
            merged = _concat({k: v for k, v in old.items() if k != "origins"}, new)
            _finish(folder, db, merged, params)
    return report


# -- reading -----------------------------------------------------------------------------------


# Index build and add each hold the index folder's lock: a second writer would lose the
# first one's articles (a build replacing the folder an add is writing).
_WAIT = "wait for it (an index build or add) to finish"


def _corrupt(folder: Path, why: str) -> SourcecheckError:
    if being_written(str(folder)):  # not broken: caught between two of its files' writes
        return SourcecheckError(
            f"{folder} cannot be read now ({why}): another sourcecheck run is writing it "
            "(index build or add); try again when it has finished"
        )
    return SourcecheckError(
        f"{folder} is not a usable sourcecheck index ({why}); rebuild it with "
        "`sourcecheck index build CORPUS... --out DIR`"
    )


def _read_meta(folder: Path) -> dict[str, Any]:
    if folder.exists() and not folder.is_dir():
        raise SourcecheckError(f"no index at {folder}: it is a file, not an index folder")
    if not folder.is_dir():
        raise SourcecheckError(f"no index at {folder}: the folder does not exist")
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _corrupt(folder, f"no {META_FILE}") from None
    except (OSError, ValueError) as error:
        raise _corrupt(folder, f"{META_FILE} is unreadable: {error}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise _corrupt(folder, f"{META_FILE} does not describe a {FORMAT_NAME}")
    if meta.get("version") != FORMAT_VERSION:
        raise _corrupt(
            folder,
            f"format version {meta.get('version')!r}, this sourcecheck reads {FORMAT_VERSION}",
        )
    try:
        IndexParams(**meta["params"])
    except (KeyError, TypeError) as error:
        raise _corrupt(folder, f"bad build parameters: {error}") from None
    return meta


_REQUIRED = (
    *("claim_indptr", "claim_terms", "anchor_indptr", "anchor_terms", "claim_article"),
    *("doc_indptr", "doc_terms", "doc_counts", "article_claims", "days", "outlets"),
    *("n_shingles", "signatures", "origins"),
)


def _load_arrays(folder: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(folder / ARRAYS_FILE, allow_pickle=False) as data:
            arrays = {name: data[name] for name in _REQUIRED}
    except FileNotFoundError:
        raise _corrupt(folder, f"no {ARRAYS_FILE}") from None
    except (OSError, ValueError, KeyError, EOFError, zlib.error, zipfile.BadZipFile) as error:
        # numpy takes a file that is no archive for a pickle and refuses it with advice to
        # unpickle it: never the advice to give about a damaged index.
        why = "not a numpy archive" if "pickle" in str(error) else str(error)
        raise _corrupt(folder, f"{ARRAYS_FILE} is unreadable: {why}") from None
    n, n_claims = len(arrays["days"]), len(arrays["claim_article"])
    consistent = (
        len(arrays["article_claims"]) == n + 1
        and arrays["article_claims"][-1] == n_claims
        and len(arrays["claim_indptr"]) == n_claims + 1
        and arrays["claim_indptr"][-1] == len(arrays["claim_terms"])
        and len(arrays["origins"]) == n
        and len(arrays["signatures"]) == n
    )
    if not consistent:
        raise _corrupt(folder, f"{ARRAYS_FILE} has inconsistent lengths")
    # Each claim belongs to the article whose claim range holds it (`index add` before
    # the fix of _concat wrote other rows here, some past the end).
    owners = np.repeat(np.arange(n, dtype=np.int64), np.diff(arrays["article_claims"]))
    if not np.array_equal(arrays["claim_article"], owners):
        raise _corrupt(folder, f"{ARRAYS_FILE} assigns claims to the wrong articles")
    return arrays


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    idf: np.ndarray = (np.log((n + 1.0) / (df + 1.0)) + 1.0).astype(np.float32)
    return idf


def _unit_rows(
    data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    """A CSR matrix of ``data`` with every row scaled to unit length, computed on the flat
    arrays (no sparse temporaries: this runs on every open, on millions of rows)."""
    lengths = np.diff(indptr)
    sums = np.zeros(len(lengths), dtype=np.float64)
    filled = lengths > 0
    if filled.any():
        # reduceat over the starts of non-empty rows: each segment ends where the next starts.
        sums[filled] = np.add.reduceat(data.astype(np.float64) ** 2, indptr[:-1][filled])
    norms = np.sqrt(sums)
    norms[norms == 0] = 1.0
    scaled = (data / np.repeat(norms, lengths)).astype(np.float32)
    return sp.csr_matrix((scaled, indices, indptr), shape=shape)


class ReferenceIndex:
    """An opened index: the arrays in memory, the SQLite metadata, and matching."""

    def __init__(self, folder: Path, meta: dict[str, Any], arrays: dict[str, np.ndarray]):
        self.folder = folder
        self.meta = meta
        self.params = IndexParams(**meta["params"])
        self.arrays = arrays
        self.n_articles = len(arrays["days"])
        self.n_claims = len(arrays["claim_article"])
        self._coefficients = _perm_coefficients(self.params)
        self._load_metadata()
        self._build_matrices()

    def __repr__(self) -> str:
        return f"ReferenceIndex({str(self.folder)!r}, {self.n_articles} articles)"

    def _load_metadata(self) -> None:
        try:
            with _connect(self.folder / DB_FILE) as db:
                rows = db.execute("SELECT row, id, source, outlet FROM articles ORDER BY row")
                table = rows.fetchall()
                self.outlet_codes: dict[str, int] = dict(
                    db.execute("SELECT outlet, code FROM outlets")
                )
        except sqlite3.Error as error:
            raise _corrupt(self.folder, f"{DB_FILE}: {error}") from None
        if len(table) != self.n_articles:
            raise _corrupt(self.folder, f"{DB_FILE} and {ARRAYS_FILE} disagree")
        self.ids: list[str] = [r[1] for r in table]
        self.sources: list[str | None] = [r[2] for r in table]
        self.outlet_names: list[str] = [r[3] for r in table]
        self.row_of_id = {article_id: i for i, article_id in enumerate(self.ids)}
        # Outlets of each syndicated group (groups of one need no entry).
        origins, outlets = self.arrays["origins"], self.arrays["outlets"]
        copied = np.nonzero(origins != np.arange(self.n_articles))[0]
        self._group_outlets: dict[int, set[int]] = {}
        for i in copied.tolist():
            group = int(origins[i])
            self._group_outlets.setdefault(group, {int(outlets[group])}).add(int(outlets[i]))

    def _build_matrices(self) -> None:
        """IDF-weighted, row-normalised claim and article matrices, and the inverted claims."""
        a, m = self.arrays, self.params.n_features
        self.claim_idf = _idf(np.bincount(a["claim_terms"], minlength=m), self.n_claims)
        self.claims = _unit_rows(
            self.claim_idf[a["claim_terms"]],
            a["claim_terms"],
            a["claim_indptr"],
            (self.n_claims, m),
        )
        self.anchors = sp.csr_matrix(
            (
                np.ones(len(a["anchor_terms"]), dtype=np.float32),
                a["anchor_terms"],
                a["anchor_indptr"],
            ),
            shape=(self.n_claims, m),
        )
        # Inverted anchors (term -> claims): a query reads only its anchors' postings.
        self.anchors_by_term = self.anchors.T.tocsr()
        self.doc_idf = _idf(np.bincount(a["doc_terms"], minlength=m), self.n_articles)
        weights = (1.0 + np.log(np.maximum(a["doc_counts"], 1))) * self.doc_idf[a["doc_terms"]]
        self.docs = _unit_rows(weights, a["doc_terms"], a["doc_indptr"], (self.n_articles, m))
        self._scratch = np.zeros(m, dtype=np.float32)

    # -- queries --------------------------------------------------------------------------

    def process(self, doc: Document | str) -> ProcessedArticle:
        return process(as_document(doc), self.params, self._coefficients)

    def match(
        self,
        doc: Document | str,
        *,
        article_id: str | None = None,
        source: str | None = None,
        url: str | None = None,
        published: str | None = None,
        params: MatchParams | None = None,
    ) -> list[ClaimMatches]:
        """Each claim of ``doc`` with its matches in independent articles of the index.

        Never counted: the article itself (same id and text, or a near-copy of its text),
        articles of its own outlet, and syndicated copies: a group of near-duplicates counts
        once, as its origin, and not at all if any copy is from the queried outlet or is a
        copy of the queried text.
        """
        params = params or MatchParams()
        item = self.process(doc)
        result = [ClaimMatches(claim) for claim in item.claims]
        if not item.claims or self.n_claims == 0:
            return result
        candidates = self._candidate_articles(item.claim_anchors, params)
        allowed = self._allowed_articles(
            item, candidates, article_id, source, url, published, params
        )
        if len(allowed) == 0:
            return result
        # Exact cosine between every query claim and every claim of the allowed articles.
        bounds = self.arrays["article_claims"]
        c_rows = np.concatenate([np.arange(bounds[a], bounds[a + 1]) for a in allowed])
        if len(c_rows) == 0:
            return result
        query = self._query_matrix(item.claim_terms)
        scores = (self.claims[c_rows] @ query.T).tocoo()
        keep = scores.data >= params.min_similarity
        q_rows, sims, c_rows = scores.col[keep], scores.data[keep], c_rows[scores.row[keep]]
        articles = self.arrays["claim_article"][c_rows]
        origins = self.arrays["origins"][articles]
        best: dict[tuple[int, int], float] = {}
        for qi, ci, sim, origin in zip(
            q_rows.tolist(), c_rows.tolist(), sims.tolist(), origins.tolist(), strict=True
        ):
            if not self._shares_anchors(item.claim_anchors[qi], ci, params.min_shared_anchors):
                continue
            key = (qi, origin)
            if sim > best.get(key, 0.0):
                best[key] = sim
        for (qi, origin), sim in best.items():
            result[qi].matches.append(
                {"id": self.ids[origin], "source": self.sources[origin], "similarity": sim}
            )
        for entry in result:
            entry.matches.sort(key=lambda m: (-m["similarity"], m["id"]))
            del entry.matches[params.max_matches :]
            for m in entry.matches:
                m["similarity"] = round(float(m["similarity"]), 4)
        return result

    def _candidate_articles(self, anchors: list[np.ndarray], params: MatchParams) -> np.ndarray:
        """The articles with the most anchor evidence in common with the query's claims.

        A match needs a shared named entity or number anyway, so candidates come from the
        postings of the query's anchors only, skipping anchors found everywhere
        (``max_anchor_claims``). Articles are ranked by the summed IDF of the anchors they
        share and the best ``max_candidates`` kept: a query's cost stays bounded however
        large the index, instead of growing with the postings of common words.
        """
        terms = np.unique(np.concatenate(anchors)) if anchors else np.zeros(0, np.int32)
        indptr, indices = self.anchors_by_term.indptr, self.anchors_by_term.indices
        starts, ends = indptr[terms], indptr[terms + 1]
        lengths = ends - starts
        lengths[lengths > max(params.max_anchor_claims, 1)] = 0
        # Rarest anchors first, until the postings budget is spent: the rare ones are the
        # telling ones, and the budget bounds a query's cost whatever the index size.
        order = np.argsort(lengths, kind="stable")
        spent = np.cumsum(lengths[order])
        lengths[order[1:][spent[1:] > params.max_postings]] = 0
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(0, dtype=np.int64)
        # All postings in one gather: position = start of its term + offset within it.
        offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        claims = indices[np.repeat(starts, lengths) + offsets]
        weights = np.repeat(self.claim_idf[terms], lengths)
        evidence = np.bincount(
            self.arrays["claim_article"][claims], weights=weights, minlength=self.n_articles
        )
        found = np.flatnonzero(evidence)
        if len(found) > params.max_candidates:
            top = np.argpartition(evidence[found], -params.max_candidates)
            found = np.sort(found[top[-params.max_candidates :]])
        return found

    def _query_matrix(self, claim_terms: list[np.ndarray]) -> sp.csr_matrix:
        indptr = np.zeros(len(claim_terms) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(t) for t in claim_terms])
        indices = np.concatenate(claim_terms).astype(np.int32)
        data = self.claim_idf[indices]
        norms = np.sqrt(np.add.reduceat(data * data, indptr[:-1])) if len(data) else data
        data = data / np.repeat(np.maximum(norms, 1e-12), np.diff(indptr))
        return sp.csr_matrix(
            (data.astype(np.float32), indices, indptr),
            shape=(len(claim_terms), self.params.n_features),
        )

    def _shares_anchors(self, query_anchors: np.ndarray, claim_row: int, needed: int) -> bool:
        if needed <= 0:
            return True
        start, end = self.anchors.indptr[claim_row], self.anchors.indptr[claim_row + 1]
        shared = np.intersect1d(query_anchors, self.anchors.indices[start:end], True)
        return len(shared) >= needed

    def _allowed_articles(
        self,
        item: ProcessedArticle,
        candidates: np.ndarray,
        article_id: str | None,
        source: str | None,
        url: str | None,
        published: str | None,
        params: MatchParams,
    ) -> np.ndarray:
        """The candidate rows that may corroborate the queried article (see :meth:`match`)."""
        a = self.arrays
        origins = a["origins"]
        banned_groups: set[int] = set()
        # Itself: the same id with the same text, or a near-copy of its text (and all copies
        # of those). Not the same id alone: "feed.jsonl:18", "1" or the API's "0" name
        # other articles in other runs' files, which may well corroborate this one.
        own_row = self._row_indexed_as(article_id) if article_id is not None else None
        if own_row is not None and self._same_text(item, own_row):
            banned_groups.add(int(origins[own_row]))
        jaccard, containment = estimate_overlap(
            item.signature,
            item.n_shingles,
            a["signatures"][candidates],
            a["n_shingles"][candidates],
        )
        copies = (jaccard >= params.dup_jaccard) | (containment >= params.dup_containment)
        banned_groups.update(origins[candidates[copies]].tolist())
        # Its own outlet: any group with a member from the same outlet.
        outlet = outlet_key(source, url)
        code = self.outlet_codes.get(outlet) if outlet else None
        if code is not None:
            own = candidates[a["outlets"][candidates] == code]
            banned_groups.update(origins[own].tolist())
            # A syndicated group is banned if any copy, candidate or not, is from this outlet.
            for group in np.unique(origins[candidates]).tolist():
                if code in self._group_outlets.get(group, ()):
                    banned_groups.add(group)
        ok = ~np.isin(origins[candidates], np.fromiter(banned_groups, dtype=np.int64))
        day = day_number(published)
        days = a["days"][candidates]
        dated = (days != _UNKNOWN_DAY) & (day != _UNKNOWN_DAY)
        if params.max_days_apart is None:
            dated[:] = False
        else:
            ok &= ~dated | (np.abs(days.astype(np.int64) - day) <= params.max_days_apart)
        # Same story: the articles' term profiles must agree, not just one sentence; more
        # so when dates cannot confirm that the two reports are of the same days.
        needed = np.where(dated, params.min_story, params.min_story_undated)
        ok &= self._story_similarity(item, candidates) >= needed
        allowed: np.ndarray = candidates[ok]
        return allowed

    def _same_text(self, item: ProcessedArticle, row: int) -> bool:
        """Whether ``row`` was indexed from ``item``'s text: the same MinHash signature over
        as many shingles (the index keeps no texts to compare)."""
        a = self.arrays
        return bool(
            a["n_shingles"][row] == item.n_shingles
            and np.array_equal(a["signatures"][row], item.signature)
        )

    def _row_indexed_as(self, article_id: str) -> int | None:
        """The row an article with id ``article_id`` was indexed under, if any: a name with
        undecodable bytes is stored as :func:`index_id` repairs it, or escaped when another
        input of its run took that (:func:`_unclashed`), never as given."""
        if valid_unicode(article_id) == article_id:
            return self.row_of_id.get(article_id)
        escaped = self.row_of_id.get(escaped_surrogates(article_id))
        return escaped if escaped is not None else self.row_of_id.get(valid_unicode(article_id))

    def _story_similarity(self, item: ProcessedArticle, rows: np.ndarray) -> np.ndarray:
        """Cosine of the queried article's term profile with each of ``rows``' profiles."""
        weights = (1.0 + np.log(np.maximum(item.doc_counts, 1))) * self.doc_idf[item.doc_terms]
        norm = float(np.linalg.norm(weights)) or 1.0
        # A dense scratch vector, zeroed again after use: no per-query allocation of
        # n_features floats, and sparse-times-dense is the fast path in scipy.
        scratch = self._scratch
        scratch[item.doc_terms] = weights / norm
        try:
            similarity: np.ndarray = self.docs[rows] @ scratch
        finally:
            scratch[item.doc_terms] = 0.0
        return similarity

    def outlet_of(self, article_id: str) -> str:
        """The outlet key of an indexed article; an unknown outlet is the article itself."""
        row = self.row_of_id[article_id]
        return self.outlet_names[row] or f"id:{article_id}"

    def __deepcopy__(self, memo: dict[int, Any]) -> ReferenceIndex:
        # Read-only once opened, and large: scikit-learn's clone() may share it.
        return self

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # Pickled (e.g. to worker processes) as its folder, reopened on arrival.
        return open_index, (str(self.folder),)

    def claims_of(self, article_id: str) -> list[tuple[int, int, str]]:
        """The stored claims (start, end, text) of an indexed article."""
        row = self.row_of_id.get(article_id)
        if row is None:
            return []
        with _connect(self.folder / DB_FILE) as db:
            found = db.execute(
                'SELECT start, "end", text FROM claims WHERE article = ? ORDER BY row', (row,)
            )
            return [(int(s), int(e), str(t)) for s, e, t in found]


def open_index(path: str | os.PathLike[str]) -> ReferenceIndex:
    """Open an index folder; a missing, corrupt or other-version index raises
    :class:`~sourcecheck.scoring.errors.SourcecheckError` saying so."""
    folder = Path(path)
    meta = _read_meta(folder)
    arrays = _load_arrays(folder)
    if not (folder / DB_FILE).is_file():
        raise _corrupt(folder, f"no {DB_FILE}")
    return ReferenceIndex(folder, meta, arrays)


def content_sha256(path: str | os.PathLike[str]) -> str:
    """sha256 of what the index at ``path`` holds: its build parameters, every array and
    the rows of its articles and claims. Not of its files: ``np.savez`` stamps the time
    into the archive, so a corpus indexed again for ``--against`` would never match. A
    ``--resume`` compares it with the index the kept rows were corroborated against."""
    folder = Path(path)
    digest = hashlib.sha256(json.dumps(_read_meta(folder)["params"], sort_keys=True).encode())
    for name, values in sorted(_load_arrays(folder).items()):
        digest.update(f"{name} {values.dtype.str} {values.shape}\n".encode())
        digest.update(np.ascontiguousarray(values).tobytes())
    tables = {"articles": "id, source, outlet, url, published, origin", "claims": _CLAIM_COLUMNS}
    try:
        with _connect(folder / DB_FILE) as db:
            for table, columns in tables.items():
                for row in db.execute(f"SELECT {columns} FROM {table} ORDER BY row"):
                    digest.update(json.dumps(row).encode() + b"\n")
    except sqlite3.Error as error:
        raise _corrupt(folder, f"{DB_FILE}: {error}") from None
    return digest.hexdigest()


_CLAIM_COLUMNS = 'article, start, "end", text'


def is_index(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder with an index's metadata file (valid or not)."""
    return (Path(path) / META_FILE).is_file()


def index_or_corpus(
    path: str | os.PathLike[str] | ReferenceIndex,
    *,
    keep_dir: str | None = None,
    jobs: int = 1,
) -> ReferenceIndex:
    """An opened index from an index folder, or from any corpus path (indexed on the fly
    into a temporary folder, or ``keep_dir``); an empty corpus is a usage error."""
    if isinstance(path, ReferenceIndex):
        return path
    if not str(path).strip():  # Path("") is the current folder: never what was meant
        raise UsageError("no index or corpus given (an empty path)")
    if is_index(path):
        return open_index(path)
    from sourcecheck.scoring.loading import iter_articles

    if not Path(path).exists():
        raise UsageError(f"no index or corpus at {path}")
    if any((Path(path) / name).exists() for name in (ARRAYS_FILE, DB_FILE)):
        raise _corrupt(Path(path), f"no {META_FILE}")  # the remains of an index
    if keep_dir:
        build_index(iter_articles([str(path)]), keep_dir, jobs=jobs)
        return open_index(keep_dir)
    return build_temporary_index(iter_articles([str(path)]), jobs=jobs)


def build_temporary_index(articles: Iterable[Any], *, jobs: int = 1) -> ReferenceIndex:
    """Index ``articles`` into a temporary folder, removed when the index is collected."""
    tmp = Path(tempfile.mkdtemp(prefix="sourcecheck-index-"))
    try:
        build_index(articles, tmp / "index", jobs=jobs)
        index = open_index(tmp / "index")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    weakref.finalize(index, shutil.rmtree, tmp, True)
    return index

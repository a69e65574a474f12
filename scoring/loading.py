"""Load articles from files, folders, stdin and DataFrames: one Article or LoadError per item.

Nothing is dropped silently and input order is preserved. Everything streams: JSONL line
by line, CSV row by row, Parquet in batches, so memory stays flat on millions of rows.

Conventions
-----------
- Kinds by extension (any case): ``.txt``/``.md`` (the whole file is one article),
  ``.html``/``.htm`` (main text, title, author, date, site name as ``source`` via
  trafilatura; fewer than ``MIN_HTML_WORDS`` words extracted is "no main text"), ``.jsonl``,
  ``.csv``, ``.parquet`` (one article per row), folders, and ``-`` for stdin; ``.tsv``
  (tab-separated, plain or quoted: see :func:`_tsv_records`) and ``.json`` (an array of row
  objects, or one) only when named, since a folder's ``.tsv`` files are mostly labels
  (``data/examples/labels.tsv``) and its ``.json`` files settings. A file with another
  extension named explicitly is a per-item error.
- Folders: recursive, sorted by path. Files with other extensions and hidden entries
  (names starting with ".") are skipped, each logged at INFO, and the other extensions
  counted in one warning per folder; a folder with no article files at all is a per-item
  error.
- Ids and inputs: a whole file has ``id = input =`` the path as given. A JSONL line has
  input ``path:line`` (1-based physical line; blank lines are skipped, not items). A CSV or
  Parquet row has input ``path:row``: the 1-based data row, header not counted (so a CSV's
  row 1 is usually on line 2; quoted fields may span lines, hence rows, not lines). An
  element of a ``.json`` array has input ``path:index`` (from 0, as ``jq '.[0]'`` counts);
  a ``.json`` file holding one object is a whole file. A row's
  own non-empty ``id`` is its id; a row without one gets its input as id. An error about a
  whole file (unreadable, not Parquet, no rows) has the path as input.
- Text is kept exactly as decoded: no stripping, no newline translation ("\\r\\n" stays).
  A UTF-8 byte-order mark is dropped, so offsets index the text after it, and the article
  is ``derived``: its records with evidence carry the text.
- Mojibake (UTF-8 text once decoded as Latin-1 or cp1252: "â€œ" for "“") is repaired,
  with a warning, and the article is ``derived``, as the quotes and apostrophes it hides
  decide what is a quotation (:mod:`sourcecheck.scoring.mojibake`).
- Lone surrogates (JSON's "\\ud800" escapes; undecodable bytes in file names), which no
  output can encode, become U+FFFD one for one, so offsets do not move; a text that had
  any gets a warning.
- Decoding: UTF-8; UTF-16 with a byte-order mark (warning ``decoded as utf-16``); UTF-8
  with a few stray bytes (most non-ASCII characters valid UTF-8): those bytes read as cp1252,
  with the warning ``decoded as cp1252 (the rest of the file is UTF-8)``, in a CSV for the
  rows that hold them; else the charset charset-normalizer finds (cp1252 preferred when it
  fits nearly as well as the best), with the warning ``decoded as cp1252``. NUL bytes, no
  plausible charset, or mostly control characters give ``binary file: not text``. JSON
  Lines are UTF-8 (RFC 8259): a UTF-16 file or stdin is one error; a line that is not UTF-8
  is read as cp1252, with a warning.
- stdin: if its first non-blank line is a JSON object, or starts like one (``{"``), it is
  read as JSONL (inputs ``-:line``); a JSON array (``[{``) is one error (name the ``.json``
  file), and so is a CSV or TSV (a header with a ``text`` column); an HTML page (opening, after
  any comments or XML declaration, with ``<!doctype html``, ``<html``, ``<head``, ``<body``,
  ``<meta`` or ``<title``) is extracted as an ``.html`` file is; otherwise all of it
  is one plain-text article, id ``-``.
- Labels: 0/1, true/false, "0"/"1", "true"/"false" (any case), 0.0/1.0. Missing or empty
  means None. Anything else: label None and a warning on the article (not an error: labels
  are optional, and the text can still be scored).
- Empty containers (an empty JSONL, a header-only CSV, a Parquet with no rows, an empty
  JSON array) are per-item errors, and so is a ``.json`` file that is not JSON, or neither
  an array nor an object; an array element that is not an object is that element's error.
  A CSV row that cannot be read is that row's error and the next row is read: a stray or
  unclosed quote (an unclosed one takes the rest of the file as its field), more
  fields than the header (fewer are empty trailing cells), a NUL byte, or bytes that are
  not text in the file's encoding. A file that is mostly control characters is binary: one
  error.
- A CSV or Parquet named as a path with no ``text`` column raises :class:`UsageError`
  naming the columns found, before any article is read: the request is wrong, not one row.
  One found in a folder (a ``pairs.csv`` beside the articles) is that file's per-item error.
  A CSV header split by another separator (semicolons, tabs) is said to be so.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import json
import logging
import math
import numbers
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO, TypeAlias

from sourcecheck.scoring import mojibake
from sourcecheck.scoring.articles import Article, LoadError, valid_unicode
from sourcecheck.scoring.errors import UsageError, one_line

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

Item: TypeAlias = Article | LoadError

STDIN = "-"
TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".jsonl", ".csv", ".parquet"}
#: The delimiter of each CSV kind: ``.tsv`` is read only when named (not in KNOWN_SUFFIXES).
TABLE_DELIMITERS = {".csv": ",", ".tsv": "\t"}
#: Kinds read only when named: a folder's ``.tsv`` files mostly hold labels, its ``.json``
#: files settings, and reading them as articles would make error records of them.
NAMED_ONLY_SUFFIXES = frozenset({".tsv", ".json"})
#: A folder's labels of its files (``data/examples/labels.tsv``): read by ``train seeds`` and
#: ``check`` (:func:`sourcecheck.scoring.corpora.read_labels`), never as articles.
LABELS_FILE = "labels.tsv"
#: Rows per DataFrame chunk or Parquet batch: a few MB of text, whatever the file size.
CHUNK_ROWS = 5_000
#: Bytes read to guess a CSV's encoding before its rows are streamed.
ENCODING_SAMPLE_BYTES = 1 << 20
_CSV_FIELD_LIMIT = 2**31 - 1  # the largest the csv module takes on every platform
# Bytes the CSV's encoding cannot decode, as surrogateescape keeps them: U+DC80..U+DCFF.
_UNDECODED = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_STRAY_CP1252 = "decoded as cp1252 (the rest of the file is UTF-8)"
# ASCII and the curly quotes, dashes and ellipsis of cp1252 (its bytes 0x85, 0x91-0x94,
# 0x96, 0x97): English text typed in Word and saved as cp1252. Left to the charset detector,
# a few apostrophes (b"it\x92s") came out as big5hkscs; in a multi-byte charset's text
# other bytes show up too (Shift-JIS's kana lead with 0x82 or 0x83).
_ASCII_AND_SMART_PUNCTUATION = bytes(range(128)) + b"\x85\x91\x92\x93\x94\x96\x97"

_ROW_FIELDS = ("id", "text", "title", "source", "url", "published", "label", "author")
_LABEL_WORDS = {"0": 0, "1": 1, "false": 0, "true": 1, "0.0": 0, "1.0": 1}
_SUPPORTED = ".txt, .md, .html, .htm, .jsonl, .csv or .parquet"
_SUPPORTED_NAMED = ".txt, .md, .html, .htm, .json, .jsonl, .csv, .tsv or .parquet"
# C0 controls other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BINARY_CONTROL_SHARE = 0.05
_CONTROL_SAMPLE_CHARS = 100_000
# How much more "chaos" (charset-normalizer's mess score, 0..1) cp1252 may show and still be
# preferred; Cyrillic, Greek or Central European texts never fit cp1252 that closely.
_CP1252_CHAOS_SLACK = 0.1
# UTF-16 text (Windows "Unicode" exports) is full of NUL bytes: its BOM tells it from binary.
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: Extracted HTML text with fewer words is not an article (a nav-only page yields "Home").
MIN_HTML_WORDS = 10


def iter_articles(paths: Sequence[str], *, stdin: TextIO | None = None) -> Iterator[Item]:
    """Articles (or per-item errors) from files, folders and ``-`` (stdin), in input order.

    ``stdin`` defaults to ``sys.stdin``; its bytes are read when it has a ``buffer``.
    Raises :class:`UsageError` at once, before any article is read, when a CSV or Parquet
    file in ``paths`` has no ``text`` column (one inside a folder is a per-item error).
    """
    if isinstance(paths, str):  # a lone path, not a sequence of one-character paths
        paths = [paths]
    if list(paths).count(STDIN) > 1:  # the second would read an emptied stream
        raise UsageError(f"{STDIN} (standard input) is given more than once: it can be read once")
    for path in paths:
        _require_text_column(path, _table_columns(path), _delimiter(path))
    return _iter_paths(paths, sys.stdin if stdin is None else stdin)


def _iter_paths(paths: Sequence[str], stdin: TextIO) -> Iterator[Item]:
    for path in paths:
        if path == STDIN:
            yield from _iter_stdin(stdin)
        else:
            yield from _iter_path(path)


def iter_frame_articles(
    frame: pd.DataFrame, *, name: str = "<frame>", first_row: int = 1, unit: str = "row"
) -> Iterator[Item]:
    """Articles from a DataFrame with a ``text`` column; inputs are ``name:row``.

    Rows count from ``first_row`` (1-based), so a partition of a larger table keeps the
    row numbers it has in the whole. Messages name a row ``unit`` and its number ("row 2";
    "text 1" for ``score_texts``, whose ids are positions from 0).
    """
    _require_text_column(name, [str(column) for column in frame.columns])
    columns = [column for column in _ROW_FIELDS if column in frame.columns]
    row = first_row - 1
    for start in range(0, len(frame), CHUNK_ROWS):
        chunk = frame.iloc[start : start + CHUNK_ROWS][columns]
        for record in chunk.to_dict("records"):
            row += 1
            yield _row_item(record, input=f"{name}:{row}", where=f"{unit} {row}")


# --- dispatch -------------------------------------------------------------------------


def _iter_path(path: str) -> Iterator[Item]:
    if os.path.isdir(path):
        yield from _iter_folder(path)
    elif not os.path.exists(path):
        yield LoadError(path, "no such file or directory: check the path", id=path)
    else:
        yield from _iter_file(path)


def _iter_file(path: str) -> Iterator[Item]:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in TEXT_SUFFIXES:
        yield _load_text_file(path)
    elif suffix in HTML_SUFFIXES:
        yield _load_html_file(path)
    elif suffix == ".jsonl":
        yield from _iter_jsonl_file(path)
    elif suffix == ".json":
        yield from _iter_json_file(path)
    elif suffix in TABLE_DELIMITERS:
        yield from _iter_csv_file(path, TABLE_DELIMITERS[suffix])
    elif suffix == ".parquet":
        yield from _iter_parquet_file(path)
    else:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        yield LoadError(path, f"unsupported file type {kind}: use {_SUPPORTED_NAMED}", id=path)


def _iter_folder(folder: str) -> Iterator[Item]:
    files, unreadable = folder_files(folder)
    yield from unreadable
    if not files and not unreadable:
        yield LoadError(folder, f"no article files in folder (looked for {_SUPPORTED})")
    for path in files:
        yield from _iter_file(path)


def folder_files(
    folder: str, ignored: frozenset[str] = frozenset()
) -> tuple[list[str], list[LoadError]]:
    """Article files under ``folder`` sorted by path, and errors for unreadable subfolders.
    Files named in ``ignored`` are left out unremarked (a check corpus's own settings)."""
    found: list[tuple[tuple[str, ...], str]] = []
    unreadable: list[LoadError] = []

    def note_unreadable(error: OSError) -> None:
        where = error.filename or folder
        unreadable.append(LoadError(where, f"cannot read folder: {error.strerror}"))

    skipped: Counter[str] = Counter()
    for root, dirs, names in os.walk(folder, onerror=note_unreadable):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in names:
            path = os.path.join(root, name)
            suffix = os.path.splitext(name)[1].lower()
            if name in ignored:
                continue
            if name.startswith(".") or suffix not in KNOWN_SUFFIXES:
                log.info("skipped %s: not an article file (%s)", path, _SUPPORTED)
                if not name.startswith("."):  # hidden files (.DS_Store) go unremarked
                    skipped[suffix or "no extension"] += 1
                continue
            found.append((tuple(os.path.relpath(path, folder).split(os.sep)), path))
    if skipped:
        # Visible without --verbose: a user who put articles in .json files must know.
        kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(skipped.items()))
        named = sorted(NAMED_ONLY_SUFFIXES & set(skipped))
        hint = f"; {' and '.join(named)} files are read when named" if named else ""
        log.warning("%s: skipped %s (not article files: %s%s)", folder, kinds, _SUPPORTED, hint)
    return [path for _, path in sorted(found)], unreadable


# --- whole-file articles ----------------------------------------------------------------


def _repaired(article: Article) -> Article:
    """The article, its mojibake repaired ("â€œ" for "“": :mod:`mojibake`) with a warning;
    the repaired text is derived (a record with evidence carries it for its offsets)."""
    if (text := mojibake.repaired(article.text)) is None:
        return article
    warnings = (*article.warnings, mojibake.WARNING)
    return dataclasses.replace(article, text=text, warnings=warnings, derived=True)


def _decoded_file(path: str) -> Decoded | LoadError:
    """The file's text, or the error record for a file that is unreadable or empty."""
    try:
        decoded = decode_bytes(_read_bytes(path))
    except (OSError, NotTextError) as error:
        return LoadError(path, _reason(error), id=path)
    if not decoded.text.strip():
        return LoadError(path, "empty text: the file is empty or whitespace only", id=path)
    return decoded


def _load_text_file(path: str) -> Item:
    decoded = _decoded_file(path)
    if isinstance(decoded, LoadError):
        return decoded
    return _repaired(
        Article(
            id=path,
            text=decoded.text,
            input=path,
            warnings=decoded.warnings,
            derived=decoded.bom_dropped,
        )
    )


def _load_html_file(path: str) -> Item:
    decoded = _decoded_file(path)
    if isinstance(decoded, LoadError):
        return decoded
    return _html_article(path, decoded.text, decoded.warnings)


def _html_article(path: str, html: str, warnings: tuple[str, ...]) -> Item:
    """The main text and metadata of an HTML page, as ``path`` (a file, or ``-``)."""
    import trafilatura  # lazily: it takes a while to import and most runs read no HTML

    try:
        page = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as error:  # trafilatura/lxml can fail in many ways on odd markup
        return LoadError(path, f"HTML extraction failed: {one_line(str(error))}", id=path)
    text = getattr(page, "text", None) or ""
    words = len(text.split())
    if words < MIN_HTML_WORDS:
        reason = f"HTML with no main text: no article body found ({words} words extracted)"
        return LoadError(path, reason, id=path)
    return _repaired(
        Article(
            id=path,
            text=text,
            input=path,
            title=_optional_str(getattr(page, "title", None)),
            source=_optional_str(getattr(page, "sitename", None)),
            url=_optional_str(getattr(page, "url", None)),
            published=_optional_str(getattr(page, "date", None)),
            author=_optional_str(getattr(page, "author", None)),
            warnings=warnings,
            derived=True,
        )
    )


# --- decoding -----------------------------------------------------------------------------


class NotTextError(ValueError):
    """Bytes that are not text in any encoding we accept; the message is the reason."""


class Decoded(NamedTuple):
    text: str
    warnings: tuple[str, ...]
    bom_dropped: bool  # the text starts after a byte-order mark: offsets index it, not the file


def decode_bytes(data: bytes) -> Decoded:
    """Decoded text and warnings: UTF-8 (BOM dropped), else a detected charset, with a warning.

    Raises :class:`NotTextError` for binary data.
    """
    if data.startswith(_UTF16_BOMS):
        # UTF-16 text is full of NUL bytes, so look for its BOM before the binary check.
        text = _checked_text(_decode_or_fail(data, "utf-16"))
        return Decoded(text, ("decoded as utf-16",), bom_dropped=True)
    if b"\x00" in data:
        raise NotTextError("binary file: not text (contains NUL bytes)")
    try:
        text = _checked_text(data.decode("utf-8-sig"))
        return Decoded(text, (), bom_dropped=data.startswith(codecs.BOM_UTF8))
    except UnicodeDecodeError:
        pass
    if not data.translate(None, _ASCII_AND_SMART_PUNCTUATION):
        return Decoded(data.decode("cp1252"), ("decoded as cp1252",), bom_dropped=False)
    escaped = data.decode("utf-8-sig", "surrogateescape")
    if _mostly_utf8(escaped) and (mixed := _undecoded_as_cp1252(escaped)) is not None:
        bom_dropped = data.startswith(codecs.BOM_UTF8)
        return Decoded(_checked_text(mixed), (_STRAY_CP1252,), bom_dropped=bom_dropped)
    encoding = _detect_encoding(data)
    text = _checked_text(_decode_or_fail(data, encoding))
    return Decoded(text, (f"decoded as {encoding}",), bom_dropped=False)


def _mostly_utf8(escaped: str) -> bool:
    """Whether text decoded as UTF-8 (surrogateescape) is UTF-8 with stray bytes: more of
    its non-ASCII characters decoded than not. One stray cp1252 byte must not make the
    charset detector read a whole UTF-8 file in an unlikely charset ("mac_iceland"), every
    curly quote turned to junk; a whole cp1252, Latin-1 or Shift-JIS file has few or no
    valid multi-byte UTF-8 sequences, and is detected as before."""
    strays = len(_UNDECODED.findall(escaped))
    return len(_NON_ASCII.findall(escaped)) - strays >= strays


def _undecoded_as_cp1252(escaped: str) -> str | None:
    """Text decoded as UTF-8 (surrogateescape), the bytes that were not UTF-8 read as cp1252,
    or None when one of them is among the five bytes cp1252 leaves undefined."""
    try:
        return _UNDECODED.sub(lambda byte: _cp1252_char(byte.group()), escaped)
    except UnicodeDecodeError:
        return None


def _cp1252_char(undecoded: str) -> str:
    return undecoded.encode("utf-8", "surrogateescape").decode("cp1252")


def _detect_encoding(data: bytes) -> str:
    from charset_normalizer import from_bytes  # lazily: only non-UTF-8 input needs it

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise NotTextError("binary file: not text (no text encoding fits)")
    # Short Western texts fit several single-byte code pages about equally well (a Latin-1
    # French sentence scores best as cp775); cp1252 is by far the likeliest for news text and
    # decodes Latin-1 text the same way, so it wins when it is nearly as good as the best.
    lowest = min(match.chaos for match in matches)
    for match in matches:
        if match.chaos <= lowest + _CP1252_CHAOS_SLACK and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return str(best.encoding)


def _decode_or_fail(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        reason = f"undecodable: not valid {encoding} text ({error.__class__.__name__})"
        raise NotTextError(reason) from error


def _checked_text(text: str) -> str:
    sample = text[:_CONTROL_SAMPLE_CHARS]
    if sample and len(_CONTROL.findall(sample)) > _BINARY_CONTROL_SHARE * len(sample):
        raise NotTextError("binary file: not text (mostly control characters)")
    return text


def _decode_line(raw: bytes) -> tuple[str, tuple[str, ...]]:
    """One JSONL line: UTF-8 as JSON requires, its bytes that are not UTF-8 read as cp1252
    with a warning (a whole line of cp1252 too)."""
    try:
        return raw.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    text = _undecoded_as_cp1252(raw.decode("utf-8", "surrogateescape"))
    if text is None:
        raise NotTextError("undecodable: not UTF-8 or cp1252 text")
    return text, ("decoded as cp1252 (JSON Lines should be UTF-8)",)


# --- JSON Lines ----------------------------------------------------------------------------


_UTF16_JSONL = "UTF-16 text: JSON Lines must be UTF-8; re-save it as UTF-8"


def _iter_jsonl_file(path: str) -> Iterator[Item]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after streaming
    except OSError as error:
        yield LoadError(path, _reason(error))
        return
    with handle:
        if handle.peek(2).startswith(_UTF16_BOMS):
            yield LoadError(path, _UTF16_JSONL)
            return
        yield from _iter_jsonl_lines(path, handle)


def _iter_jsonl_lines(name: str, lines: Iterable[bytes | str]) -> Iterator[Item]:
    """Items from JSON lines (bytes or str), numbered from 1; blank lines are skipped."""
    count = 0
    for item in iter_jsonl_lines(name, lines):
        count += 1
        yield item
    if count == 0:
        yield LoadError(name, "no rows: the JSON Lines input has no lines with articles")


def iter_jsonl_lines(
    name: str, lines: Iterable[bytes | str], *, first_line: int = 1
) -> Iterator[Item]:
    """Items from JSON lines numbered from ``first_line`` (so a block of a larger file keeps
    its line numbers), one Article or LoadError per non-blank line."""
    for number, raw in enumerate(lines, start=first_line):
        item = _jsonl_item(name, number, raw)
        if item is not None:
            yield item


def _jsonl_item(name: str, number: int, raw: bytes | str) -> Item | None:
    where, input_ = f"line {number}", f"{name}:{number}"
    warnings: tuple[str, ...] = ()
    if isinstance(raw, bytes):
        try:
            line, warnings = _decode_line(raw)
        except NotTextError as error:
            return LoadError(input_, f"{where}: {error}")
    else:
        line = raw
    if number == 1:
        line = line.removeprefix("\ufeff")
    if not line.strip():
        return None
    try:
        record = _json_value(line)
    except json.JSONDecodeError as error:
        # (some of json's messages end in "at" already: "Invalid control character at")
        reason = f"invalid JSON: {error.msg.removesuffix(' at')} at column {error.colno}"
        return LoadError(input_, f"{where}: {reason}")
    return _object_item(record, input=input_, where=where, warnings=warnings)


def _object_item(value: object, *, input: str, where: str, warnings: tuple[str, ...] = ()) -> Item:
    """A JSON Lines line's or a JSON array element's article, or why it is none."""
    if not isinstance(value, dict):
        kind = _json_kind(value)
        return LoadError(input, f"{where}: not a JSON object (got {kind}): need {{'text': ...}}")
    return _row_item(value, input=input, where=where, warnings=warnings)


def _json_value(line: str) -> object:
    """``json.loads``, where nesting too deep for the parser is invalid JSON, not a crash
    of the whole batch."""
    try:
        return json.loads(line)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", line, 0) from None


def _json_kind(value: object) -> str:
    kinds = {list: "an array", dict: "an object", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return kinds.get(type(value), "a number" if _is_number(value) else type(value).__name__)


# --- JSON -------------------------------------------------------------------------------


def _iter_json_file(path: str) -> Iterator[Item]:
    """A JSON array's elements (inputs ``path:index``), or one object as the whole file."""
    found = json_elements(path)
    if isinstance(found, LoadError):
        yield found
        return
    elements, warnings = found
    if not elements:
        yield LoadError(path, "no articles: the JSON array is empty", id=path)
    for input_, where, value in elements:
        yield _object_item(value, input=input_, where=where, warnings=warnings)


def json_elements(path: str) -> tuple[list[tuple[str, str, object]], tuple[str, ...]] | LoadError:
    """Each element of a ``.json`` file's array as (input, where, value), or the file's one
    object (input ``path``), and the decoding warnings; or why the file holds neither. Read
    whole, unlike JSON Lines: a corpus too large for memory belongs in JSONL."""
    decoded = _decoded_file(path)
    if isinstance(decoded, LoadError):
        return decoded
    try:
        value = _json_value(decoded.text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        return LoadError(path, f"invalid JSON: {error.msg.removesuffix(' at')} at {where}", id=path)
    if isinstance(value, dict):
        return [(path, "the JSON object", value)], decoded.warnings
    if isinstance(value, list):
        elements = [(f"{path}:{i}", f"item {i}", v) for i, v in enumerate(value)]
        return elements, decoded.warnings
    reason = f"not a JSON array or object (got {_json_kind(value)}): need [{{'text': ...}}, ...]"
    return LoadError(path, reason, id=path)


# --- CSV and Parquet -------------------------------------------------------------------


def _iter_csv_file(path: str, delimiter: str) -> Iterator[Item]:
    try:
        with _open_csv(path, delimiter) as table:
            header = _csv_header(table)
            if reason := _missing_text_column(header, delimiter):
                yield LoadError(path, reason, id=path)
                return
            yield from _csv_rows(path, table, header)
    except (OSError, NotTextError, _UnreadableCsvError) as error:
        yield LoadError(path, _reason(error))
    except UnicodeDecodeError:  # before the header: bytes even surrogateescape cannot keep
        yield LoadError(path, "not valid text in its encoding: re-save the file as UTF-8")


class _UnreadableCsvError(ValueError):
    """A CSV whose header cannot be read (none, malformed, undecodable): the message is
    the reason, the file's one error."""


class _CsvRecord(NamedTuple):
    fields: list[str] | csv.Error  # the error when the record cannot be parsed
    lines: tuple[int, int]  # the first and last line of the file it was read from


class _Csv(NamedTuple):
    encoding: str
    warnings: tuple[str, ...]  # for every row ("decoded as cp1252")
    records: Iterator[_CsvRecord]


@contextmanager
def _open_csv(path: str, delimiter: str) -> Iterator[_Csv]:
    """The CSV's records, streamed. Bytes that are not text in the file's encoding are kept
    as surrogates (surrogateescape), so only the rows that hold them fail, not the file."""
    encoding, warnings = _sniff_csv_encoding(path)
    with open(path, encoding=encoding, errors="surrogateescape", newline="") as handle:
        yield _Csv(encoding, warnings, _csv_records(handle, delimiter))


def _csv_records(handle: TextIO, delimiter: str) -> Iterator[_CsvRecord]:
    """Each non-blank record, or the error for one that cannot be parsed, with the lines it
    was read from: the reader goes on at the next line, so a bad row costs that row and
    the lines a stray quote took into it. Blank lines are not rows."""
    # An article can be longer than the csv module's default field limit (128 KiB). The
    # limit is process-wide: raise it, never lower it.
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    if delimiter == "\t":
        yield from _tsv_records(handle)
        return
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    while True:
        first = reader.line_num + 1
        try:
            record: list[str] | csv.Error = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            record = error
        if record:
            yield _CsvRecord(record, (first, reader.line_num))


class _Lines:
    """A file's lines, counted, into which lines read ahead can be put back."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.number = 0  # of the last line given
        self.ahead: list[str] = []  # put back, the next one last

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.ahead.pop() if self.ahead else next(self.handle)
        self.number += 1
        return line

    def put_back(self, lines: list[str]) -> None:
        self.ahead.extend(reversed(lines))
        self.number -= len(lines)


def _tsv_records(handle: TextIO) -> Iterator[_CsvRecord]:
    """A ``.tsv``'s records, of either kind of TSV: as the csv module and pandas write
    it (a field in double quotes from end to end may hold tabs, line breaks and doubled
    quotes), or plain (IANA text/tab-separated-values: a line is a record, its tabs
    separate the fields, and nothing is quoted, so a field may open with a quotation:
    ``"Quoted," he said.``). A line is read as quoted CSV when it parses as such, and
    else as plain, the lines the attempt read ahead put back: a quote that does not close
    its field (or never closes) is text, so no plain line is an error."""
    lines = _Lines(handle)
    for line in lines:
        first = lines.number
        fields = line.rstrip("\r\n").split("\t") if line.strip("\r\n") else []
        if '"' in line:
            ahead: list[str] = []
            try:
                fields = next(
                    csv.reader(_recorded(line, lines, ahead), delimiter="\t", strict=True)
                )
            except csv.Error:
                lines.put_back(ahead)
        if fields:
            yield _CsvRecord(fields, (first, lines.number))


def _recorded(line: str, lines: Iterator[str], ahead: list[str]) -> Iterator[str]:
    """``line``, then the ones after it, each noted in ``ahead`` as it is read."""
    yield line
    for more in lines:
        ahead.append(more)
        yield more


def _csv_header(table: _Csv) -> list[str]:
    """The column names; raises :class:`_UnreadableCsvError` when there are none to read."""
    first = next(table.records, None)
    if first is None:
        raise _UnreadableCsvError("empty CSV: no header row; the first line must name the columns")
    header = first.fields
    if isinstance(header, csv.Error):
        raise _UnreadableCsvError(f"unreadable CSV: header: {_csv_reason(header)}")
    if any(map(_UNDECODED.search, header)):
        raise _UnreadableCsvError(f"not valid {table.encoding} text: re-save the file as UTF-8")
    return header


def _csv_rows(path: str, table: _Csv, header: list[str]) -> Iterator[Item]:
    """One Article or LoadError per record after the header, numbered from 1."""
    positions: dict[str, int] = {}
    for position, name in enumerate(header):
        if name in _ROW_FIELDS:
            positions.setdefault(name, position)  # a repeated column: its first one counts
    row = 0
    try:
        for record, lines in table.records:
            row += 1
            input_, where = f"{path}:{row}", f"row {row}"
            if isinstance(record, csv.Error):
                yield LoadError(
                    input_, f"{where}: malformed CSV{_taken(lines)}: {_csv_reason(record)}"
                )
                continue
            record, recoded = _row_as_cp1252(record, table.encoding)
            if reason := _bad_csv_fields(record, len(header), positions, table.encoding):
                yield LoadError(input_, f"{where}: {reason}", id=_csv_row_id(record, positions))
            else:
                fields = {name: record[i] for name, i in positions.items() if i < len(record)}
                warnings = table.warnings + recoded
                yield _row_item(fields, input=input_, where=where, warnings=warnings)
    except UnicodeDecodeError:  # bytes even surrogateescape cannot keep (odd UTF-16)
        reason = f"not valid {table.encoding} after row {row}: re-save the file as UTF-8"
        yield LoadError(path, f"{reason}; later rows not read")
        return
    if row == 0:
        yield LoadError(path, "no rows: the CSV has a header but no data rows")


def _bad_csv_fields(
    record: list[str], n_columns: int, positions: Mapping[str, int], encoding: str
) -> str | None:
    """Why a parsed CSV record is not a row to read, or None. Fewer fields than the header
    are empty trailing cells (spreadsheets drop them), and so are empty ones past it (a
    delimiter ending every line); more would shift the row's values. Only the columns read
    (``positions``) must be text: a NUL in an unused "notes" column costs nothing."""
    if len(record) > n_columns and any(field.strip() for field in record[n_columns:]):
        return (
            f"{len(record)} fields, the header has {n_columns}: "
            "quote fields that hold the delimiter"
        )
    used = [record[i] for i in positions.values() if i < len(record)]
    if any("\x00" in field for field in used):
        return "binary data: not text (contains NUL bytes)"
    if any(map(_UNDECODED.search, used)):
        return f"not valid {encoding} text: re-save the file as UTF-8"
    return None


def _row_as_cp1252(record: list[str], encoding: str) -> tuple[list[str], tuple[str, ...]]:
    """A row of a UTF-8 file with bytes that are not UTF-8 (stray bytes, or the encoding was
    guessed from the first MB), those bytes read as cp1252 with a warning; as it is
    otherwise."""
    if not encoding.startswith("utf-8") or not any(map(_UNDECODED.search, record)):
        return record, ()
    recoded = [_undecoded_as_cp1252(field) for field in record]
    if any(field is None for field in recoded):
        return record, ()
    return [field for field in recoded if field is not None], (_STRAY_CP1252,)


def _csv_row_id(record: list[str], positions: Mapping[str, int]) -> str | None:
    """The id cell of a row that cannot be read, when it is readable text (JSONL's errors
    keep their row's id too); None when it is not."""
    i = positions.get("id")
    cell = record[i] if i is not None and i < len(record) else ""
    readable = "\x00" not in cell and not _UNDECODED.search(cell)
    return _optional_id(cell) if readable else None


def _taken(lines: tuple[int, int]) -> str:
    """The lines of a malformed record when there are several: a stray quote took the lines
    after it into the row, and they are named, not lost unsaid."""
    first, last = lines
    return "" if first == last else f" (lines {first} to {last} of the file, read as one row)"


def _csv_reason(error: csv.Error) -> str:
    reason = str(error)
    if reason == "unexpected end of data":  # the end came inside quotes
        return "a quote is never closed, so the rest of the file was read as one field"
    return one_line(reason)


def _sniff_csv_encoding(path: str) -> tuple[str, tuple[str, ...]]:
    """The file's encoding from its first MB, and the warning to attach to its rows.
    Raises :class:`NotTextError` for a binary file; a NUL byte or two is only their rows'
    error, as a row whose bytes are not text in the encoding is."""
    with open(path, "rb") as handle:
        sample = handle.read(ENCODING_SAMPLE_BYTES)
        complete = not handle.read(1)
    warnings: tuple[str, ...]
    if sample.startswith(_UTF16_BOMS):
        encoding, warnings = "utf-16", ("decoded as utf-16",)
    else:
        # The sample may end inside a multi-byte character; only a whole file must end well.
        escaped = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(
            sample, final=complete
        )
        if _mostly_utf8(escaped):  # its rows with stray bytes are read by _row_as_cp1252
            encoding, warnings = "utf-8-sig", ()
        else:
            encoding = _detect_encoding(sample)
            warnings = (f"decoded as {encoding}",)
    _checked_text(sample.decode(encoding, errors="replace"))
    return encoding, warnings


def _iter_parquet_file(path: str) -> Iterator[Item]:
    import pyarrow as pa  # lazily, like pandas
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except OSError as error:
        yield LoadError(path, _reason(error))
        return
    except pa.ArrowException as error:
        yield LoadError(path, f"not a Parquet file: {one_line(str(error))}")
        return
    with parquet:
        names = list(parquet.schema_arrow.names)
        if reason := _missing_text_column(names):
            yield LoadError(path, reason, id=path)
            return
        columns = [column for column in _ROW_FIELDS if column in names]
        row = 0
        try:
            for batch in parquet.iter_batches(batch_size=CHUNK_ROWS, columns=columns):
                for record in batch.to_pylist():
                    row += 1
                    yield _row_item(record, input=f"{path}:{row}", where=f"row {row}")
        except pa.ArrowException as error:
            reason = one_line(str(error))
            yield LoadError(path, f"corrupt Parquet after row {row}: {reason}; later rows not read")
            return
    if row == 0:
        yield LoadError(path, "no rows: the Parquet file has no data rows")


def _missing_text_column(columns: Sequence[str], delimiter: str | None = None) -> str | None:
    """Why a table with these columns holds no articles, or None when it has ``text``.
    A CSV's (``delimiter``) header split by another separator is the likelier cause."""
    if "text" in columns:
        return None
    found = ", ".join(repr(column) for column in columns) or "none"
    advice = (
        _other_separator(columns, delimiter) or "name the column holding the article text 'text'"
    )
    return f"no 'text' column (columns found: {found}); {advice}"


# Separators a CSV header may be split by, and how to have such a file read.
_SEPARATORS = {
    "\t": ("tab", "rename the file .tsv"),
    ";": ("semicolon", "re-save it with commas (.csv) or tabs (.tsv)"),
    ",": ("comma", "rename the file .csv"),
}


def _other_separator(columns: Sequence[str], delimiter: str | None) -> str | None:
    """What to do when a CSV's column names hold another separator than ``delimiter`` (a
    spreadsheet's semicolon export, a tab-separated file named .csv), else None."""
    if delimiter is None:  # not a CSV
        return None
    for separator, (name, advice) in _SEPARATORS.items():
        if separator != delimiter and any(separator in column for column in columns):
            own = _SEPARATORS[delimiter][0]
            return f"the header seems to be {name}-separated, not {own}-separated: {advice}"
    return None


def _require_text_column(
    name: str, columns: Sequence[str] | None, delimiter: str | None = None
) -> None:
    """Raise :class:`UsageError` for a table without a ``text`` column (None: not a table)."""
    if columns is not None and (reason := _missing_text_column(columns, delimiter)):
        raise UsageError(f"{name}: {reason}")


def _delimiter(path: str) -> str | None:
    """The delimiter of a CSV (``.csv``, ``.tsv``) at ``path``; None for any other file."""
    return TABLE_DELIMITERS.get(os.path.splitext(path)[1].lower())


def _table_columns(path: str) -> list[str] | None:
    """The column names of a CSV or Parquet file at ``path``; None for anything else, and
    for a table that cannot be read, which loading then reports as that file's error."""
    suffix = os.path.splitext(path)[1].lower()
    delimiter = _delimiter(path)
    if (delimiter is None and suffix != ".parquet") or not os.path.isfile(path):
        return None
    try:
        if delimiter is not None:
            with _open_csv(path, delimiter) as table:
                return _csv_header(table)
        import pyarrow.parquet as pq

        with pq.ParquetFile(path) as parquet:
            return list(parquet.schema_arrow.names)
    except Exception:  # any unreadable table: loading turns it into a per-item error
        return None


# --- rows --------------------------------------------------------------------------------


def _row_item(
    record: Mapping[Any, Any], *, input: str, where: str, warnings: tuple[str, ...] = ()
) -> Item:
    """An Article from one JSONL object or table row, or a LoadError saying what is wrong."""
    if not _valid_id(record.get("id")):
        kind = _json_kind(record.get("id"))
        return LoadError(input, f"{where}: id is not a string or number (got {kind})")
    article_id = _optional_id(record.get("id")) or input
    text = record.get("text")
    if _is_missing(text):
        return LoadError(input, f"{where}: no text: add a non-empty 'text' field", id=article_id)
    if not isinstance(text, str):
        kind = type(text).__name__
        return LoadError(input, f"{where}: text is not a string (got {kind})", id=article_id)
    if not text.strip():
        return LoadError(input, f"{where}: empty text", id=article_id)
    if (valid := valid_unicode(text)) != text:
        text = valid
        warnings = (*warnings, "lone surrogates (not Unicode) in the text replaced by U+FFFD")
    label, label_warning = parse_label(record.get("label"))
    if label_warning:
        warnings = (*warnings, label_warning)
    return _repaired(
        Article(
            id=article_id,
            text=text,
            input=input,
            title=_optional_str(record.get("title")),
            source=_optional_str(record.get("source")),
            url=_optional_str(record.get("url")),
            published=_optional_str(record.get("published")),
            label=label,
            author=_optional_str(record.get("author")),
            warnings=warnings,
        )
    )


def parse_label(value: object) -> tuple[int | None, str | None]:
    """A 0/1 label and, for a value that is not one, a warning instead of an error."""
    if _is_missing(value) or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, str):
        label = _LABEL_WORDS.get(value.strip().lower())
    else:
        try:
            number = float(value)  # type: ignore[arg-type]  # bools and numpy scalars too
        except (TypeError, ValueError):
            number = math.nan
        label = int(number) if number in (0.0, 1.0) else None
    if label is None:
        shown = one_line(repr(value))[:40]
        return None, f"label {shown} ignored: expected 0/1 or true/false"
    return label, None


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _valid_id(value: object) -> bool:
    """Whether ``value`` can be a row's id: text, a number or a date (a Parquet column of
    them), or missing. An array, an object or a boolean would be stringified ("['l']",
    "True"), an id no one gave."""
    return _is_missing(value) or isinstance(value, str | date) or _is_number(value)


def _is_number(value: object) -> bool:
    """A number, numpy's too, but not a boolean (Python's or numpy's)."""
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _optional_id(value: object) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # pandas turns integer ids into floats when some are missing
    return _optional_str(value)


def _optional_str(value: object) -> str | None:
    if _is_missing(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    return valid_unicode(text) if text.strip() else None


# --- small helpers -------------------------------------------------------------------------


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return f"cannot read: {error.strerror or error}"
    return one_line(str(error))


def _iter_stdin(stream: TextIO) -> Iterator[Item]:
    """JSONL if the first non-blank line is a JSON object, else one plain-text article."""
    # Read bytes when we can, so "\r\n" survives and decoding follows the file rules.
    source: Iterable[bytes | str] = getattr(stream, "buffer", stream)
    lines = iter(source)
    head: list[bytes | str] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    if head and isinstance(head[0], bytes) and head[0].startswith(_UTF16_BOMS):
        yield _stdin_utf16(b"".join(c for c in chain(head, lines) if isinstance(c, bytes)))
        return
    first = _line_text(head[-1]) if head else ""
    if _is_json_object_line(first):
        yield from _iter_jsonl_lines(STDIN, chain(head, lines))
        return
    refused = _refused_stdin_table(first)
    if refused is not None:
        for _ in lines:  # read it all, as for any other stdin, then refuse it
            pass
        yield LoadError(STDIN, refused, id=STDIN)
        return
    yield _stdin_text_article([*head, *lines])


def _stdin_utf16(data: bytes) -> Item:
    """UTF-16 stdin, whose lines the byte reader cannot split: its first non-blank line,
    decoded, says what it is. JSON Lines are refused as a UTF-16 ``.jsonl`` file is (not
    scored as one article of braces), and so are a JSON array and a CSV table."""
    try:
        decoded = decode_bytes(data)
    except NotTextError as error:
        return LoadError(STDIN, str(error), id=STDIN)
    lines = decoded.text.splitlines()
    first = next((_line_text(line) for line in lines if line.strip()), "")
    if _is_json_object_line(first):
        return LoadError(STDIN, _UTF16_JSONL, id=STDIN)
    refused = _refused_stdin_table(first)
    if refused is not None:
        return LoadError(STDIN, refused, id=STDIN)
    return _stdin_article(decoded)


_JSON_ARRAY = (
    "a JSON array is not read from standard input: name the file (sourcecheck score "
    "articles.json), or give JSON Lines, one object per line (pipe it through jq -c '.[]')"
)


# A table's header: column names, each a word or words, split by the table's delimiter.
_TABLE_HEADERS = {
    kind: (delimiter, re.compile(rf"[A-Za-z_][\w ]*({delimiter}[A-Za-z_][\w ]*)+"))
    for kind, delimiter in (("CSV", ","), ("TSV", "\t"))
}


def _line_text(line: bytes | str) -> str:
    """Stdin's first line as text for the checks below: no BOM, no surrounding space, bytes
    that are not UTF-8 replaced (the reader that follows reports them)."""
    text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
    return text.removeprefix("\ufeff").strip()


def _refused_stdin_table(stripped: str) -> str | None:
    """Why stdin opening with the line ``stripped`` is not read, or None: a JSON array of
    records (``[{``, or ``[`` alone on its line) or a CSV or TSV header with a ``text``
    column, which read as prose would be scored as one article made of brackets, quotes
    and delimiters."""
    if stripped.startswith("[") and stripped[1:].lstrip()[:1] in ("{", ""):
        return _JSON_ARRAY
    for kind, (delimiter, header) in _TABLE_HEADERS.items():
        if header.fullmatch(stripped) and "text" in stripped.split(delimiter):
            return (
                f"a {kind} table is not read from standard input: name the file "
                f"(sourcecheck score rows.{kind.lower()}), or give JSON Lines"
            )
    return None


def _is_json_object_line(stripped: str) -> bool:
    """A JSON object, or a line that starts like one (``{"``): a JSONL stream whose first
    record is malformed is still JSONL, that line one error and the rest read, not one
    plain-text article. Prose may open with a brace ("{Editor's note}"), hardly with ``{"``."""
    if not stripped.startswith("{"):
        return False
    if stripped[1:].lstrip().startswith('"'):
        return True
    try:
        return isinstance(_json_value(stripped), dict)
    except json.JSONDecodeError:
        return False


def _stdin_text_article(chunks: list[bytes | str]) -> Item:
    try:
        if chunks and isinstance(chunks[0], bytes):
            decoded = decode_bytes(b"".join(c for c in chunks if isinstance(c, bytes)))
        else:
            text = _checked_text("".join(c for c in chunks if isinstance(c, str)))
            if "\x00" in text:
                raise NotTextError("binary file: not text (contains NUL bytes)")
            decoded = Decoded(text, (), bom_dropped=False)
    except NotTextError as error:
        return LoadError(STDIN, str(error), id=STDIN)
    return _stdin_article(decoded)


def _stdin_article(decoded: Decoded) -> Item:
    """Decoded stdin as one article: an error when blank, a page's main text for HTML."""
    text, warnings, bom_dropped = decoded
    if not text.strip():
        return LoadError(STDIN, "empty text: stdin is empty or whitespace only", id=STDIN)
    if _looks_like_html_page(text):
        return _html_article(STDIN, text, warnings)
    return _repaired(
        Article(id=STDIN, text=text, input=STDIN, warnings=warnings, derived=bom_dropped)
    )


# A page's opening: after a BOM, space, comments and an XML declaration (XHTML), a doctype
# or an element only a page opens with; prose may open with <b> or <i>, hardly with these.
_PAGE_TAG = re.compile(r"<(?:!doctype\s+html|(?:html|head|body|meta|title)[\s/>])", re.IGNORECASE)
# What may come before a page's first tag, each skipped with one find of its end: a regex
# of repeated lazy comments backtracked exponentially over WordPress's "<!-- wp:... -->".
_PREAMBLES = (("<!--", "-->"), ("<?xml", "?>"))


def _looks_like_html_page(text: str) -> bool:
    """A page (``curl URL | sourcecheck score -``), not prose that mentions a tag: it opens,
    after a BOM, white space, comments and an XML declaration, with a doctype or an
    ``<html>``, ``<head>``, ``<body>``, ``<meta>`` or ``<title>`` element (looked for in the
    first 64 KB: a comment may be long)."""
    text = text[:65536]
    at = 1 if text.startswith("\ufeff") else 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        preamble = next((p for p in _PREAMBLES if text[at : at + len(p[0])].lower() == p[0]), None)
        if preamble is None:
            return _PAGE_TAG.match(text, at) is not None
        end = text.find(preamble[1], at + len(preamble[0]))
        if end < 0:
            return False
        at = end + len(preamble[1])

"""Phrase lexicons: data files shipped in the package, extendable by the user.

A lexicon is a text file with one phrase per line; ``#`` starts a comment. A user
folder (``--lexicon-dir``) may hold ``NAME.txt`` to replace a shipped lexicon or
``NAME.add.txt`` to extend it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

LEXICON_DIR_ENV = "SOURCECHECK_LEXICON_DIR"


def parse_phrases(content: str) -> tuple[str, ...]:
    """Phrases of a lexicon file: comments and blank lines dropped, case folded, deduplicated."""
    seen: dict[str, None] = {}
    for line in content.splitlines():
        phrase = " ".join(line.split("#", 1)[0].split()).lower()
        if phrase:
            seen[phrase] = None
    return tuple(seen)


def _shipped(name: str) -> str:
    return (
        resources.files("sourcecheck.features.lexicons")
        .joinpath(f"{name}.txt")
        .read_text(encoding="utf-8")
    )


def user_folder(lexicon_dir: str | None = None) -> str | None:
    """The user lexicon folder in effect: ``lexicon_dir``, else ``$SOURCECHECK_LEXICON_DIR``,
    else None (the shipped lexicons alone)."""
    return lexicon_dir or os.environ.get(LEXICON_DIR_ENV) or None


@cache
def load(name: str, lexicon_dir: str | None = None) -> tuple[str, ...]:
    """The phrases of lexicon ``name``, with a user folder's replacement or additions."""
    lexicon_dir = user_folder(lexicon_dir)
    content = _shipped(name)
    if lexicon_dir:
        folder = Path(lexicon_dir)
        replacement = folder / f"{name}.txt"
        if replacement.is_file():
            content = replacement.read_text(encoding="utf-8")
        addition = folder / f"{name}.add.txt"
        if addition.is_file():
            content += "\n" + addition.read_text(encoding="utf-8")
    return parse_phrases(content)


@cache
def phrase_set(name: str, lexicon_dir: str | None = None) -> frozenset[str]:
    """The phrases of lexicon ``name`` as a set, for membership tests."""
    return frozenset(load(name, lexicon_dir))


def trie_pattern(phrases: tuple[str, ...]) -> str:
    """A regex alternation shaped as a trie, so matching costs one pass per position."""
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        # Longest alternatives first; the end marker "" comes last, so longer phrases win.
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + emit(child)
            for char, child in sorted(node.items(), key=lambda item: item[0] == "")
            if char
        ]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if optional else body

    return emit(trie)


@dataclass(frozen=True)
class Break:
    """A word break before a phrase: as an assertion (for a phrase at offset 0) and as the
    character before, a class first that leaves out every ASCII word character (a bitmap
    test the engine skips with), then the exact test."""

    assertion: str
    before: str


WORD_BREAK = Break(r"\b", r"[^a-z0-9_](?<=\W)")
PHRASE_BREAK = Break(r"(?<![\w'’-])", r"[^a-z0-9_'’-](?<=[^\w'’-])")  # compile_phrases'
_ENDS_IN_WORD = re.compile(r".*\w\Z", re.DOTALL)
_NOTHING = re.compile(r"(?!x)x")


@dataclass(frozen=True)
class WordScan:
    """A whole-word phrase pattern (``plain``) and its form led by the character before the
    word (``led``, the phrase as group 1; None when a phrase ends in a non-word character:
    another phrase could start right after it, its character before inside the first
    match)."""

    plain: re.Pattern[str]
    led_source: str | None  # ``led``'s pattern

    @cached_property
    def led(self) -> re.Pattern[str] | None:
        # compiled on first use: the families try ``plain`` at openings.phrase_openings
        # instead, and a large trie takes long to compile
        return None if self.led_source is None else re.compile(self.led_source)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The spans of ``plain.finditer(text)``, found with ``led`` when there is one. A
        pattern that opens with an assertion is tried at every character; one that opens
        with a class lets the engine skip to the spaces and marks before words: about half
        the time on news text."""
        if self.led is None:
            return [m.span() for m in self.plain.finditer(text)]
        first = self.plain.match(text)  # a phrase at the start has no character before it
        spans = [first.span()] if first else []
        spans += [m.span(1) for m in self.led.finditer(text, first.end() if first else 0)]
        return spans


def word_scan(lead: Break, body: str, phrases: tuple[str, ...]) -> WordScan:
    """The scan of ``body`` (a pattern of ``phrases``) after the word break ``lead``."""
    if not phrases:
        return WordScan(_NOTHING, None)
    led = None
    if all(_ENDS_IN_WORD.match(phrase) for phrase in phrases):
        led = lead.before + "(" + body + ")"
    return WordScan(re.compile(lead.assertion + body), led)


@cache
def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any phrase as whole words.

    A space in a phrase matches any run of whitespace.
    """
    if not phrases:
        return _NOTHING
    return re.compile(PHRASE_BREAK.assertion + _phrase_body(phrases), re.IGNORECASE)


def phrase_scan(phrases: tuple[str, ...]) -> WordScan:
    """:func:`compile_phrases`' pattern as a case-sensitive :class:`WordScan` (for
    lower-cased text)."""
    return word_scan(PHRASE_BREAK, _phrase_body(phrases), phrases)


def _phrase_body(phrases: tuple[str, ...]) -> str:
    return trie_pattern(phrases) + r"(?![\w'’-])"


def pattern(name: str, lexicon_dir: str | None = None) -> re.Pattern[str]:
    """The compiled pattern of lexicon ``name``."""
    return compile_phrases(load(name, lexicon_dir))

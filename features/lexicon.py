"""Phrase lexicons: data files shipped in the package, extendable by the user.

A lexicon is a text file with one phrase per line; ``#`` starts a comment. A user
folder (``--lexicon-dir``) may hold ``NAME.txt`` to replace a shipped lexicon or
``NAME.add.txt`` to extend it.
"""

from __future__ import annotations

import os
import re
from functools import cache
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


@cache
def load(name: str, lexicon_dir: str | None = None) -> tuple[str, ...]:
    """The phrases of lexicon ``name``, with a user folder's replacement or additions."""
    lexicon_dir = lexicon_dir or os.environ.get(LEXICON_DIR_ENV) or None
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


def _trie_pattern(phrases: tuple[str, ...]) -> str:
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


# The character before a word, for led_by_break: a class first that leaves out every
# ASCII word character (a bitmap test the engine skips with), then the exact test.
BREAK_BEFORE_WORD = r"[^a-z0-9_](?<=\W)"  # a \b before a word
BREAK_BEFORE_PHRASE = r"[^a-z0-9_'’-](?<=[^\w'’-])"  # compile_phrases' (?<![\w'’-])
_ENDS_IN_WORD = re.compile(r".*\w\Z", re.DOTALL)


def led_by_break(lead: str, body: str, phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """``body``, a whole-word phrase pattern less its leading assertion, led by ``lead``: the
    character before the word (see word_spans), the phrase as group 1. None when a phrase
    ends in a non-word character: another phrase could start right after it, its
    character before inside the first match."""
    if not phrases or not all(_ENDS_IN_WORD.match(phrase) for phrase in phrases):
        return None
    return re.compile(lead + "(" + body + ")")


def word_spans(
    text: str, plain: re.Pattern[str], led: re.Pattern[str] | None
) -> list[tuple[int, int]]:
    """The spans of ``plain.finditer(text)``, a whole-word phrase pattern, found with ``led``
    (its led_by_break form) when there is one. A pattern that opens with an assertion is
    tried at every character; one that opens with a class lets the engine skip to the
    spaces and marks before words: about half the time on news text."""
    if led is None:
        return [m.span() for m in plain.finditer(text)]
    first = plain.match(text)  # a phrase at the start has no character before it
    spans = [first.span()] if first else []
    spans += [m.span(1) for m in led.finditer(text, first.end() if first else 0)]
    return spans


@cache
def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any phrase as whole words.

    A space in a phrase matches any run of whitespace.
    """
    if not phrases:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w'’-])" + _trie_pattern(phrases) + r"(?![\w'’-])", re.IGNORECASE)


def pattern(name: str, lexicon_dir: str | None = None) -> re.Pattern[str]:
    """The compiled pattern of lexicon ``name``."""
    return compile_phrases(load(name, lexicon_dir))

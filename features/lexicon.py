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

"""Parse once: a Document holds sentences, tokens and quote spans of one article.

Every offset is a character offset into the article text exactly as read. Every
pattern here is linear in the text: no nested quantifiers over the same characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any, Final, TypeVar

from sourcecheck.features import lexicon

T = TypeVar("T")
Span = tuple[int, int]

# A number with separators ("1,000.5"), else a word with inner hyphens, apostrophes or
# dots ("U.S", "don't"): written to start with one class, which the engine skips to. The
# joined parts' repetition is entered only after a first joined part ("|" rather than "*"
# around it): a repeated group costs the engine a setup at every word, most of which have
# no joined part.
WORD: Final = re.compile(r"\w(?:(?<=\d)\d*(?:[.,]\d+)+|\w*(?:[-’'.]\w+(?:[-’'.]\w+)*|))")
# A sentence may end at . ! ? (with closing quotes or brackets) before whitespace and
# an upper-case letter, a digit or an opening quote; and always at a full-width 。！？
# (Chinese, Japanese: no space follows, no case tells) or a Devanagari danda । ॥, with
# their closing brackets and quotes, unless the quotative particle と or って follows a
# closing bracket (「行きます。」と述べた: the quotation is part of the sentence; the
# brackets are taken possessively, so the match cannot end before them instead).
# Neither kind of stop occurs in Latin-script text.
# It starts only at the start of a run of stops (a match from inside a run would also
# match from the run's start, which a scan from a line start tries first): trying every
# offset of a long run "......" took quadratic time.
# Emoji (and their joiners) after a sentence's stop end that sentence: "more. 🙏 The".
_EMOJI: Final = "[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d]"
_TERMINAL: Final = re.compile(
    r"([.!?…](?<![.!?…].)[.!?…]*)[\"”’)\]]*(?:\s*" + _EMOJI + r"+)?(?=\s+[\"“‘(\[]?[A-Z0-9])"
    r"|[。！？।॥](?<![。！？।॥].)[。！？।॥!?]*[」』）\"”’)\]]*+(?!(?<=[」』])[とっ])"
)
_TERMINAL_CHARS: Final = ".!?…。！？।॥"
_ACRONYM: Final = re.compile(r"(?:[A-Za-z]\.){2,}$")
# A line break ends a sentence unless the next line goes on in lower case (hard wrap).
_LINE_BREAK: Final = re.compile(r"\n(?![ \t]*[a-z])")
# Where find_quotes looks: a quote mark, a doubled apostrophe or a line break.
_QUOTE_STEMS: Final = ('"', "“", "”", "«", "»", "\n", "''")
_CLOSING: Final = '"”’)]'
_OPENERS: Final = "“«"
_CLOSERS: Final = "”»"
_MAX_QUOTE: Final = 3000
# str.lower called as a function: compiled by mypyc, ``text.lower()`` becomes a primitive
# that lower-cases character by character and so gives Greek capital sigma no final form
# at a word's end ("ΣΑΣ" became "σασ", where Python gives "σας").
_LOWER: Final[Callable[[str], str]] = str.lower


# The line separators of str.splitlines but LF, and CR only where no LF follows it.
_OTHER_LINE_BREAK: Final = re.compile(r"\r(?!\n)|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_OTHER_LINE_BREAK_CHARS: Final = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Markdown emphasis: a run of up to three marks, the text, and the same marks in reverse
# (``**bold**``, ``_em_``, ``***both***``, ``__*both*__``), on one line, not nested, and
# standing apart: after a space, a line start or an opening mark, before a space, a line end
# or punctuation, so a URL's ``/_private_/`` and a handle's ``@_jane_`` stay as written.
# It starts with its first mark, which the engine skips to; the character before that mark
# is tested after it (a look-behind first was tried at every character).
_EMPHASIS: Final = re.compile(
    r"([*_](?<![^\s(\"'“‘\[][*_])[*_]{0,2})(?=[^\s*_])([^\n*_]+?)(?<=[^\s*_])([*_]{1,3})"
    r"(?![^\s.,;:!?)\"'”’\]])"
)
# A link's brackets around its text: ``[text](https://...)``.
_LINK: Final = re.compile(r"\[([^\]\n]{1,300})\](\(https?://[^\s()]+\))")


def reading_text(text: str) -> str:
    """``text`` as the families read it, character for character: every pattern reads
    "\\n" as the line break, so another line separator becomes one (a lone CR of old Mac
    files); Markdown's emphasis marks and link brackets become spaces, so "**Mayor Jane
    Ortiz** said" names its source. Same length, so offsets point into the text as read."""
    if _has_any(text, _OTHER_LINE_BREAK_CHARS):
        text = _OTHER_LINE_BREAK.sub("\n", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(_blank_emphasis, text)
    if "](" in text:
        text = _LINK.sub(_blank_link, text)
    return text


def _has_any(text: str, chars: str) -> bool:
    """Whether one of ``chars`` occurs in ``text``: a search for each character runs at
    memchr speed, where a regex runs its automaton at every character (the line break
    pattern's search was 4% of all instructions, though almost no text holds one)."""
    return any(char in text for char in chars)


def _blank_emphasis(match: re.Match[str]) -> str:
    opening, inner, closing = match.groups()
    if closing != opening[::-1]:
        return match.group()
    return " " * len(opening) + inner + " " * len(closing)


def _blank_link(match: re.Match[str]) -> str:
    return f" {match.group(1)} {match.group(2)}"  # "(https://...)" reads as an aside


def stem_positions(text: str, stems: Iterable[str]) -> list[int]:
    """The sorted offsets where one of ``stems`` occurs in ``text``, overlaps included.
    str.find skips to a rare stem far faster than a regex scan, which runs its automaton
    at every character."""
    found = set()
    for stem in stems:
        at = text.find(stem)
        while at >= 0:
            found.add(at)
            at = text.find(stem, at + 1)
    return sorted(found)


def matches_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int], endpos: int | None = None
) -> list[re.Match[str]]:
    """What ``pattern.finditer(text, 0, endpos)`` finds, for a non-empty pattern that can
    only match at one of ``starts`` (sorted): each is tried unless a match covers it."""
    endpos = len(text) if endpos is None else endpos
    found = []
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start, endpos)):
            found.append(match)
            end = match.end()
    return found


# Characters that are no word characters (not \w), stripped from the ends of a space-separated
# part before it is tested as one word: "said," and "“We" are one word each.
_NON_WORD_ENDS: Final = ",.;:!?\"“”‘’'()[]—–-…"


def find_words(text: str) -> tuple[list[int], list[int]]:
    """Where each WORD match of ``text`` starts and where it ends (two lists of ints, not
    one of pairs: a bisection compares ints about three times as fast as tuples).

    No word holds a space, so the words are found part by part between spaces; a part of
    letters and digits alone (once the non-word marks at its ends are stripped) is one
    word, found without a regex match. A match costs its object and the engine's setup, about
    3,000 instructions a word: a WORD scan of the whole text was 14% of all instructions,
    1.7 M an article compiled, the parts take 0.8 M. Only the other parts (with a joiner as
    in "don't" or "U.S.", or a line break inside) are matched.
    """
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for part in text.split(" "):
        end = at + len(part)
        if part.isalnum():
            starts.append(at)
            ends.append(end)
        else:
            head = part.lstrip(_NON_WORD_ENDS)
            core = head.rstrip(_NON_WORD_ENDS)
            if core.isalnum():
                start = end - len(head)
                starts.append(start)
                ends.append(start + len(core))
            elif core:
                for match in WORD.finditer(text, at, end):
                    starts.append(match.start())
                    ends.append(match.end())
        at = end + 1
    return starts, ends


def _block_ranges(text: str) -> list[Span]:
    """Ranges between line breaks that end a sentence."""
    ranges, start = [], 0
    for match in _LINE_BREAK.finditer(text):
        ranges.append((start, match.start()))
        start = match.end()
    ranges.append((start, len(text)))
    return ranges


def _is_abbreviation(text: str, period_at: int, abbreviations: frozenset[str]) -> bool:
    """Whether the full stop at ``period_at`` closes an abbreviation, not a sentence."""
    words = text[max(0, period_at - 24) : period_at + 1].rsplit(None, 1)
    if not words:
        return False
    word = words[-1].lstrip('"“‘([')
    stem = word[:-1].lower()
    if len(stem) == 1 and stem.isalpha():  # an initial: "J. Smith"
        return True
    return stem in abbreviations or (word.count(".") > 1 and bool(_ACRONYM.search(word)))


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Span]:
    """Sentence spans, robust to abbreviations ("Dr.", "U.S.", "Sept."), initials and quotes."""
    abbreviations = lexicon.phrase_set("abbreviations")
    stops = stem_positions(text, _TERMINAL_CHARS)  # where a _TERMINAL match can start
    spans: list[Span] = []
    for block_start, block_end in _block_ranges(text):
        if block_start == block_end:
            continue  # a blank line: no sentence
        start = block_start
        block_stops = stops[bisect_left(stops, block_start) : bisect_left(stops, block_end)]
        for match in matches_at(_TERMINAL, text, block_stops, block_end):
            if match.group(1) == "." and _is_abbreviation(text, match.start(), abbreviations):
                continue
            spans.append(_strip(text, start, match.end()))
            start = match.end()
        spans.append(_strip(text, start, block_end))
    return [span for span in spans if span[1] > span[0]]


def find_quotes(text: str) -> list[Span]:
    """Direct-quotation spans, quote marks included; straight and curly quotes, and the
    doubled apostrophes (``''...''``) of some newswire texts.

    A quotation closes at its closing mark within the same line; one left open at a line
    break closes there when the next paragraph opens a new quotation (the news convention
    for quotes that run over paragraphs), and is dropped otherwise. Curly quotes inside a
    straight-quoted passage are nested quotations, not a new one; an opening curly mark
    typed after the quotation's last punctuation ("...here,“ said X") closes it.
    """
    spans: list[Span] = []
    open_at: int | None = None
    open_char = ""
    nested = False
    end = 0
    for pos in stem_positions(text, _QUOTE_STEMS):
        if pos < end:
            continue  # the second apostrophe of a doubled one
        # found by str.find, not by a regex match at each (a match costs 1,000 instructions)
        char = text[pos]
        end = pos + 1
        if char == "'":  # a doubled apostrophe reads as a straight quote
            char = '"'
            end += 1
        if char == "\n":
            if open_at is not None and _next_line_opens_quote(text, pos):
                spans.append((open_at, pos))
            open_at = None
        elif open_at is None:
            if char not in _CLOSERS or _opens_as_closer(text, pos, end):
                open_at, open_char, nested = pos, char, False
        elif open_char == '"' and (char in _OPENERS or (nested and char in _CLOSERS)):
            nested = char in _OPENERS  # a quotation nested in a straight-quoted passage
        elif char in _OPENERS and not _closes_as_opener(text, pos, end):
            open_at, open_char = pos, char  # a stray opener: restart from the newer one
        elif pos - open_at > _MAX_QUOTE:
            open_at = None
        else:
            if pos > open_at + 1:
                spans.append((open_at, end))
            open_at = None
    return spans


def _closes_as_opener(text: str, pos: int, end: int) -> bool:
    """Whether an opening mark at ``pos`` is typed as a closing one: right after a
    quotation's final punctuation and followed by a space or the end of the line."""
    return pos > 0 and text[pos - 1] in ",.!?" and (end == len(text) or text[end] in " \t\n")


def _opens_as_closer(text: str, pos: int, end: int) -> bool:
    """Whether a closing mark at ``pos`` is typed as an opening one: at a line's start,
    where it can close nothing, and right before a word ('”Fear. I am afraid.”')."""
    return (pos == 0 or text[pos - 1] == "\n") and end < len(text) and text[end].isalnum()


def _next_line_opens_quote(text: str, newline_at: int) -> bool:
    rest = text[newline_at + 1 : newline_at + 8].lstrip()
    return bool(rest) and (rest[0] in '"“«' or rest.startswith("''"))


class Document:
    """One article parsed once: text, sentences, tokens and quotes, all with offsets.

    Derived analyses that several families share (for example attribution relations,
    which hedging needs for a cue's scope) are computed once through :meth:`memo`.

    The parsed parts are computed on first use and kept in plain attributes (None until
    then), not with functools.cached_property: a compiled (mypyc) class has no instance
    dict for cached_property to keep its value in, and would compute it at every access.
    """

    def __init__(self, text: str) -> None:
        self.text = reading_text(text)
        self._memo: dict[str, Any] = {}
        self._sentences: list[Span] | None = None
        self._sentence_starts: list[int] | None = None
        self._token_starts: list[int] | None = None
        self._token_ends: list[int] | None = None
        self._tokens: list[Span] | None = None
        self._lowered: str | None = None
        self._quotes: list[Span] | None = None
        self._quote_starts: list[int] | None = None
        self._statement_ends: list[bool] | None = None
        self._claim_sentences: list[int] | None = None

    def __reduce__(self) -> tuple[Callable[[str], Document], tuple[str]]:
        # pickled as its text, which it was read as (see reading_text): a class compiled by
        # mypyc is rebuilt only through a function (the parts parsed are parsed again)
        return _unpickled, (self.text,)

    def __repr__(self) -> str:
        return f"Document({len(self.text)} chars, {len(self.sentences)} sentences)"

    @property
    def sentences(self) -> list[Span]:
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        return self._sentences

    @property
    def sentence_starts(self) -> list[int]:
        if self._sentence_starts is None:
            self._sentence_starts = [start for start, _ in self.sentences]
        return self._sentence_starts

    @property
    def token_starts(self) -> list[int]:
        """Where each word (a WORD match) starts, in text order."""
        starts = self._token_starts
        if starts is None:
            starts, self._token_ends = find_words(self.text)
            self._token_starts = starts
        return starts

    @property
    def token_ends(self) -> list[int]:
        """Where each word ends, aligned with :attr:`token_starts`."""
        ends = self._token_ends
        if ends is None:
            self._token_starts, ends = find_words(self.text)
            self._token_ends = ends
        return ends

    @property
    def tokens(self) -> list[Span]:
        """The words as (start, end) spans (the features bisect the two lists above)."""
        if self._tokens is None:
            self._tokens = list(zip(self.token_starts, self.token_ends, strict=True))
        return self._tokens

    @property
    def lowered(self) -> str:
        """The text lower-cased (offsets match only when its length is unchanged)."""
        if self._lowered is None:
            self._lowered = _LOWER(self.text)
        return self._lowered

    @property
    def n_words(self) -> int:
        return len(self.token_starts)

    @property
    def quotes(self) -> list[Span]:
        if self._quotes is None:
            self._quotes = find_quotes(self.text)
        return self._quotes

    @property
    def statement_ends(self) -> list[bool]:
        """Per sentence, whether it ends in a full stop or an exclamation mark, perhaps
        inside closing quotes or brackets (headings, bylines and questions do not)."""
        if self._statement_ends is None:
            text = self.text
            self._statement_ends = [
                text[s:e].rstrip(_CLOSING).endswith((".", "!")) for s, e in self.sentences
            ]
        return self._statement_ends

    @property
    def claim_sentences(self) -> list[int]:
        """Indexes of the sentences that assert something: a statement of six words or more
        (shorter "sentences" are captions, datelines and stubs, not claims)."""
        if self._claim_sentences is None:
            text = self.text
            self._claim_sentences = [
                i
                for i, (ended, (start, end)) in enumerate(
                    zip(self.statement_ends, self.sentences, strict=True)
                )
                if ended and len(text[start:end].split(None, 5)) == 6  # sentences are stripped
            ]
        return self._claim_sentences

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the nearest before it, between sentences)."""
        index = bisect_right(self.sentence_starts, offset) - 1
        return index if index > 0 else 0

    def sentence_indexes(self, offsets: Iterable[int]) -> list[int]:
        """:meth:`sentence_index` of each offset: the bisections run in one ``map``, which
        costs far less per offset than a method call each."""
        found = map(bisect_right, repeat(self.sentence_starts), offsets)
        return [index - 1 if index > 1 else 0 for index in found]

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]

    def in_quote(self, offset: int) -> bool:
        """Whether ``offset`` lies inside a direct quotation."""
        starts = self.quote_starts
        i = bisect_right(starts, offset) - 1
        return i >= 0 and offset < self.quotes[i][1]

    @property
    def quote_starts(self) -> list[int]:
        """Start offsets of the quotations, for bisecting."""
        if self._quote_starts is None:
            self._quote_starts = [start for start, _ in self.quotes]
        return self._quote_starts

    def memo(self, key: str, compute: Callable[[Document], T]) -> T:
        """``compute(self)``, computed once per Document and key."""
        if key not in self._memo:
            self._memo[key] = compute(self)
        result: T = self._memo[key]
        return result


def _unpickled(text: str) -> Document:
    """A Document of ``text`` as already read (not read again: see Document.__reduce__)."""
    doc = Document("")
    doc.text = text
    return doc


def as_document(item: object) -> Document:
    """A Document from a Document (unchanged) or a string (parsed). Anything else is a
    TypeError: None, NaN or a number measured as its spelling ("None", "5") is no text."""
    if isinstance(item, Document):
        return item
    if not isinstance(item, str):
        raise TypeError(f"expected a text or a Document, got {type(item).__name__} {item!r:.40}")
    return Document(item)

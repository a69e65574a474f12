"""Check-worthy claims: the sentences of an article that assert a specific, checkable fact.

A claim is a sentence with something another outlet could confirm: a named entity, a
number or a date, and enough content words to say what happened. Questions, authorial
opinion and page furniture ("Related Posts", "Share this") are not claims.

Everything here is a pure function of a :class:`~sourcecheck.features.document.Document`
and costs one pass over its tokens plus a few linear regex searches per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from sourcecheck.features import lexicon
from sourcecheck.features.document import Document, Span

MIN_WORDS: Final = 5
# Past this a "sentence" is a run-on list or a splitting failure, not one claim.
MAX_WORDS: Final = 120
MIN_CONTENT_TERMS: Final = 3

# Month and weekday names only capitalised: lower-case "may" and "march" are other words.
_DATE: Final = re.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Monday|Tuesday|Wednesday"
    r"|Thursday|Friday|Saturday|Sunday|(?:1[89]|20)\d\d)\b"
)
# A capitalised word after a space that follows neither a sentence end, a colon nor an
# opening mark: one regex pass instead of a loop over tokens.
_MID_SENTENCE_CAPITAL: Final = re.compile(r"(?<=[^\s.!?:\"“‘'(\[«]) ([A-Z][\w’'-]*)")
_NUMBER_SEPARATORS: Final = str.maketrans("", "", ",")
# A crude suffix stripper: it only has to map "apologizes"/"apologized" to one key.
_SUFFIXES: Final = ("ing", "ies", "ied", "es", "ed", "s", "e", "ly")


@dataclass(frozen=True, slots=True)
class Claim:
    """One check-worthy sentence: its span and the normalised terms it can be matched on.

    ``terms`` are the content terms (stop words dropped, suffixes stripped), in order;
    ``anchors`` the subset that pins the claim to one event: named entities and numbers.
    """

    start: int
    end: int
    terms: tuple[str, ...]
    anchors: frozenset[str]

    @property
    def span(self) -> Span:
        return self.start, self.end

    def __reduce__(self) -> tuple[type[Claim], tuple[int, int, tuple[str, ...], frozenset[str]]]:
        # pickled by its constructor's arguments: a class compiled by mypyc has no other way
        return Claim, (self.start, self.end, self.terms, self.anchors)


def normalise_term(word: str) -> str:
    """A matching key for a word: lower case, possessive and thousands separators dropped,
    a common inflectional suffix stripped from words longer than five letters."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word[:1].isdigit():
        return word.translate(_NUMBER_SEPARATORS)
    if len(word) > 5:
        for suffix in _SUFFIXES:
            if word.endswith(suffix):
                stem = word[: -len(suffix)]
                return stem + "y" if suffix in ("ies", "ied") else stem
    return word


@cache
def _stopwords(lexicon_dir: str | None) -> frozenset[str]:
    return frozenset(lexicon.load("claim_stopwords", lexicon_dir))


def _capitalised_inside(doc: Document, stopwords: frozenset[str]) -> frozenset[str]:
    """Lower-cased words that the article capitalises in mid-sentence: its proper nouns.

    A capital at the start of a sentence proves nothing ("Analysts said"), so a
    sentence-initial word is an entity only when the article also capitalises it elsewhere.
    """
    found = {word.lower() for word in _MID_SENTENCE_CAPITAL.findall(doc.text)}
    return frozenset(found - stopwords)


_WORD_AFTER: Final = re.compile(r"([\"“‘'(\[«]?)(\w+(?:[-’'.]\w+)*)")
# Word -> (matching term or "" for a stop word, kind). Bounded: cleared when it grows past
# _CACHE_MAX, since a long-running build sees an unbounded vocabulary.
_KIND_PLAIN, _KIND_NUMBER, _KIND_CAPITAL = 0, 1, 2
_CACHE_MAX: Final = 500_000
_word_caches: dict[frozenset[str], dict[str, tuple[str, int]]] = {}


def _word_info(
    word: str, stopwords: frozenset[str], cache: dict[str, tuple[str, int]]
) -> tuple[str, int]:
    info = cache.get(word)
    if info is None:
        if len(cache) > _CACHE_MAX:
            cache.clear()
        lower = word.lower()
        if lower in stopwords or (len(word) < 2 and not word.isdigit()):
            info = ("", _KIND_PLAIN)
        else:
            kind = (
                _KIND_NUMBER
                if word[0].isdigit()
                else _KIND_CAPITAL
                if word[0].isupper()
                else _KIND_PLAIN
            )
            info = (normalise_term(word), kind)
        cache[word] = info
    return info


def claim_terms(
    sentence: str,
    stopwords: frozenset[str],
    proper: frozenset[str] = frozenset(),
) -> tuple[int, tuple[str, ...], frozenset[str]]:
    """The word count, content terms and anchors (entities and numbers) of one sentence.

    A capitalised word counts as an entity when it is not sentence-initial (or after an
    opening quote), or when ``proper`` says the article capitalises it elsewhere.
    """
    found = _WORD_AFTER.findall(sentence)
    cache = _word_caches.setdefault(stopwords, {})
    terms: list[str] = []
    anchors: set[str] = set()
    for i, (mark, word) in enumerate(found):
        term, kind = cache.get(word) or _word_info(word, stopwords, cache)
        if not term:
            continue
        terms.append(term)
        if kind == _KIND_NUMBER or (
            kind == _KIND_CAPITAL and ((i and not mark) or word.lower() in proper)
        ):
            anchors.add(term)
    return len(found), tuple(terms), frozenset(anchors)


def is_question(doc: Document, span: Span) -> bool:
    """Whether the sentence is a question (ends in "?", before closing quotes or brackets)."""
    return doc.text[span[0] : span[1]].rstrip("\"”’)]' ").endswith("?")


def has_date(doc: Document, span: Span) -> bool:
    """Whether the sentence names a month, a weekday or a year."""
    return _DATE.search(doc.text, *span) is not None


def extract_claims(doc: Document, lexicon_dir: str | None = None) -> list[Claim]:
    """The check-worthy sentences of ``doc``, in text order, with their matching terms."""
    return doc.memo(f"claims:{lexicon_dir}", lambda d: _extract_claims(d, lexicon_dir))


def _extract_claims(doc: Document, lexicon_dir: str | None) -> list[Claim]:
    stopwords = _stopwords(lexicon_dir)
    proper = _capitalised_inside(doc, stopwords)
    excluded = excluded_sentences(doc, lexicon_dir)
    claims: list[Claim] = []
    for i, span in enumerate(doc.sentences):
        if i in excluded:
            continue
        n_words, terms, anchors = claim_terms(doc.text[span[0] : span[1]], stopwords, proper)
        if not MIN_WORDS <= n_words <= MAX_WORDS or is_question(doc, span):
            continue
        if len(set(terms)) < MIN_CONTENT_TERMS:
            continue
        # Specific: it names someone or something, gives a number, or dates the event.
        if not anchors and not has_date(doc, span):
            continue
        claims.append(Claim(span[0], span[1], terms, anchors))
    return claims


def excluded_sentences(doc: Document, lexicon_dir: str | None = None) -> set[int]:
    """Indexes of sentences that are page furniture ("Share this", "Related Posts", a credit
    line) or state the author's own opinion (an opinion cue outside any quotation).

    One scan of the whole text per lexicon instead of one search per sentence: most
    articles have no hit at all, so this costs two linear regex passes.
    """
    text = doc.text
    lowered = " ".join(text.lower().split())  # lexicon spaces match any whitespace run
    excluded: set[int] = set()
    if _may_contain(lowered, "claim_boilerplate", lexicon_dir):
        for match in lexicon.pattern("claim_boilerplate", lexicon_dir).finditer(text):
            excluded.add(doc.sentence_index(match.start()))
    if _may_contain(lowered, "claim_opinion", lexicon_dir):
        for match in lexicon.pattern("claim_opinion", lexicon_dir).finditer(text):
            if not doc.in_quote(match.start()):
                excluded.add(doc.sentence_index(match.start()))
    return excluded


def is_furniture(doc: Document, span: Span, lexicon_dir: str | None = None) -> bool:
    """Whether the sentence at ``span`` is page furniture ("Subscribe to get the latest
    posts sent to your email."): one search of that sentence alone, for a caller that asks
    about a few sentences (a whole-text scan costs more than the sentences it saves)."""
    lowered, (start, end) = doc.lowered, span
    if len(lowered) == len(doc.text):  # a case-sensitive search: about twice as fast
        return _opens_phrase(_furniture_scan(lexicon_dir), lowered, start, end)
    return lexicon.pattern("claim_boilerplate", lexicon_dir).search(doc.text, *span) is not None


def _opens_phrase(scan: lexicon.WordScan, lowered: str, start: int, end: int) -> bool:
    """Whether ``scan.plain.search(lowered, start, end)`` finds a phrase: at ``start``, or
    after a character of the span, which ``scan.led`` skips to (``plain`` opens with a
    look-behind, which the engine tries at every character: five times the instructions)."""
    if scan.led is None:
        return scan.plain.search(lowered, start, end) is not None
    if scan.plain.match(lowered, start, end):
        return True
    return scan.led.search(lowered, start, end) is not None


@cache
def _furniture_scan(lexicon_dir: str | None) -> lexicon.WordScan:
    return lexicon.phrase_scan(lexicon.load("claim_boilerplate", lexicon_dir))


def _may_contain(lowered: str, name: str, lexicon_dir: str | None) -> bool:
    """A cheap prefilter: does any phrase occur at all, even inside a longer word? Substring
    search runs in C, far faster than the whole-word regex scan, which then runs only when
    needed (rarely: most articles contain none of these phrases)."""
    return any(phrase in lowered for phrase in lexicon.load(name, lexicon_dir))


def claim_spans(doc: Document, lexicon_dir: str | None = None) -> list[Span]:
    """Just the spans of :func:`extract_claims`."""
    return [claim.span for claim in extract_claims(doc, lexicon_dir)]

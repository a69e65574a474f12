"""Verifiability: dates, numbers, named entities, links and unattributed claims.

A reader can check a claim that carries specifics (a date, a figure, a link, a named
person or organisation) or names its source. A sentence that asserts a fact with
neither is an ``unattributed_claim``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from sourcecheck.features import lexicon
from sourcecheck.features.attribution import relations
from sourcecheck.features.base import FamilyResult, FamilyTransformer, per_100_words, share
from sourcecheck.features.document import Document
from sourcecheck.features.evidence import Evidence

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d{2}"
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)"
# Month names are matched case-sensitively, so the modal "may" is never a date.
ABSOLUTE_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH},?\s+{_YEAR}|{_YEAR}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})"
    rf"|(?<![\d,.$€£])(?:in|since|by|until|of|from|during|between|before|after|early|late|mid-)"
    rf"\s*{_YEAR}(?!\d|[,.]\d))\b"
)
RELATIVE_DATE = re.compile(
    rf"\b(?:{_WEEKDAY}|(?i:yesterday|tonight|tomorrow|(?:last|next|this|earlier this|later this)"
    rf"\s+(?:week|month|year|morning|afternoon|evening|night|weekend|spring|summer|fall|autumn"
    rf"|winter)|{_COUNT}\s+(?:days?|weeks?|months?|years?|hours?)\s+ago))\b"
)
_SPELLED = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?"
)
_SCALE = (
    r"percent|per cent|million|billion|trillion|thousand|hundred|km|kilometers|kilometres"
    r"|miles|kg|tons|tonnes|people|soldiers|troops"
)
NUMBER = re.compile(
    rf"(?<![\w.,])[$€£]?\d+(?:[.,]\d+)*(?:\s*%|\s*(?:{_SCALE})\b)?|\b(?i:{_SPELLED})\b"
)
LINK = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'“”()\[\]]+", re.IGNORECASE)
# A run of capitalised words, joined by a few lower-case name particles. Each repetition
# must consume a capitalised word, so the pattern stays linear.
_CAPITALISED_RUN = re.compile(
    r"(?<![\w'’-])(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w'’-]*)"
    r"(?:[ \t]+(?:(?:of|for|de|la|van|von|al|bin|du)[ \t]+)?"
    r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w'’-]*))*"
)
_WORD_IN_RUN = re.compile(r"\S+")
_ACRONYM = re.compile(r"^(?:[A-Z]{2,}|(?:[A-Z]\.)+[A-Z]?\.?)$")
_ASSERTIVE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|been|being"
    r"|\w{3,}ed|\w{3,}s)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!][\"”’)\]]*$")

ENTITY_TYPES = ("person", "organization", "place")
_MIN_CLAIM_WORDS = 6


def dates(doc: Document) -> list[Evidence]:
    """Absolute dates ("October 18", "Sept. 3, 2016", "in 2015") and relative ones ("on Monday")."""
    found = [
        Evidence("date", *m.span(), {"relative": False}) for m in ABSOLUTE_DATE.finditer(doc.text)
    ]
    found += [
        Evidence("date", *m.span(), {"relative": True}) for m in RELATIVE_DATE.finditer(doc.text)
    ]
    return _without_overlaps(found)


def numbers(doc: Document, taken: list[Evidence]) -> list[Evidence]:
    """Numbers and quantities, leaving out those inside a date already found."""
    starts = [ev.start for ev in taken]  # sorted and disjoint: see _without_overlaps
    return [
        Evidence("number", *m.span())
        for m in NUMBER.finditer(doc.text)
        if not _inside_any(m.start(), starts, taken)
    ]


def links(doc: Document) -> list[Evidence]:
    """Web addresses."""
    return [
        Evidence("link", m.start(), m.end() - _trailing_punct(m.group()))
        for m in LINK.finditer(doc.text)
    ]


def entities(doc: Document, lexicon_dir: str | None = None) -> list[Evidence]:
    """Named people, organisations and places, typed by titles, organisation words and places."""
    stopwords = lexicon.phrase_set("capitalised_stopwords", lexicon_dir)
    sentence_starts = frozenset(doc.sentence_starts)
    headings = {i for i in range(len(doc.sentences)) if _is_title_case(doc, i)}
    found = []
    for match in _CAPITALISED_RUN.finditer(doc.text):
        if doc.sentence_index(match.start()) in headings:
            continue  # In Title Case Every Word Looks Like A Name
        words = _name_words(match, stopwords)
        if not words:
            continue
        start, end = words[0].start(), words[-1].end() - _possessive(words[-1].group())
        name = doc.text[start:end]
        if len(words) == 1 and start in sentence_starts and not _ACRONYM.match(name):
            continue  # a lone capitalised word at a sentence start is usually not a name
        kind = entity_type(doc.text, start, name, lexicon_dir)
        if kind is not None:
            found.append(Evidence("entity", start, end, {"type": kind}))
    return found


def entity_type(text: str, start: int, name: str, lexicon_dir: str | None = None) -> str | None:
    """``person``, ``organization``, ``place`` or None (a capitalised word we cannot type)."""
    words = name.lower().replace(".", "").split()
    if " ".join(words) in lexicon.phrase_set("places", lexicon_dir):
        return "place"
    if " ".join(words) in lexicon.phrase_set("nationalities", lexicon_dir):
        return None
    if _ACRONYM.match(name) or not lexicon.phrase_set("organization_words", lexicon_dir).isdisjoint(
        words
    ):
        return "organization"
    if len(words) >= 2 or _after_title(text, start, lexicon_dir):
        return "person"
    return None


def unattributed_claims(
    doc: Document, specifics: list[Evidence], lexicon_dir: str | None = None
) -> list[Evidence]:
    """Claim sentences with no attribution, no quotation and no date, number or link."""
    attributed = _attributed_sentences(doc, lexicon_dir)
    specific = {
        doc.sentence_index(ev.start) for ev in specifics if ev.kind in ("date", "number", "link")
    }
    return [
        Evidence("unattributed_claim", *doc.sentences[i])
        for i in claim_sentences(doc)
        if i not in attributed and i not in specific
    ]


def claim_sentences(doc: Document) -> list[int]:
    """Indexes of declarative sentences that assert something: no headings, questions or stubs."""
    claims = []
    for i, (start, end) in enumerate(doc.sentences):
        sentence = doc.text[start:end]
        if (
            _SENTENCE_END.search(sentence)
            and len(sentence.split()) >= _MIN_CLAIM_WORDS
            and _ASSERTIVE_VERB.search(sentence)
        ):
            claims.append(i)
    return claims


def extract(doc: Document, lexicon_dir: str | None = None) -> FamilyResult:
    """The verifiability features and evidence of one Document."""
    found_dates = dates(doc)
    found_numbers = numbers(doc, found_dates)
    found_links = links(doc)
    found_entities = entities(doc, lexicon_dir)
    specifics = found_dates + found_numbers + found_links
    claims = unattributed_claims(doc, specifics, lexicon_dir)
    named = [ev for ev in found_entities if ev.extra["type"] in ("person", "organization")]
    n_words = doc.n_words
    features = {
        "dates_per_100_words": per_100_words(len(found_dates), n_words),
        "absolute_dates_per_100_words": per_100_words(
            sum(not ev.extra["relative"] for ev in found_dates), n_words
        ),
        "numbers_per_100_words": per_100_words(len(found_numbers), n_words),
        "links_per_100_words": per_100_words(len(found_links), n_words),
        "named_entities_per_100_words": per_100_words(len(named), n_words),
        "distinct_named_entities": float(len({doc.text[ev.start : ev.end] for ev in named})),
        "specifics_per_100_words": per_100_words(len(specifics) + len(named), n_words),
        "unattributed_claim_share": share(len(claims), len(claim_sentences(doc))),
        "unattributed_claims_per_100_words": per_100_words(len(claims), n_words),
    }
    return FamilyResult(features, specifics + found_entities + claims)


class VerifiabilityFeatures(FamilyTransformer):
    """Dates, numbers, links, named entities and unattributed claims, as features."""

    family = "verifiability"
    feature_names = (
        "dates_per_100_words",
        "absolute_dates_per_100_words",
        "numbers_per_100_words",
        "links_per_100_words",
        "named_entities_per_100_words",
        "distinct_named_entities",
        "specifics_per_100_words",
        "unattributed_claim_share",
        "unattributed_claims_per_100_words",
    )

    def extract(self, doc: Document) -> FamilyResult:
        return extract(doc, self.lexicon_dir)


def _attributed_sentences(doc: Document, lexicon_dir: str | None) -> set[int]:
    """Sentences holding a direct quotation, or an attribution's cue or content.

    A vague source ("reports suggest", "experts say") does not make a claim checkable.
    """
    covered = set()
    for relation in relations(doc, lexicon_dir):
        if relation.source_type == "vague":
            continue
        covered.add(doc.sentence_index(relation.cue[0]))
        covered.update(
            range(
                doc.sentence_index(relation.content[0]),
                doc.sentence_index(max(relation.content[0], relation.content[1] - 1)) + 1,
            )
        )
    for start, end in doc.quotes:
        covered.update(
            range(doc.sentence_index(start), doc.sentence_index(max(start, end - 1)) + 1)
        )
    return covered


def _after_title(text: str, start: int, lexicon_dir: str | None) -> bool:
    """Whether a person's title ("Secretary", "Dr.") stands right before ``start``."""
    before = text[max(0, start - 40) : start].lower().replace(".", "").split()
    titles = lexicon.phrase_set("person_titles", lexicon_dir)
    return bool(before) and (before[-1] in titles or " ".join(before[-2:]) in titles)


def _name_words(match: re.Match[str], stopwords: frozenset[str]) -> list[re.Match[str]]:
    """The words of a capitalised run, less function words at either end ("The", "In")."""
    words = list(_WORD_IN_RUN.finditer(match.string, *match.span()))
    while words and words[0].group().lower() in stopwords:
        words.pop(0)
    while words and words[-1].group().lower() in stopwords:
        words.pop()
    return words


def _possessive(word: str) -> int:
    """Length of a possessive ending ("'s", "’s", "s'") to leave out of a name."""
    return 2 if word.endswith(("'s", "’s")) else 0


def _is_title_case(doc: Document, index: int) -> bool:
    """Whether a sentence is a Title Case heading: no full stop, most words capitalised."""
    sentence = doc.sentence_text(index)
    if _SENTENCE_END.search(sentence):
        return False
    words = sentence.split()
    capitalised = sum(word[:1].isupper() for word in words)
    return len(words) >= 3 and capitalised >= 0.6 * len(words)


def _trailing_punct(url: str) -> int:
    """How many trailing characters of a URL are sentence punctuation, not address."""
    return len(url) - len(url.rstrip(".,;:!?"))


def _inside_any(offset: int, starts: list[int], spans: list[Evidence]) -> bool:
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < spans[i].end


def _without_overlaps(found: list[Evidence]) -> list[Evidence]:
    """The longest of overlapping spans, in text order."""
    kept: list[Evidence] = []
    for ev in sorted(found, key=lambda ev: (ev.start, -(ev.end - ev.start))):
        if not kept or ev.start >= kept[-1].end:
            kept.append(ev)
    return kept

"""Verifiability: dates, numbers, named entities, links, provenance and unattributed claims.

A reader can check a claim that carries specifics (a date, a figure, a link, a named
person or organisation) or names its source. A sentence that asserts a fact with
neither is an ``unattributed_claim``. A dateline ("WASHINGTON (Reuters) —") or a credit
line ("Jane Doe contributed to this report") says where and by whom the article was
reported: ``provenance``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from sourcecheck.features import lexicon
from sourcecheck.features.attribution import relations
from sourcecheck.features.base import FamilyResult, per_100_words, share
from sourcecheck.features.claims import is_furniture
from sourcecheck.features.document import Document, Span, matches_at
from sourcecheck.features.evidence import Evidence
from sourcecheck.features.openings import phrase_openings

_MONTH: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_DAY: Final = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR: Final = r"(?:1[89]|20)\d{2}"
_UNIT: Final = (
    r"(?:week|month|year|morning|afternoon|evening|night|weekend|spring|summer|fall|autumn"
    r"|winter)"
)
_COUNT: Final = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)"
# Each date or number pattern starts with a character class or a literal, so the regex
# engine skips ahead to candidate positions instead of trying every offset.
# Month names are matched case-sensitively, so the modal "may" is never a date.
# _MONTH past its initial letter, which the pattern has consumed: no two months match at
# one place, so "January" as "J" + "anuary" finds the same dates.
_MONTH_TAIL: Final = (
    r"(?:(?<=J)(?:anuary|une|uly|an\.|un\.|ul\.)|(?<=F)(?:ebruary|eb\.)|(?<=M)(?:arch|ay|ar\.)"
    r"|(?<=A)(?:pril|ugust|pr\.|ug\.)|(?<=S)(?:eptember|ept?\.)|(?<=O)(?:ctober|ct\.)"
    r"|(?<=N)(?:ovember|ov\.)|(?<=D)(?:ecember|ec\.))"
)
_MONTH_DATE: Final = re.compile(
    rf"[JFMASOND](?<!\w[JFMASOND]){_MONTH_TAIL}(?:\s+{_DAY}(?:,?\s+{_YEAR})?|,?\s+{_YEAR})\b"
)
_DIGIT_DATE: Final = re.compile(
    rf"\d(?<![\w.,$€£]\d)(?:\d?(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    r"|(?:(?<=1)[89]|(?<=2)0)\d{2}-\d{2}-\d{2}|\d?/\d{1,2}/(?:\d{4}|\d{2}))\b"
)
# A month on its own is a date after a preposition ("reopens in May", "since March"),
# matched case-sensitively; the final \b leaves out the abbreviations, whose full stop no
# word follows.
_MONTH_ALONE: Final = re.compile(rf"[JFMASOND](?<!\w[JFMASOND]){_MONTH_TAIL}\b")
_MONTH_LEAD: Final = re.compile(
    r"(?:\b(?:in|since|until|by|from|through|early|late|last|next|this)\s+|mid-\s*)$",
    re.IGNORECASE,
)
_RELATIVE_MONTH_LEAD: Final = ("last", "next", "this")
_YEAR_ONLY: Final = re.compile(r"[12](?<![\w.,$€£][12])(?:(?<=1)[89]|(?<=2)0)\d{2}(?!\d|[,.]\d)")
_YEAR_LEAD: Final = re.compile(
    r"(?:\b(?:in|since|by|until|of|from|during|between|before|after|early|late)\s+|mid-\s*)$",
    re.IGNORECASE,
)
# A weekday's name past its initial letter (as _MONTH_TAIL for a month's).
_WEEKDAY_TAIL: Final = (
    r"(?:(?<=M)onday|(?<=T)(?:uesday|hursday)|(?<=W)ednesday|(?<=F)riday"
    r"|(?<=S)(?:aturday|unday))"
)
_WEEKDAY_DATE: Final = re.compile(r"[MTWFS]" + _WEEKDAY_TAIL + r"\b")
_RELATIVE_PHRASE: Final = re.compile(
    r"[YyTtLlNnEe](?<![\w'’-].)"
    r"(?:(?<=[Yy])esterday|(?<=[Tt])o(?:night|morrow)|(?<=[Ll])a(?:st|ter\s+this)\s+"
    + _UNIT
    + r"|(?<=[Nn])ext\s+"
    + _UNIT
    + r"|(?<=[Tt])his\s+"
    + _UNIT
    + r"|(?<=[Ee])arlier\s+this\s+"
    + _UNIT
    + r")\b"
)
# What a relative date starts with, lower-cased (see _word_stem_matches).
_RELATIVE_STEMS: Final = (
    "yesterday",
    "tonight",
    "tomorrow",
    "last",
    "later",
    "next",
    "this",
    "earlier",
)
_AGO: Final = re.compile(r"ago\b")
_COUNTED_UNITS: Final = re.compile(
    rf"\b{_COUNT}\s+(?:days?|weeks?|months?|years?|hours?)\s+$", re.IGNORECASE
)
_SCALE: Final = (
    r"percent|per cent|million|billion|trillion|thousand|hundred|km|kilometers|kilometres"
    r"|miles|kg|tons|tonnes|people|soldiers|troops"
)
# A figure starts with a digit, or with a currency sign that a digit follows ("$5", "€ 40");
# a sign alone ("Pay $ now") is no figure.
_DIGITS: Final = re.compile(
    rf"[$€£\d](?<![\w.,][$€£\d])(?:(?<=\d)|\s?(?=\d))[\d,.]*(?<![,.])"
    rf"(?:\s*%|\s*(?:{_SCALE})\b)?"
)
# Where a figure can start (_DIGITS' leading class and look-behind), and so a date in digits
# or a year (their look-behinds leave out a currency sign too); where a month name starts
# (the start that _MONTH_DATE and _MONTH_ALONE share); and where a weekday's name stands
# (inside a word too, as for _WEEKDAY_DATE). One scan, led by one class that the engine
# skips to, finds the three kinds (a month name is group 1, a weekday's group 2); each
# pattern is tried at its kind alone (a str.find for each of twelve months or seven days
# costs 1 to 2 us on a 3 KB text). No name holds a capital past its first letter or a
# digit: no start lies inside another's match.
_DATE_OR_FIGURE: Final = re.compile(
    r"[$€£\dJFMASONDTW](?:(?<=[$€£\d])(?<![\w.,].)"
    rf"|(?<=[JFMASOND])(?<!\w.)({_MONTH_TAIL})|({_WEEKDAY_TAIL}))"
)
# _DATE_OR_FIGURE for a text whose figures all start with "$" or 0 to 9: its first class is
# a set of ASCII characters alone, which the engine tests at each character in far fewer
# instructions than one that holds "€" and \d's category (the scan took 510,000 instructions
# an article, this one 330,000 and the test of the text 45,000).
_DATE_OR_ASCII_FIGURE: Final = re.compile(
    r"[$0-9JFMASONDTW](?:(?<=[$0-9])(?<![\w.,].)"
    rf"|(?<=[JFMASOND])(?<!\w.)({_MONTH_TAIL})|({_WEEKDAY_TAIL}))"
)
# The first bytes in UTF-8 of the decimal digits but 0 to 9, which \d matches too (Arabic-Indic,
# Devanagari, full-width ones...): no common mark of English text (’ “ — … •) starts with one.
_OTHER_DIGIT_LEADS: Final = (b"\xd9", b"\xdb", b"\xdf", b"\xe0", b"\xe1", b"\xea", b"\xef", b"\xf0")
_SPELLED: Final = re.compile(
    r"[tfesnhmbdTFESNHMBD](?<![\w'’-].)"
    r"(?i:(?<=t)(?:wo|hree|en|welve|wenty|hirty|housands?)|(?<=f)(?:our|ive|ifteen|orty|ifty)"
    r"|(?<=s)(?:ix|even|ixty|eventy)|(?<=e)(?:ight|leven|ighty)|(?<=n)(?:ine|inety)"
    r"|(?<=h)undreds?|(?<=m)illions?|(?<=b)illions?|(?<=d)ozens?)\b"
)
# What a spelled number starts with, lower-cased (see _word_stem_matches).
_SPELLED_STEMS: Final = (
    *("two", "three", "ten", "twelve", "twenty", "thirty", "thousand", "four", "five"),
    *("fifteen", "forty", "fifty", "six", "seven", "eight", "eleven", "nine", "hundred"),
    *("million", "billion", "dozen"),
)
# Addresses with a scheme or "www.", and Twitter's image links, which an embedded tweet
# shows without either ("#trump2016 pic.twitter.com/9fHwog7ssN").
LINK: Final = re.compile(r"[hHwWpP](?<!\w.)(?i:ttps?://|ww\.|ic\.twitter\.com/)[^\s<>\"'“”()\[\]]+")
_LINK_STEMS: Final = ("http", "www.", "pic.twitter.com/")
# An e-mail address, found from its "@" (rare in news text): the local part before it,
# read backwards at most 64 characters (the standard's limit), and a dotted domain after.
_EMAIL_LOCAL: Final = re.compile(r"[\w.+-]{1,64}\Z")
_EMAIL_DOMAIN: Final = re.compile(r"[\w-]+(?:\.[\w-]+)+")
# A run of capitalised words, joined by a few lower-case name particles. Each repetition
# must consume a capitalised word, so the pattern stays linear.
_CAPITALISED_RUN: Final = re.compile(
    r"[A-Z](?<![\w'’-][A-Z])(?:(?:\.[A-Z])+\.?|[\w'’-]*)"
    r"(?:[ \t]+(?:(?:of|for|de|la|van|von|al|bin|du)[ \t]+)?"
    r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w'’-]*))*"
)
_WORD_IN_RUN: Final = re.compile(r"\S+")
_ACRONYM: Final = re.compile(r"^(?:[A-Z]{2,}|(?:[A-Z]\.)+[A-Z]?\.?)$")

# A dateline opens the article or one of its first lines: a place and a news agency or
# outlet in brackets ("NEW YORK (AP) —", "(CNN) Donald"), or a place in capitals and a dash
# ("BRATISLAVA — ").
_DATELINE_WINDOW: Final = 400
_DATELINE: Final = re.compile(
    r"^[ \t]*(?:(?:[A-Z][\w.,'-]*(?:[ \t]+[A-Z0-9][\w.,'-]*){0,4}[ \t]*)?"
    r"\((?:[A-Z][\w.&' /-]{0,30}|[a-z]{2,8})\)"  # an agency: "(AP)", "(The Hill)", "(dpa)"
    r"(?:[ \t]*[-—–]{1,2}|(?=[ \t]*[A-Z\"“]))"
    r"|[A-Z][A-Z.,']{2,}(?:[ \t]+[A-Z][\w.,']*){0,4}[ \t]*[-—–]{1,2}(?=[ \t]))",
    re.MULTILINE,
)
_CREDIT: Final = re.compile(
    r"\b(?:contributed\s+(?:to\s+)?(?:this|the)\s+report|(?:additional\s+)?reporting\s+by"
    r"|(?:editing|writing)\s+by)\b",
    re.IGNORECASE,
)

_CREDIT_STEMS: Final = ("contributed", "additional", "reporting", "editing", "writing")
# Spelled numbers, relative dates, web addresses and credit lines open a word: their
# patterns allow no word character before them. A character that lower-cases to an ASCII
# word character is one itself, so the places of the lower-cased text after any other
# character (and offset 0) where one of their stems starts hold every match: the shared
# scan of openings.phrase_openings finds them, with the other families' phrases.
WORD_STEMS: Final = _SPELLED_STEMS + _RELATIVE_STEMS + _LINK_STEMS + _CREDIT_STEMS
_WORD_STEM: Final = re.compile(lexicon.trie_pattern(WORD_STEMS))

ENTITY_TYPES: Final = ("person", "organization", "place")


@dataclass(frozen=True, slots=True)
class _Lexicons:
    stopwords: frozenset[str]
    places: frozenset[str]
    nationalities: frozenset[str]
    organization_words: frozenset[str]
    titles: frozenset[str]
    not_datelines: frozenset[str]  # words no dateline holds (see dateline_labels.txt)


@lru_cache(maxsize=16)
def _lexicons(lexicon_dir: str | None) -> _Lexicons:
    """The lexicons of entity typing and datelines, once per lexicon folder."""

    def words(name: str) -> frozenset[str]:
        return lexicon.phrase_set(name, lexicon_dir)

    return _Lexicons(
        stopwords=words("capitalised_stopwords"),
        places=words("places"),
        nationalities=words("nationalities"),
        organization_words=words("organization_words"),
        titles=words("person_titles"),
        not_datelines=words("dateline_labels"),
    )


def dates(doc: Document) -> list[Evidence]:
    """Absolute dates ("October 18", "Sept. 3, 2016", "in 2015", "in May") and relative ones
    ("on Monday", "last June")."""
    text = doc.text
    figures, months, weekdays = _date_and_figure_starts(doc)
    absolute = [m.span() for m in matches_at(_MONTH_DATE, text, months)]
    absolute += [m.span() for m in matches_at(_DIGIT_DATE, text, figures)]
    absolute += [
        (lead.start(), m.end())
        for m in matches_at(_YEAR_ONLY, text, figures)
        if (lead := _YEAR_LEAD.search(text, max(0, m.start() - 12), m.start()))
    ]
    relative = [m.span() for m in matches_at(_WEEKDAY_DATE, text, weekdays)]
    relative += _word_stem_matches(_RELATIVE_PHRASE, doc)
    relative += [
        (count.start(), m.end())
        for m in _AGO.finditer(text)
        if (count := _COUNTED_UNITS.search(text, max(0, m.start() - 30), m.start()))
    ]
    found = [Evidence("date", *span, {"relative": False}) for span in absolute]
    found += [Evidence("date", *span, {"relative": True}) for span in relative]
    return _without_overlaps(found + months_alone(text, months))


def months_alone(text: str, starts: list[int] | None = None) -> list[Evidence]:
    """Month names after a preposition ("in May", "since March"), relative after "last",
    "next" or "this". The span is the month alone, so "May 2020" stays the longer date.
    ``starts`` are where a month name starts in the text, when the caller has them."""
    found = []
    starts = _scan_date_and_figure_starts(text)[1] if starts is None else starts
    for m in matches_at(_MONTH_ALONE, text, starts):
        lead = _MONTH_LEAD.search(text, max(0, m.start() - 12), m.start())
        if lead:
            relative = lead.group().split()[0].lower() in _RELATIVE_MONTH_LEAD
            found.append(Evidence("date", *m.span(), {"relative": relative}))
    return found


def _date_and_figure_starts(doc: Document) -> tuple[list[int], list[int], list[int]]:
    """Where a figure, a date in digits or a year can start, where a month name starts and
    where a weekday's name stands (found once per Document)."""
    return doc.memo("verifiability.starts", lambda d: _scan_date_and_figure_starts(d.text))


def _scan_date_and_figure_starts(text: str) -> tuple[list[int], list[int], list[int]]:
    pattern = _DATE_OR_ASCII_FIGURE if _ascii_figures_only(text) else _DATE_OR_FIGURE
    starts: tuple[list[int], list[int], list[int]] = ([], [], [])
    for m in pattern.finditer(text):
        starts[m.lastindex or 0].append(m.start())  # no group: a figure
    return starts


def _ascii_figures_only(text: str) -> bool:
    """Whether no figure of ``text`` starts with a character but "$" and 0 to 9: it holds no
    "€" or "£" and no other decimal digit (a byte's find in the text's UTF-8 is far cheaper
    than a regex class tested at each character)."""
    if "€" in text or "£" in text:
        return False
    if text.isascii():
        return True
    encoded = text.encode("utf-8", "surrogatepass")
    return not any(lead in encoded for lead in _OTHER_DIGIT_LEADS)


def numbers(doc: Document, taken: list[Evidence]) -> list[Evidence]:
    """Numbers and quantities, leaving out those inside a date or link already found (the
    digits of "t.co/86FsWdft5O" or a tweet's status id are no figure a reader can check)."""
    taken = _without_overlaps(taken)
    starts = [ev.start for ev in taken]  # sorted and disjoint
    found = [
        Evidence("number", *m.span())
        for m in matches_at(_DIGITS, doc.text, _date_and_figure_starts(doc)[0])
    ]
    found += [Evidence("number", *span) for span in _word_stem_matches(_SPELLED, doc)]
    return [ev for ev in _without_overlaps(found) if not _inside_any(ev.start, starts, taken)]


def _word_stem_matches(pattern: re.Pattern[str], doc: Document) -> list[Span]:
    """The spans of ``pattern.finditer(doc.text)``, for a pattern of WORD_STEMS' kinds (a
    spelled number, a relative date, a link or a credit line), tried only where a word of the
    lower-cased text opens with one of their stems: one scan finds those for all four (their
    37 str.find calls took twice as long). The plain scan when lower-casing moves offsets or
    the text holds "ı" or "ſ", which match "i" and "s" case-insensitively."""
    text = doc.text
    if len(doc.lowered) != len(text) or "ı" in text or "ſ" in text:
        return [m.span() for m in pattern.finditer(text)]
    return [m.span() for m in matches_at(pattern, text, _word_stem_positions(doc))]


def _word_stem_positions(doc: Document) -> list[int]:
    """Where a word of ``doc.lowered`` opens with one of WORD_STEMS' stems, in text order
    (found once per Document)."""
    return doc.memo("verifiability.word_stems", _scan_word_stems)


def _scan_word_stems(doc: Document) -> list[int]:
    lowered, match = doc.lowered, _WORD_STEM.match
    return [at for at in phrase_openings(doc) if match(lowered, at)]


def links(doc: Document) -> list[Evidence]:
    """Web addresses, found once per Document (hedging skips the cues inside them)."""
    return doc.memo(
        "verifiability.links",
        lambda d: [
            Evidence("link", start, end - _trailing_punct(d.text[start:end]))
            for start, end in _word_stem_matches(LINK, d)
        ],
    )


def email_addresses(text: str) -> list[Span]:
    """Spans of e-mail addresses ("tips@example.com"); a handle ("@SpeakerRyan") is none."""
    spans = []
    at = text.find("@")
    while at >= 0:
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if local and domain:
            spans.append((local.start(), domain.end()))
        at = text.find("@", at + 1)
    return spans


def provenance(doc: Document, lexicon_dir: str | None = None) -> list[Evidence]:
    """Datelines among the first lines and credit lines anywhere."""
    text = doc.text
    labels = _lexicons(lexicon_dir).not_datelines
    found = [
        m.span()
        for m in _DATELINE.finditer(text[:_DATELINE_WINDOW])
        if is_dateline(m.group(), labels)
    ]
    found += _word_stem_matches(_CREDIT, doc)
    return [Evidence("provenance", *span) for span in sorted(found)]


_LINE_WORD: Final = re.compile(r"[a-z][a-z'’&]*")
_PARTY_TAG: Final = re.compile(r"\([RDI]-")


def is_dateline(line: str, labels: frozenset[str]) -> bool:
    """Whether a line shaped as a dateline names a place and an agency, not a label or a
    speaker: none of its words is among ``labels`` ("BREAKING —", "WATCH (VIDEO) —",
    "ANDERSON COOPER (HOST)", "THE TERROR CREEP --") and it has no party tag ("(R-TX)")."""
    if _PARTY_TAG.search(line):
        return False
    return labels.isdisjoint(_LINE_WORD.findall(line.lower()))


def entities(doc: Document, lexicon_dir: str | None = None) -> list[Evidence]:
    """Named people, organisations and places, typed by titles, organisation words and places."""
    text = doc.text
    titles = _lexicons(lexicon_dir).titles
    sentence_starts = frozenset(doc.sentence_starts)
    headings = {
        i for i, ended in enumerate(doc.statement_ends) if not ended and _is_title_case(doc, i)
    }
    found = []
    for match in _CAPITALISED_RUN.finditer(text):
        if headings and doc.sentence_index(match.start()) in headings:
            continue  # In Title Case Every Word Looks Like A Name
        named = _run_name(match.group(), lexicon_dir)
        if named is None:
            continue
        offset, length, lone, kind = named
        start = match.start() + offset
        if lone and start in sentence_starts:
            continue  # a lone capitalised word at a sentence start is usually not a name
        kind = _in_context(kind, text, start, titles)
        if kind is not None:
            found.append(Evidence("entity", start, start + length, {"type": kind}))
    return found


# A single word is a person only after a title ("Secretary Kerry"): decided in context.
_IF_TITLED: Final = "if titled"


@lru_cache(maxsize=1 << 16)
def _run_name(run: str, lexicon_dir: str | None) -> tuple[int, int, bool, str | None] | None:
    """What a capitalised run names, from its text alone (runs recur, so this is cached):
    the name's offset in the run and its length, whether it is one word (not an acronym),
    and its type (or ``_IF_TITLED``); None when no name is left."""
    span = _name_span(run, _lexicons(lexicon_dir).stopwords)
    if span is None:
        return None
    name = run[span[0] : span[1]]
    lone = " " not in name and not _ACRONYM.match(name)
    return span[0], len(name), lone, _name_type(name, lexicon_dir)


def entity_type(text: str, start: int, name: str, lexicon_dir: str | None = None) -> str | None:
    """``person``, ``organization``, ``place`` or None (a capitalised word we cannot type)."""
    return _in_context(_name_type(name, lexicon_dir), text, start, _lexicons(lexicon_dir).titles)


def _in_context(kind: str | None, text: str, start: int, titles: frozenset[str]) -> str | None:
    """``kind``, with a name that only a title can type decided by the words before it."""
    if kind is _IF_TITLED:
        return "person" if _after_title(text, start, titles) else None
    return kind


# A clock's words ("2:33 PM CET"); not "CT" or "MT", which are also states.
_CLOCK_WORDS: Final = frozenset(
    ["am", "pm", "gmt", "utc", "cet", "cest", "bst", "est", "edt", "cst", "cdt", "pst", "pdt"]
)


def _name_type(name: str, lexicon_dir: str | None) -> str | None:
    """:func:`entity_type` from the name alone; ``_IF_TITLED`` when a title must decide."""
    lex = _lexicons(lexicon_dir)
    words = name.lower().replace(".", "").split()
    if _CLOCK_WORDS.issuperset(words):
        return None  # "2:33 PM CET": a time, not an organisation's acronym
    phrase = " ".join(words)
    if phrase in lex.places:
        return "place"
    if phrase in lex.nationalities:
        return None
    if _ACRONYM.match(name) or not lex.organization_words.isdisjoint(words):
        return "organization"
    return "person" if len(words) >= 2 else _IF_TITLED


def unattributed_claims(
    doc: Document, specifics: list[Evidence], lexicon_dir: str | None = None
) -> list[Evidence]:
    """Claim sentences with no attribution, no quotation and no date, number or link (page
    furniture such as "Subscribe to get the latest posts sent to your email." claims
    nothing)."""
    skipped = _attributed_sentences(doc, lexicon_dir)
    skipped.update(
        doc.sentence_indexes(ev.start for ev in specifics if ev.kind in ("date", "number", "link"))
    )
    return [
        Evidence("unattributed_claim", *doc.sentences[i])
        for i in doc.claim_sentences
        if i not in skipped and not is_furniture(doc, doc.sentences[i], lexicon_dir)
    ]


# The family's columns, in the order of the feature frame.
FEATURE_NAMES: Final = (
    "dates_per_100_words",
    "absolute_dates_per_100_words",
    "numbers_per_100_words",
    "links_per_100_words",
    "named_entities_per_100_words",
    "distinct_named_entities",
    "specifics_per_100_words",
    "unattributed_claim_share",
    "unattributed_claims_per_100_words",
    "dateline_or_credit",
)


def extract(doc: Document, lexicon_dir: str | None = None) -> FamilyResult:
    """The verifiability features and evidence of one Document."""
    lexicon_dir = lexicon.user_folder(lexicon_dir)  # caches below key on the folder itself
    found_dates = dates(doc)
    found_links = links(doc)
    found_numbers = numbers(doc, found_dates + found_links)
    found_entities = entities(doc, lexicon_dir)
    found_provenance = provenance(doc, lexicon_dir)
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
        "unattributed_claim_share": share(len(claims), len(doc.claim_sentences)),
        "unattributed_claims_per_100_words": per_100_words(len(claims), n_words),
        "dateline_or_credit": float(bool(found_provenance)),
    }
    return FamilyResult(features, specifics + found_entities + claims + found_provenance)


def _attributed_sentences(doc: Document, lexicon_dir: str | None) -> set[int]:
    """Sentences holding a direct quotation, or an attribution's cue or content.

    A vague source ("reports suggest", "experts say") does not make a claim checkable.
    """
    owned = [r for r in relations(doc, lexicon_dir) if r.source_type != "vague"]
    spans = [r.content for r in owned] + doc.quotes
    covered = set(doc.sentence_indexes(r.cue[0] for r in owned))
    firsts = doc.sentence_indexes(start for start, _ in spans)
    lasts = doc.sentence_indexes(max(start, end - 1) for start, end in spans)
    for first, last in zip(firsts, lasts, strict=True):
        covered.update(range(first, last + 1))
    return covered


def _after_title(text: str, start: int, titles: frozenset[str]) -> bool:
    """Whether a person's title ("Secretary", "Dr.") stands right before ``start``."""
    # the last two words are all it reads: rsplit makes one object of the words before them
    before = text[max(0, start - 40) : start].lower().replace(".", "").rsplit(None, 2)
    return bool(before) and (before[-1] in titles or " ".join(before[-2:]) in titles)


def _name_span(run: str, stopwords: frozenset[str]) -> tuple[int, int] | None:
    """A capitalised run less function words at either end ("The", "In") and a possessive,
    as offsets in the run."""
    words = run.split()
    if words[0].lower() in stopwords or words[-1].lower() in stopwords:
        kept = [m.span() for m in _WORD_IN_RUN.finditer(run)]
        while kept and run[slice(*kept[0])].lower() in stopwords:
            kept.pop(0)
        while kept and run[slice(*kept[-1])].lower() in stopwords:
            kept.pop()
        if not kept:
            return None
        start, end = kept[0][0], kept[-1][1]
    else:
        start, end = 0, len(run)
    return start, end - _possessive(run[start:end])


def _possessive(word: str) -> int:
    """Length of a possessive ending ("'s", "’s", "s'") to leave out of a name."""
    return 2 if word.endswith(("'s", "’s")) else 0


def _is_title_case(doc: Document, index: int) -> bool:
    """Whether a sentence is a Title Case heading: no full stop, most words capitalised."""
    if doc.statement_ends[index]:
        return False
    words = doc.sentence_text(index).split()
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

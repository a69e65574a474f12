"""Hedging: epistemic cues and weasel phrases, each in the author's or a source's voice.

A hedge cue marks a claim as uncertain: an epistemic modal ("may", "might", "could"), an
adverb or adjective ("reportedly", "likely"), a doxastic or evidential verb ("is believed",
"seems", "suggests"). A weasel phrase hides who holds a claim ("experts say", "it has been
suggested"). Cue lists are lexicons (features/lexicons/hedge_*.txt, weasel_*.txt); the few
readings that are not hedges ("May" the month, "military might", "he could not swim", "the
expected gain", "an estimated 200,000", "assumed command") are told apart by light context
rules here.

Scope: a cue inside a direct quotation, or inside what a source the text gives is reported
to say ("officials said the toll may rise"), is ``attributed``: calibrated uncertainty that
somebody owns. Any other cue, a cue whose source is a weasel ("experts say it may fail"),
and every weasel phrase are ``authorial``: the writer's own vagueness.

Boosters ("clearly", "in fact", "just", "literally"; features/lexicons/booster_cues.txt)
are the opposite stance: the writer insists instead of sourcing. They get the same scope.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from sourcecheck.features import lexicon
from sourcecheck.features.attribution import relations
from sourcecheck.features.base import FamilyResult, per_100_words, share
from sourcecheck.features.document import Document, Span, matches_at
from sourcecheck.features.evidence import COMPILED, Evidence, slot_setters
from sourcecheck.features.openings import phrase_openings
from sourcecheck.features.verifiability import email_addresses, links

AUTHORIAL, ATTRIBUTED = "authorial", "attributed"


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NEXT_WORD: Final = re.compile(r"[ \t\r\n]*([\w’'-]*)")
_PUNCTUATION: Final = "\"“”‘’'()[],.;:!?—–"
_SENTENCE_OPENERS: Final = '.!?:;"“‘([\n'
_BE: Final = _word_set("is are was were be been being am isn't wasn't aren't weren't ’s 's")
_PRESENT_BE: Final = _word_set("is are am be")
_SUBJECTS: Final = _word_set("i we he she they you who many some most others")
# Words before "thought"/"might" that make it a noun: "a thought", "military might".
_NOUN_MARKERS: Final = _word_set(
    "a an the his her its their our my your this that of no much some any with all full "
    "military economic naval political religious western modern second free"
)
# Adverbs without "-ly" that come between "be" and a belief verb: "is often considered".
_FRAME_ADVERBS: Final = _word_set("often now also still always sometimes once long even never not")
_FRAME_NEXT: Final = re.compile(
    r"\s+(?:as|to\s+(?:be|have)|that|one\s+of|among|by\s+(?:many|some|most))\b"
)
_AS_WITHIN_TWO: Final = re.compile(r"(?:\s+[\w’'-]+){0,2}?\s+as\b")
_INABILITY: Final = _word_set("not n't never hardly barely scarcely")
# "he could see" narrates past ability; "it could rain", "the toll could rise" hedge.
_PERSONAL: Final = _word_set("i we you he she they who")
# Right after a cue: the clause ends ("the sale had been expected."), or a proposition
# follows ("estimated that ...", "estimated to have cost").
_CLAUSE_END: Final = re.compile(r"[ \t]*(?:[.,;:!?)\]\"”’']|$)")
# "assume" as take on: a role or a burden within a few words, in the same clause.
_TAKEN_ON: Final = re.compile(
    r"(?:\s+[\w’'$.-]+){0,4}?\s+(?:responsibilit(?:y|ies)|command|control|powers?|roles?|"
    r"duty|duties|office|leadership|presidency|throne|title|post|position|debts?|"
    r"liabilit(?:y|ies)|charge|ownership|management|chairmanship|mantle|crown)\b"
)
_PROPOSITION_NEXT: Final = re.compile(r"\s+(?:that\b|to\s+[a-z])")


@dataclass(frozen=True, slots=True)
class Cue:
    """One hedge cue span; ``weasel`` for a phrase that hides its source."""

    start: int
    end: int
    weasel: bool = False

    def __init__(self, start: int, end: int, weasel: bool = False) -> None:
        if COMPILED:  # fields stored in place, as in Evidence.__init__
            self.start = start  # type: ignore[misc]
            self.end = end  # type: ignore[misc]
            self.weasel = weasel  # type: ignore[misc]
        else:
            # the slots' own setters (see evidence.slot_setters): tens of cues per article
            _set_start(self, start)
            _set_end(self, end)
            _set_weasel(self, weasel)

    def __reduce__(self) -> tuple[type[Cue], tuple[int, int, bool]]:
        # pickled by its constructor's arguments: a class compiled by mypyc has no other way
        return Cue, (self.start, self.end, self.weasel)


_set_start, _set_end, _set_weasel = slot_setters(Cue, "start", "end", "weasel")


# Lexicons scanned for cues, and the kind each phrase has there.
_KINDS: Final = {
    "hedge_cues": "cue",
    "hedge_modals": "modal",
    "hedge_framed": "framed",
    "hedge_framed_as": "framed_as",
    "hedge_expected": "expected",
    "hedge_propositional": "propositional",
    "hedge_assume": "assume",
    "hedge_exclusions": "exclusion",
    "booster_cues": "booster",  # found in the same pass; never a hedge
}
_WEASEL_KINDS: Final = {
    "weasel_phrases": "weasel",
    "weasel_quantifiers": "quantifier",
    "weasel_sources": "source",
}
_AUX: Final = r"(?:(?:have|has|had|would|may|might|also|often|now|long|widely|still)\s+){0,2}"


@dataclass(frozen=True, slots=True)
class _Scanner:
    """Every phrase of the lexicons as one pattern: one pass over the text finds them all."""

    lower: lexicon.WordScan  # on the lower-cased text: faster than IGNORECASE
    kinds: dict[str, frozenset[str]]  # phrase (single-spaced) -> its kinds
    source_after: re.Pattern[str]  # "some" + " analysts"
    verb_after: re.Pattern[str]  # "experts" + " have long argued"


@lru_cache(maxsize=16)
def _scanner(lexicon_dir: str | None, weasels: bool = True) -> _Scanner:
    """The compiled lexicons, once per lexicon folder (with or without weasel phrases)."""
    names = {**_KINDS, **_WEASEL_KINDS} if weasels else _KINDS
    kinds: dict[str, set[str]] = {}
    for name, kind in names.items():
        for phrase in lexicon.load(name, lexicon_dir):
            kinds.setdefault(phrase, set()).add(kind)
    source = lexicon.pattern("weasel_sources", lexicon_dir).pattern
    verb = lexicon.pattern("weasel_verbs", lexicon_dir).pattern
    return _Scanner(
        lower=lexicon.phrase_scan(tuple(kinds)),
        kinds={phrase: frozenset(found) for phrase, found in kinds.items()},
        source_after=re.compile(rf"\s+(?:{source})", re.IGNORECASE),
        verb_after=re.compile(rf"\s+{_AUX}(?:{verb})", re.IGNORECASE),
    )


# --- context rules: the readings of a cue word that are not hedges


def _next_word(text: str, end: int) -> str:
    match = _NEXT_WORD.match(text, end)
    return match.group(1).lower() if match else ""


def _previous_words(text: str, start: int) -> tuple[str, str]:
    """The two words before ``start``, lower-cased, outer punctuation stripped."""
    words = text[max(0, start - 48) : start].split()[-2:]
    words = [word.strip(_PUNCTUATION).lower() for word in words]
    padded = ["", "", *words]
    return padded[-2], padded[-1]


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_OPENERS


def is_epistemic_modal(text: str, start: int, end: int) -> bool:
    """Whether the modal at ``text[start:end]`` is epistemic, not a month, noun or ability.

    A modal needs a following word (a verb, "not", an adverb). "May" with a capital in
    mid-sentence is the month or a name (modals are lower case there); "might" after a
    determiner or adjective is the noun; "could not" is past inability.
    """
    word = text[start:end].split(None, 1)[0].lower()
    following = _next_word(text, end)
    if not following or not following[0].isalpha():
        return False
    if word == "may":
        return text[start] == "m" or _at_sentence_start(text, start)
    if word == "might":
        previous = _previous_words(text, start)[1]
        return previous not in _NOUN_MARKERS and not previous.endswith(("'s", "’s"))
    if word == "could":
        if _previous_words(text, start)[1] in _PERSONAL:
            return False
        return following not in _INABILITY and not following.endswith(("n't", "n’t"))
    return True


def is_doxastic_frame(text: str, start: int, end: int) -> bool:
    """Whether a verb like "considered"/"thought" reports a belief here.

    Yes after a form of "be" (an adverb may come between) or a subject pronoun, or before
    "as", "to be", "that", "one of"; no after a determiner ("a thought").
    """
    before2, before1 = _previous_words(text, start)
    if before1 in _NOUN_MARKERS:
        return False
    if before1 in _BE or before1 in _SUBJECTS:
        return True
    if before2 in _BE and (before1.endswith("ly") or before1 in _FRAME_ADVERBS):
        return True
    return bool(_FRAME_NEXT.match(text, end))


def is_seeing_as(text: str, start: int, end: int) -> bool:
    """Whether a verb of seeing casts something as something: "seen as", "view him as"."""
    return bool(_AS_WITHIN_TWO.match(text, end))


def _modifies_noun(text: str, start: int) -> bool:
    """Whether the word at ``start`` follows a determiner or possessive: "an estimated"."""
    previous = _previous_words(text, start)[1]
    return previous in _NOUN_MARKERS or previous.endswith(("'s", "’s"))


def is_prediction(text: str, start: int, end: int) -> bool:
    """Whether "expected"/"anticipated" predicts: not before a noun ("the expected gain"),
    nor ending its clause in the past ("the sale had been expected."), which tells what
    happened; "a ruling is expected." still predicts."""
    if _modifies_noun(text, start):
        return False
    return not _CLAUSE_END.match(text, end) or not _PRESENT_BE.isdisjoint(
        _previous_words(text, start)
    )


def takes_proposition(text: str, start: int, end: int) -> bool:
    """Whether a verb like "estimate" or "indicate" hedges a proposition here ("estimated
    that", "is estimated to be", "a spokesman estimated.") rather than measuring or showing
    a thing ("an estimated 200,000", "estimated at $4.7 billion", "indicating the way")."""
    if _modifies_noun(text, start):
        return False
    return bool(_PROPOSITION_NEXT.match(text, end) or _CLAUSE_END.match(text, end))


# --- finding cues


def scanned_phrases(lexicon_dir: str | None = None) -> tuple[str, ...]:
    """Every phrase of the hedging scan, weasel phrases included (for :mod:`openings`)."""
    return tuple(_scanner(lexicon_dir).kinds)


def lexicon_matches(
    text: str,
    lexicon_dir: str | None = None,
    weasels: bool = True,
    lowered: str | None = None,
    openings: list[int] | None = None,
) -> list[tuple[int, int, frozenset[str]]]:
    """Every lexicon phrase in the text, leftmost-longest, with its kinds.

    One pass for all lexicons; a longer phrase wins, so an exclusion ("as expected") or
    a weasel phrase ("it is believed") hides the cue inside it. ``lowered`` is
    ``text.lower()`` when the caller has it, ``openings`` where a phrase may start in it
    (:func:`openings.phrase_openings`): the phrases are tried there alone.
    """
    scanner = _scanner(lexicon_dir, weasels)
    lowered = text.lower() if lowered is None else lowered
    if len(lowered) == len(text):
        scanned = lowered
        if openings is None:
            found = scanner.lower.spans(lowered)
        else:
            found = [m.span() for m in matches_at(scanner.lower.plain, lowered, openings)]
    else:  # rare letters ("İ") change length when lower-cased: keep offsets exact
        # (compiled when such a text comes, and cached: a large trie takes long to compile)
        any_case = lexicon.compile_phrases(tuple(scanner.kinds))
        scanned, found = text, [m.span() for m in any_case.finditer(text)]
    kinds = scanner.kinds
    matches = []
    for start, end in found:
        phrase = scanned[start:end]
        # Most matches are one lower-case word, a key as they stand; a phrase's inner
        # whitespace (or a capital, in the any-case scan) is normalised first.
        of_phrase = kinds.get(phrase) or kinds[" ".join(phrase.lower().split())]
        matches.append((start, end, of_phrase))
    return matches


def weasel_end(text: str, end: int, kinds: frozenset[str], lexicon_dir: str | None = None) -> int:
    """Where the weasel phrase that starts with a match ending at ``end`` ends, or -1.

    A listed weasel phrase is one; so is a quantified vague group ("some analysts"), and a
    vague subject ("experts", "many") followed by a verb of saying or believing.
    """
    if "weasel" in kinds:
        return end
    if "quantifier" in kinds:
        scanner = _scanner(lexicon_dir)  # (a cached call, but a call: not for every match)
        group = scanner.source_after.match(text, end)
        verb = scanner.verb_after.match(text, group.end() if group else end)
        if verb:
            return verb.end()
        return group.end() if group else -1
    if "source" in kinds:
        verb = _scanner(lexicon_dir).verb_after.match(text, end)
        return verb.end() if verb else -1
    return -1


def is_hedge(text: str, start: int, end: int, kinds: frozenset[str]) -> bool:
    """Whether a (non-weasel) lexicon match is a hedge in its context."""
    if "cue" in kinds:
        return True
    if "modal" in kinds:
        return is_epistemic_modal(text, start, end)
    if "framed" in kinds:
        return is_doxastic_frame(text, start, end)
    if "framed_as" in kinds:
        return is_seeing_as(text, start, end)
    if "expected" in kinds:
        return is_prediction(text, start, end)
    if "assume" in kinds:
        return not _TAKEN_ON.match(text, end)
    if "propositional" in kinds:
        return takes_proposition(text, start, end)
    return False  # an exclusion, or a vague group that is no weasel here


def find_cues(doc: Document, lexicon_dir: str | None = None, weasels: bool = True) -> list[Cue]:
    """Every hedge cue and weasel phrase of the Document, in text order, none overlapping.

    A cue inside a weasel phrase ("believed" in "it is widely believed") is part of it.
    ``weasels=False`` gives the semantic hedge cues alone.
    """
    return _find_stance(doc, lexicon_dir, weasels)[0]


def _find_stance(
    doc: Document, lexicon_dir: str | None = None, weasels: bool = True
) -> tuple[list[Cue], list[Cue]]:
    """:func:`find_cues`, and the boosters that the same pass over the text finds."""
    text = doc.text
    cues: list[Cue] = []
    boosters: list[Cue] = []
    covered = 0  # end of the last weasel, which may reach past its first match
    # A word of a web address ("example.com/news/really", "?q=maybe") is no cue: the
    # addresses that verifiability counts as links; nor is one of an e-mail address.
    addresses = [(link.start, link.end) for link in links(doc)] + email_addresses(text)
    in_address = SpanSet(addresses)
    openings = phrase_openings(doc, lexicon_dir)
    for start, end, kinds in lexicon_matches(text, lexicon_dir, weasels, doc.lowered, openings):
        if start < covered or (in_address.spans and in_address.holds(start)):
            continue
        weasel = weasel_end(text, end, kinds, lexicon_dir) if weasels else -1
        if weasel >= 0:
            cues.append(Cue(start, weasel, weasel=True))
            covered = weasel
        elif is_hedge(text, start, end, kinds):
            cues.append(Cue(start, end))
        elif "booster" in kinds:
            boosters.append(Cue(start, end))
    return cues, boosters


def weasel_spans(text: str, lexicon_dir: str | None = None) -> list[Span]:
    """Spans of weasel phrases ("some analysts", "experts say", "it is believed")."""
    return [(c.start, c.end) for c in find_cues(Document(text), lexicon_dir) if c.weasel]


class SpanSet:
    """Sorted spans (few overlap each other) for fast "does this overlap any" questions."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    # Loops, not any() over a generator: building the generator costs more than the few
    # spans looked at, most often none (an article without weasels or owned claims).
    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # spans[:i] start before this span ends
        for _, b_end in self.spans[max(0, i - 4) : i]:  # noqa: SIM110 (a loop: see above)
            if b_end > start:
                return True
        return False

    def holds(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset)
        for start, end in self.spans[max(0, i - 8) : i]:  # noqa: SIM110 (a loop: see above)
            if start <= offset < end:
                return True
        return False


# --- scope


_FIRST_PERSON: Final = frozenset(["i", "we"])


def is_the_writer(doc: Document, source: Span) -> bool:
    """Whether ``source`` is the writer: "I" or "we" outside quotations ("I think", "we
    believe"). Inside a quotation it is the speaker quoted."""
    return doc.text[source[0] : source[1]].lower() in _FIRST_PERSON and not doc.in_quote(source[0])


def owned_spans(doc: Document, weasels: list[Span], lexicon_dir: str | None = None) -> list[Span]:
    """Cue and content spans of the attribution relations whose source owns the claim.

    A source owns it when the text gives one ("officials said", "the report says") that is
    neither a weasel phrase ("experts say" hides the source: the author owns the claim) nor
    the writer ("I think": the author's own hedge).
    """
    hiding = SpanSet(weasels)
    spans: list[Span] = []
    for relation in relations(doc, lexicon_dir):
        source = relation.source
        if source is not None and not hiding.overlaps(*source) and not is_the_writer(doc, source):
            spans += [relation.cue, relation.content]
    return sorted(spans)


def cue_scope(doc: Document, cue: Cue, owned: SpanSet) -> str:
    """``attributed`` inside a quotation or an owned attribution, else ``authorial``.

    Weasel phrases are always authorial: the author hides behind "experts say".
    """
    if cue.weasel:
        return AUTHORIAL
    return ATTRIBUTED if doc.in_quote(cue.start) or owned.holds(cue.start) else AUTHORIAL


def hedge_cues(doc: Document, lexicon_dir: str | None = None) -> list[Evidence]:
    """``hedge`` evidence for every cue, with its ``scope`` (and ``weasel`` for weasels)."""
    return stance_cues(doc, lexicon_dir)[0]


def stance_cues(
    doc: Document, lexicon_dir: str | None = None
) -> tuple[list[Evidence], list[Evidence]]:
    """``hedge`` and ``booster`` evidence, each with its ``scope``: the attribution relations
    that own a claim are looked up once, and only when a cue outside quotations needs them."""
    cues, boosters = _find_stance(doc, lexicon_dir)
    owned: list[Span] = []
    if any(not c.weasel and not doc.in_quote(c.start) for c in cues + boosters):
        owned = owned_spans(doc, [(c.start, c.end) for c in cues if c.weasel], lexicon_dir)
    owning = SpanSet(owned)
    hedges = []
    for cue in cues:
        extra: dict[str, object] = {"scope": cue_scope(doc, cue, owning)}
        if cue.weasel:
            extra["weasel"] = True
        hedges.append(Evidence("hedge", cue.start, cue.end, extra))
    return hedges, [
        Evidence("booster", b.start, b.end, {"scope": cue_scope(doc, b, owning)}) for b in boosters
    ]


# --- measurements


def _scoped(evidence: Sequence[Evidence], scope: str) -> list[Evidence]:
    return [ev for ev in evidence if ev.extra["scope"] == scope]


def hedged_sentence_share(doc: Document, evidence: list[Evidence]) -> float:
    """Share of the Document's sentences holding at least one of the cues."""
    hedged = {doc.sentence_index(ev.start) for ev in evidence}
    return share(len(hedged), len(doc.sentences))


def weasel_count(evidence: list[Evidence]) -> int:
    return sum(1 for ev in evidence if ev.extra.get("weasel"))


def measure(
    doc: Document, evidence: list[Evidence], boosters: Sequence[Evidence] = ()
) -> dict[str, float]:
    """The family's numbers from its hedge (and booster) evidence."""
    words = doc.n_words
    authorial, attributed = _scoped(evidence, AUTHORIAL), _scoped(evidence, ATTRIBUTED)
    return {
        "cues_per_100_words": per_100_words(len(evidence), words),
        "authorial_cues_per_100_words": per_100_words(len(authorial), words),
        "attributed_cues_per_100_words": per_100_words(len(attributed), words),
        "weasel_per_100_words": per_100_words(weasel_count(evidence), words),
        "authorial_hedged_sentence_share": hedged_sentence_share(doc, authorial),
        "hedged_sentence_share": hedged_sentence_share(doc, evidence),
        "attributed_cue_share": share(len(attributed), len(evidence)),
        "authorial_boosters_per_100_words": per_100_words(len(_scoped(boosters, AUTHORIAL)), words),
    }


# The family's columns, in the order of the feature frame.
FEATURE_NAMES: Final = (
    "cues_per_100_words",
    "authorial_cues_per_100_words",
    "attributed_cues_per_100_words",
    "weasel_per_100_words",
    "authorial_hedged_sentence_share",
    "hedged_sentence_share",
    "attributed_cue_share",
    "authorial_boosters_per_100_words",
)


def extract(doc: Document, lexicon_dir: str | None = None) -> FamilyResult:
    """Hedging features and ``hedge`` and ``booster`` evidence of one Document."""
    lexicon_dir = lexicon.user_folder(lexicon_dir)  # caches below key on the folder itself
    hedges, boosters = stance_cues(doc, lexicon_dir)
    return FamilyResult(measure(doc, hedges, boosters), hedges + boosters)

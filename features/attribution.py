"""Attribution: who said (wrote, believes, wants) what, with cue, source and content spans.

A relation is found from its CUE: a reporting, belief or intention verb from the
``attribution_verbs`` lexicon (inflected here), or a prepositional cue such as
"according to". Around each cue, a bounded window of the cue's sentence gives:

- the SOURCE: the subject before the cue ("Griffiths said", "the UN report found",
  "Hugh Griffiths, a UN sanctions expert, stated"), a relative "who", the subject of
  the clause for a participle (", adding that ..."), an inverted subject after the cue
  (", said Austin"), the agent of a passive ("was reported by X") or the object of a
  prepositional cue ("according to NIS"); none for an agentless passive ("it is
  believed that");
- the CONTENT: what follows the cue ("said that ...", "told reporters ...") or, when the
  cue closes its sentence ("“...,” Austin remarked."), what precedes it; a quotation
  that runs over several sentences is taken whole.

Negated cues ("has not acknowledged", "did not say") are no rule's: the learned cue
model decides them, as PolNeAR counts them as cues. So too a stance verb without a source
of its own ("voters who want", "I think").

Source types: ``named`` (a capitalised name; a role such as "the spokesperson" or "the
company" once the article has named a source; "he"/"she" once it has named one, the
cheap coreference of news prose, where a pronoun almost always refers to the last named
speaker), ``pronoun`` (other pronouns, or he/she before any name), ``vague`` ("experts",
"officials", "reports", an agentless passive, an unnamed group), ``anonymous``
("sources familiar with", "on condition of anonymity"), ``document`` ("the study", "a
report by the UN", "the filing").

Every pattern is linear, and each cue looks at most a fixed window around it, so the
whole pass is linear in the text.
"""

from __future__ import annotations

import collections
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from typing import Final

from sourcecheck.features import cue_model, lexicon
from sourcecheck.features.base import FamilyResult, per_100_words, share
from sourcecheck.features.document import Document, Span, matches_at, stem_positions
from sourcecheck.features.evidence import COMPILED, Evidence, slot_setters
from sourcecheck.features.openings import phrase_openings

SOURCE_TYPES: Final = ("named", "vague", "pronoun", "document", "anonymous")


@dataclass(frozen=True, slots=True)
class Relation:
    """One attribution relation; ``source`` is None when the text names none."""

    cue: Span
    source: Span | None
    content: Span
    source_type: str

    def __init__(self, cue: Span, source: Span | None, content: Span, source_type: str) -> None:
        if COMPILED:  # fields stored in place, as in Evidence.__init__
            self.cue = cue  # type: ignore[misc]
            self.source = source  # type: ignore[misc]
            self.content = content  # type: ignore[misc]
            self.source_type = source_type  # type: ignore[misc]
        else:
            # the slots' own setters (see evidence.slot_setters): one Relation per cue
            _set_cue(self, cue)
            _set_source(self, source)
            _set_content(self, content)
            _set_source_type(self, source_type)

    def __reduce__(self) -> tuple[type[Relation], tuple[Span, Span | None, Span, str]]:
        # pickled by its constructor's arguments: a class compiled by mypyc has no other way
        return Relation, (self.cue, self.source, self.content, self.source_type)

    @property
    def bounds(self) -> Span:
        """The smallest span that holds the cue, the source and the content."""
        cue, content, source = self.cue, self.content, self.source or self.cue
        # two arguments each: compiled, a min or max of three is a call of the builtin
        return min(min(cue[0], content[0]), source[0]), max(max(cue[1], content[1]), source[1])

    @property
    def start(self) -> int:
        return self.bounds[0]

    @property
    def end(self) -> int:
        return self.bounds[1]


_set_cue, _set_source, _set_content, _set_source_type = slot_setters(
    Relation, "cue", "source", "content", "source_type"
)


# --- closed-class grammar words (not lexicons: they are English, not editorial choices)
# A word (inner hyphens, apostrophes, dots, "&"; a final dot) or one other non-space
# character: led by one class (the engine skips spaces) and entering the repetition of
# joined parts only after a first one; the same tokens as "\w+(?:[-’'.&]\w+)*\.?|[^\w\s]".
_TOKEN: Final = re.compile(r"\S(?:(?<=\w)\w*(?:[-’'.&]\w+(?:[-’'.&]\w+)*|)\.?|)")
_NEAR_WINDOW: Final = 70  # characters looked at first; most subjects end close to their cue
_WINDOW: Final = 200  # characters looked at before a cue: a long appositive still fits
_NP_MAX: Final = 9  # words in a source noun phrase
_CUES_PER_SENTENCE: Final = 12  # and one more per 200 characters: bounded work on degenerate text
_MAX_CONTENT: Final = 2000  # characters of content either side of a cue: bounded work per relation
_BE: Final = frozenset(["is", "are", "was", "were", "be", "been", "being", "am", "'s", "’s"])
_AUXILIARY_VERBS: Final = _BE | frozenset(
    [
        "has",
        "have",
        "had",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
    ]
)
# Words that stand between a subject and its verb: auxiliaries and adverbs.
_AUX: Final = _AUXILIARY_VERBS | frozenset(
    [
        "having",
        "'ve",
        "’ve",
        "'d",
        "’d",
        "'ll",
        "’ll",
        "also",
        "later",
        "then",
        "previously",
        "repeatedly",
        "again",
        "still",
        "already",
        "first",
        "last",
        "once",
        "just",
        "recently",
        "publicly",
        "privately",
        "reportedly",
        "allegedly",
        "further",
        "even",
        "only",
        "often",
        "frequently",
        "now",
        "yet",
        "soon",
        "long",
        "twice",
        "always",
        "ever",
        "itself",  # "Saudi Arabia has itself spoken"
        "himself",
        "herself",
        "themselves",
    ]
)
_GERUND_PREPOSITIONS: Final = frozenset(
    ["by", "after", "before", "in", "without", "while", "when", "since", "for", "on", "of"]
)
_SPEECH_LEMMAS: Final = [
    "say",
    "tell",
    "discuss",
    "endorse",
    "argue",
    "claim",
    "note",
    "insist",
    "warn",
    "suggest",
    "describe",
    "accuse",
    "announce",
    "explain",
    "declare",
    "promise",
    "urge",
    "criticize",
    "criticise",
    "blame",
    "praise",
    "deny",
    "predict",
]
# Speech acts whose infinitive or gerund still attributes ("went on to say", "by saying").
_SPEECH_FORMS: Final = frozenset(
    form for verb in _SPEECH_LEMMAS for form in (verb, verb + "ing", verb[:-1] + "ing")
) | {"saying", "telling", "calling", "adding"}
_QUANTIFIER_PRONOUNS: Final = frozenset(
    ["several", "many", "some", "most", "both", "all", "few", "others", "another", "each"]
)
_NEGATION: Final = frozenset(["not", "n't", "never", "no", "nor", "neither", "cannot"]) | {"n’t"}
_COORDINATORS: Final = frozenset(("and", "but"))
_PRONOUNS: Final = frozenset(["he", "she", "they", "we", "i", "you", "it", "who"])
_PERSONAL: Final = frozenset(("he", "she"))
_OBJECT_PRONOUNS: Final = frozenset(["him", "her", "them", "me", "us"])
_DETERMINERS: Final = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "these",
        "those",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "some",
        "many",
        "several",
        "few",
        "most",
        "all",
        "both",
        "each",
        "every",
        "any",
        "no",
        "other",
        "another",
        "such",
        "one",
    ]
)
_PREPOSITIONS: Final = frozenset(
    [
        "by",
        "of",
        "for",
        "at",
        "from",
        "with",
        "in",
        "on",
        "to",
        "about",
        "into",
        "after",
        "before",
        "without",
        "through",
        "over",
    ]
)
# A participle of these is passive: "Asked whether ...", "when pressed on ...": the
# sentence's subject is the one asked, and the asker is not told.
_ASKED: Final = frozenset(["asked", "pressed", "questioned"])
_INVERSION_VERBS: Final = frozenset(
    [
        "said",
        "says",
        "added",
        "asked",
        "wrote",
        "writes",
        "noted",
        "explained",
        "recalled",
        "continued",
        "replied",
        "responded",
        "concluded",
        "stated",
        "remarked",
        "commented",
        "observed",
        "announced",
        "acknowledged",
        "cautioned",
        "argued",
        "insisted",
        "warned",
        "told",
        "tweeted",
        "declared",
    ]
)
_POSSESSIVES: Final = frozenset(
    ["the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these", "those"]
)
# Words that end a noun phrase when walking back from a cue: clause links and verbs.
_NP_STOP: Final = frozenset(
    [
        "that",
        "which",
        "when",
        "where",
        "while",
        "because",
        "if",
        "as",
        "than",
        "so",
        "since",
        "after",
        "before",
        "although",
        "though",
        "but",
        "or",
        "nor",
        "and",
        "yet",
        "until",
        "unless",
        "whether",
        "whom",
        "whose",
        "what",
        "how",
        "why",
        "there",
        "here",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "should",
        "must",
        "do",
        "does",
        "did",
        "said",
        "says",
        "told",
        "also",
        "not",
        "to",
    ]
)
_NP_LINKS: Final = frozenset(
    [
        "of",
        "for",
        "at",
        "from",
        "with",
        "in",
        "on",
        "to",
        "the",
        "&",
        "and",
        "de",
        "del",
        "von",
        "van",
        "der",
        "la",
        "le",
    ]
)
_CLAUSE_PUNCT: Final = frozenset(',;:()[]—–-"“”‘’')
_QUOTE_CLOSE: Final = frozenset("\"”’'“")  # “ too: typed as a closer ("...here,“ said X")
_THAT: Final = re.compile(r"\s*(?:that\b|:)", re.IGNORECASE)
_AFTER_OBJECT: Final = re.compile(
    r"[^.,;:!?\"“”]{0,80}?\b(?:that\b|:)|[^.,;:!?\"“”]{0,80}?(?=[“\"])", re.IGNORECASE
)
_CAPITALISED: Final = re.compile(r"[A-Z]")
_WORD: Final = re.compile(r"\w+")
_TRIM: Final = " \t\n,;:—–-"


# --- lexicons


def _inflect(lemma: str) -> list[str]:
    """The regular forms of a verb lemma; a phrase inflects its first word. A listed
    inflected form ("said", "talked about", "taken aim at") stands alone: its own regular
    forms are junk at best and other words at worst ("found" -> "founding", "thought" ->
    "thoughts")."""
    head, _, rest = lemma.partition(" ")
    if head in _LISTED_FORMS or head.endswith("ed"):
        return [lemma]
    tail = f" {rest}" if rest else ""
    if head.endswith("ee"):  # agree -> agreed, agreeing
        forms = [head + "s", head + "d", head + "ing"]
    elif head.endswith("e"):
        forms = [head + "s", head + "d", head[:-1] + "ing"]
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        forms = [head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    elif head.endswith(("s", "x", "z", "ch", "sh")):
        forms = [head + "es", head + "ed", head + "ing"]
    else:
        stem = head
        if _DOUBLES.search(head) and (len(_VOWELS.findall(head)) == 1 or head in _STRESSED_LAST):
            stem += head[-1]  # quip -> quipped, admit -> admitted
        forms = [head + "s", stem + "ed", stem + "ing"]
        if head.endswith("l") and _DOUBLES.search(head) and stem == head:
            forms += [head + "led", head + "ling"]  # label -> labelled (British), labeled
    return [lemma] + [form + tail for form in forms]


# A last consonant after one vowel doubles before -ed/-ing when its syllable is stressed:
# always in one syllable, and in these verbs of two (the rest, "offer", "credit", don't).
_DOUBLES: Final = re.compile(r"(?:qu|[^aeiou])[aeiou][bdgklmnprt]$")
_VOWELS: Final = re.compile(r"(?:qu)?[aeiouy]+")
_STRESSED_LAST: Final = frozenset(
    [
        "admit",
        "aver",
        "commit",
        "concur",
        "confer",
        "defer",
        "extol",
        "infer",
        "omit",
        "permit",
        "prefer",
        "rebut",
        "refer",
        "regret",
        "submit",
    ]
)


_IRREGULAR_PAST: Final = frozenset(
    [
        "said",
        "told",
        "spoke",
        "spoken",
        "wrote",
        "written",
        "swore",
        "sworn",
        "thought",
        "felt",
        "knew",
        "known",
        "saw",
        "seen",
        "found",
        "sought",
        "understood",
        "learnt",
        "shown",
        "put",
        "read",
        "made",
        "laid",
        "shot",
        "gave",
    ]
)
# Listed forms that are no lemma: the irregular past forms but those that are their own
# base ("read", "put"), and participles such as "taken" ("taken aim at").
_LISTED_FORMS: Final = (_IRREGULAR_PAST - {"read", "put"}) | {"taken", "given"}


@dataclass(frozen=True)
class _Lexicons:
    # A cue phrase's kind: "verb", "stance", "preposition", or "learned" (a candidate word
    # of the cue model that no rule takes). Keys are normalised phrases, lower-case.
    kinds: dict[str, str]
    phrases: tuple[str, ...]  # every cue phrase
    cue_lower: lexicon.WordScan  # on the lower-cased text
    bare: frozenset[str]  # the verbs' base forms ("show", "claim"): nouns after a name
    vague: frozenset[str]
    anonymous: re.Pattern[str]
    insiders: frozenset[str]  # roles whose unnamed holder is anonymous ("a senior aide")
    adjectives: frozenset[str]  # cues whose subject is their source past "is" ("is aware")
    documents: frozenset[str]
    titles: frozenset[str]
    places: frozenset[str]
    framing: re.Pattern[str]
    # words capitalised only because they open a sentence ("Two people said"): no name
    sentence_openers: frozenset[str]

    @property
    def cue(self) -> re.Pattern[str]:
        """The cue phrases in the text as it stands, for a text whose length changes when
        lower-cased (compiled when one comes, once: a large trie takes long to compile)."""
        return _cue_pattern(self.phrases)


@lru_cache(maxsize=8)
def _lexicons(lexicon_dir: str | None) -> _Lexicons:
    """The compiled attribution lexicons (once per lexicon folder)."""
    excluded = set(lexicon.load("attribution_verb_exclusions", lexicon_dir))
    forms = tuple(
        dict.fromkeys(
            form
            for verb in lexicon.load("attribution_verbs", lexicon_dir)
            for form in _inflect(verb)
            if form not in excluded
        )
    )
    prepositions = lexicon.load("attribution_prepositions", lexicon_dir)
    stance = tuple(
        form
        for form in lexicon.load("attribution_stance_verbs", lexicon_dir)
        if form not in forms and form not in prepositions
    )
    # the cue model's candidate words ride on the same scan: one pass over the text
    ruled = set(forms) | set(prepositions) | set(stance)
    learned = tuple(sorted(cue_model.load_model(lexicon_dir).candidates - ruled))
    phrases = forms + prepositions + stance + learned
    # Later groups win: a preposition that is also a verb form is a preposition.
    kinds: dict[str, str] = {}
    for group, kind in (
        (forms, "verb"),
        (stance, "stance"),
        (prepositions, "preposition"),
        (learned, "learned"),
    ):
        kinds.update((p, kind) for p in group if p == " ".join(p.lower().split()))
    return _Lexicons(
        kinds=kinds,
        phrases=phrases,
        cue_lower=lexicon.word_scan(
            lexicon.WORD_BREAK, r"(?=[a-z])" + lexicon.trie_pattern(phrases) + r"\b", phrases
        ),
        bare=frozenset(
            verb
            for verb in lexicon.load("attribution_verbs", lexicon_dir)
            if " " not in verb and not verb.endswith("ed") and verb not in _IRREGULAR_PAST
        ),
        vague=frozenset(lexicon.load("attribution_vague_sources", lexicon_dir)),
        anonymous=lexicon.pattern("attribution_anonymous", lexicon_dir),
        insiders=lexicon.phrase_set("attribution_insiders", lexicon_dir),
        adjectives=lexicon.phrase_set("attribution_adjectives", lexicon_dir),
        documents=frozenset(lexicon.load("attribution_documents", lexicon_dir)),
        titles=frozenset(lexicon.load("attribution_titles", lexicon_dir)),
        places=frozenset(lexicon.load("places", lexicon_dir)),
        framing=_framing_pattern(lexicon.load("attribution_occasions", lexicon_dir)),
        sentence_openers=lexicon.phrase_set("capitalised_stopwords", lexicon_dir),
    )


def cue_phrases(lexicon_dir: str | None = None) -> tuple[str, ...]:
    """Every cue phrase of the attribution scan (for :mod:`openings`)."""
    return _lexicons(lexicon_dir).phrases


@lru_cache(maxsize=8)
def _cue_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word cue phrases, lower-case or capitalised. Case-sensitive on purpose: with a
    letter-led pattern and no leading look-behind, the regex engine skips non-candidate
    positions fast (about twice as fast as an IGNORECASE trie)."""
    variants = tuple(dict.fromkeys(v for p in phrases for v in (p, p[:1].upper() + p[1:])))
    return re.compile(r"\b(?=[A-Za-z])" + lexicon.trie_pattern(variants) + r"\b")


def _framing_pattern(heads: tuple[str, ...]) -> re.Pattern[str]:
    """ "In a CNN/ORC poll released Monday, ..." and "In an interview, ...": "in" +
    determiner + at most six words + an occasion or document head. The cue is "in"
    (group 1), the source the phrase after it (group 2). Every match starts with "in" or
    "In" and a space, where :func:`_matches_after_word` tries it."""
    alternation = "|".join(
        re.escape(h).replace(r"\ ", r"\s+") for h in sorted(heads, key=len)[::-1]
    )
    return re.compile(
        r"([Ii]n)\s+(" + _FRAME_DETERMINER + r"\s+"
        r"(?:[\w.'’/&-]+\s+){0,6}?(?i:" + alternation + r"))\b"
    )


# What follows "in" and "to" and the spaces after them in a frame: a determiner ("In an
# interview, ..."), a name or an object pronoun ("To Frank, ...", "To them, ...").
_FRAME_DETERMINER: Final = r"(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]his|[Tt]hat)"
_TO_FRAME_OBJECT: Final = (
    r"(?:[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,3})|him|her|them|me|us|many|some|others"
)
# Where a framing match or a "To X," frame can start: "in" or "to", perhaps capitalised,
# then a space and what a frame has next. Led by a literal, these patterns scan in C; the
# frame patterns, led by a class, were tried at every "i" and "I", "t" and "T". What must
# follow, looked ahead at, leaves few places to try a frame at (with "in" or "to" and a
# space alone, the tries and their Match objects took a quarter more instructions).
_WORD_SPACE: Final = {
    word: (re.compile(word + after), re.compile(word.capitalize() + after))
    for word, after in (
        ("in", r"(?=\s+" + _FRAME_DETERMINER + r"\s)"),
        ("to", r"(?=\s+(?:" + _TO_FRAME_OBJECT + "))"),
    )
}


def _matches_after_word(word: str, pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match starts with ``word`` ("in"
    or "to"), perhaps capitalised, and a space, then what the word's pattern in
    ``_WORD_SPACE`` looks ahead at: tried only there."""
    lower, capitalised = _WORD_SPACE[word]
    starts = [m.start() for m in lower.finditer(text)]
    if word.capitalize() in text:
        starts = sorted(starts + [m.start() for m in capitalised.finditer(text)])
    return matches_at(pattern, text, starts)


# --- spans


def _trim(text: str, start: int, end: int) -> Span:
    """``(start, end)`` without surrounding spaces and clause punctuation."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


class _Tokens:
    """The tokens (``_TOKEN``) of ``text[start:end]``: their words, and where each starts.
    Tokens join no white space, so each piece of ``str.split`` holds whole ones: a piece
    of letters and digits alone (most of them) is one, the others the pattern tokenises.
    The subject search tokenises a window before every cue: a pattern scan of the window
    (and a Match object per token) took 4.2% of the instructions per article."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.words: list[str] = []
        self.starts: list[int] = []
        at = start
        for piece in text[start:end].split():
            at = text.find(piece, at)  # only white space lies before it: no piece starts there
            if piece.isalnum():
                self.words.append(piece)
                self.starts.append(at)
                at += len(piece)
                continue
            for word in _piece_tokens(piece):  # the piece's tokens, one after another
                self.words.append(word)
                self.starts.append(at)
                at += len(word)

    def start(self, i: int) -> int:
        return self.starts[i]

    def end(self, i: int) -> int:
        return self.starts[i] + len(self.words[i])

    def span(self, i: int) -> Span:
        return self.starts[i], self.end(i)


def _piece_tokens(piece: str) -> list[str]:
    """The tokens of ``piece``, a text without white space and not all letters and digits:
    a word with a mark after it ("said," or "said.") or before it ("“We") without the
    pattern, which the others need ("(D-Wash.)", "U.S.-backed")."""
    if piece[:-1].isalnum():  # a final "." or "_" is the word's own: "said." is one token
        return [piece] if piece[-1] in "._" else [piece[:-1], piece[-1]]
    if piece[1:].isalnum() and piece[0] != "_":  # a mark opening the piece is a token
        return [piece[0], piece[1:]]
    return _TOKEN.findall(piece)


def _quote_around(doc: Document, start: int, end: int) -> Span | None:
    """The quotation that starts near ``start`` or ends near ``end``, if any."""
    i = bisect_right(doc.quote_starts, end) - 1
    while i >= 0 and doc.quotes[i][1] >= start - 3:
        q = doc.quotes[i]
        if (q[0] <= start + 3 and q[1] >= start) or (q[1] >= end - 3 and q[0] <= end):
            return q
        i -= 1
    return None


# --- the source


def _noun_phrase_before(toks: _Tokens, i: int) -> int | None:
    """Index of the first token of the noun phrase ending at token ``i``, or None."""
    words = toks.words
    word = words[i]
    lower = word.lower()
    if lower in _PRONOUNS or lower in _QUANTIFIER_PRONOUNS or lower == "which":
        return i  # "he said", "several said", "yet another said", "the Beast, which reported"
    if (
        lower in _NP_STOP
        or lower in _DETERMINERS
        or lower in _PREPOSITIONS
        or not word[0].isalnum()
    ):
        return None
    j = i
    limit = 3  # lower-case words in a row: "senior campaign officials"
    while j > 0 and i - j < _NP_MAX:
        prev = words[j - 1]
        lower = prev.lower()
        if lower in _DETERMINERS:
            link = words[j - 2].lower() if j >= 3 else ""
            if link in _NP_LINKS and link not in ("the", "and", "&") and i - j < _NP_MAX - 3:
                j -= 2  # "a source familiar with the talks": go on past "with the"
                limit = i - j + 3
                continue
            return j - 1
        if lower in _NP_LINKS and j - 2 >= 0 and words[j - 2][:1].isalnum():
            j -= 1
            continue
        if lower in ("'s", "’s") or (prev[:1].isupper() and prev.lower() not in _NP_STOP):
            j -= 1
            continue
        if not prev[:1].isalnum() or lower in _NP_STOP or lower in _PRONOUNS:
            break
        if words[j][:1].isupper() and not prev[:1].isupper():
            # a lower-case word before a name: a title ("campaign spokeswoman Hope Hicks")
            j -= 1
            continue
        if i - j >= limit:
            break
        j -= 1
    while j < i and words[j].lower() in _NP_LINKS:
        j += 1
    return j


def _apposition_start(toks: _Tokens, comma: int, lower_title: bool = False) -> int | None:
    """For "NAME, a title at Org, said": the first token of NAME, the comma before the cue
    being token ``comma``; None when what precedes is not an appositive. With
    ``lower_title``, a short title without an article after a name counts ("Amy Pope,
    deputy security adviser, said")."""
    words = toks.words
    k = comma - 1
    while k >= 0 and words[k] not in (",", "(", "—", "–"):
        if words[k] in (";", ":"):
            return None
        k -= 1
    if k <= 0 or comma - k < 2:
        return None
    first = words[k + 1]
    if not (
        first.lower() in ("a", "an", "the", "who", "whose", "which")
        or first[:1].isupper()
        or first[:1].isdigit()
        or (
            lower_title
            and words[k] == ","
            and words[k - 1][:1].isupper()
            and comma - k <= 10
            and first[:1].islower()
        )
    ):
        return None
    start = _noun_phrase_before(toks, k - 1)
    if start is None or start < 2:
        return start
    # Two appositions: "Sarah Bradley, a spokeswoman for Sock It Forward, a group that ...,
    # said" (the phrase found is the title's object) or "Jane Doe, a spokeswoman for Acme,
    # a firm ..., said" (the phrase found is the title): the speaker is the name before.
    # Only a full name ("Peter Eyre") counts there, not "Last month, a former staffer, ...".
    outer = None
    if words[start - 1].lower() in _TITLE_OF:
        outer = _apposition_start(toks, k, lower_title)
    elif words[start - 1] == "," and words[start].lower() in ("a", "an"):
        outer = _noun_phrase_before(toks, start - 2)
    if outer is None or not _full_name(toks, outer):
        return start
    return outer


def _full_name(toks: _Tokens, start: int) -> bool:
    """Whether the tokens from ``start`` to the next comma are two or more capitalised words."""
    words = toks.words
    end = start
    while end < len(words) and words[end] != ",":
        end += 1
    return end - start >= 2 and all(word[:1].isupper() for word in words[start:end])


_TITLE_OF: Final = frozenset(["for", "of", "at", "with", "from"])  # "a spokeswoman for X"
_NOT_ADJUNCTS: Final = frozenset(["including", "according", "regarding", "excluding"])
_ADJUNCT_OPENERS: Final = frozenset(["when", "while", "after", "before", "if", "once", "whenever"])


def _participle_adjunct(toks: _Tokens, comma: int) -> int | None:
    """For "Smith, speaking to reporters, said" or "Trump, when asked about it, said": the
    index of the comma that opens the participle clause ending at token ``comma``, else
    None. PolNeAR's sources leave such a clause out ("Clinton", not "Clinton, speaking to
    reporters Tuesday"). A participle before a noun is a title ("managing director"), and
    "including X" belongs to the phrase before it."""
    words = toks.words
    k = comma - 1
    while k >= 0 and words[k] != ",":
        if not words[k][:1].isalnum() and words[k] not in ("'s", "’s", "-"):
            return None
        k -= 1
    if k < 1 or comma - k < 2:
        return None
    first = k + 1
    if words[first] in _ADJUNCT_OPENERS:  # "Trump, when asked about it, said"
        first += 1
    word = words[first] if first < comma else ""
    if not (word.islower() and word.endswith(("ing", "ed"))) or word in _NOT_ADJUNCTS:
        return None
    following = words[first + 1] if first + 1 < comma else ""
    if following and not (
        following[:1].isupper()
        or following in _PREPOSITIONS
        or following in _DETERMINERS
        or following in _PRONOUNS
        or following in _NP_STOP  # "asked whether", "noting that", "speaking as"
        or following in _OBJECT_PRONOUNS  # ("her" is a determiner too)
        or following in ("up", "out", "down", "back")
    ):
        return None
    return k


@dataclass
class _Found:
    source: Span | None
    negated: bool = False
    passive: bool = False
    participle: bool = False
    after_cue: bool = False  # an inverted source: ", said Austin"
    clause_subject: Span | None = None  # of a coordinated cue: "he stood there and urged"

    def __init__(
        self,
        source: Span | None,
        negated: bool = False,
        passive: bool = False,
        participle: bool = False,
        after_cue: bool = False,
        clause_subject: Span | None = None,
    ) -> None:
        # its own __init__: compiled, the one dataclass writes is Python, run per cue
        self.source = source
        self.negated = negated
        self.passive = passive
        self.participle = participle
        self.after_cue = after_cue
        self.clause_subject = clause_subject


_TIME_LEADS: Final = frozenset(["on", "last", "this", "earlier", "late", "early", "next"])
# Nouns in -ly, which the subject search would skip as adverbs ("The family said").
_LY_NOUNS: Final = frozenset(
    ["family", "rally", "assembly", "supply", "reply", "monopoly", "anomaly", "bully", "tally"]
)


def _time_before(toks: _Tokens, i: int) -> int:
    """Token ``i`` less the time adverbial ending there ("last week", "on Tuesday",
    "Tuesday", "earlier this month"): the index of the token before it, or ``i``."""
    words = toks.words
    word = words[i].lower().rstrip(".,")
    if word not in _WHEN_NEXT:
        return i
    j = i - 1
    while j >= 0 and i - j <= 3 and words[j].lower() in _TIME_LEADS:
        j -= 1
    if j == i - 1 and word not in _WEEKDAYS:
        return i  # "the week said": no time adverbial without its lead
    return j


# Verbs that link a subject to an adjective cue, as "is" does: "became aware", "seemed
# convinced", "remained confident".
_LINKING: Final = _BE | frozenset(
    [
        "become",
        "becomes",
        "became",
        "becoming",
        "remain",
        "remains",
        "remained",
        "seem",
        "seems",
        "seemed",
        "grew",
    ]
)


# Degree words before an adjective: "well aware", "the most qualified" (no subject, no verb)
_DEGREE: Final = frozenset(
    ["well", "very", "quite", "so", "too", "more", "less", "most", "least", "much", "far", "fully"]
)
_PERCEIVED: Final = frozenset(["heard", "seen", "caught", "filmed", "recorded", "overheard"])
_FLOATING: Final = frozenset(["all", "both", "each"])
_FLOATS_AFTER: Final = (
    _PRONOUNS | _AUXILIARY_VERBS
)  # where a quantifier floats: "we all", "are both"
_IT: Final = frozenset(["it", "it's", "it’s"])
# Cue forms that are past participles only (the past tense differs: "knew", "showed"):
# with no form of "have" before them they are passive.
_PARTICIPLES_ONLY: Final = frozenset(["known", "shown", "seen", "written", "spoken", "given"])
_PERFECT: Final = ("has", "have", "had", "having", "'ve", "’ve", "'d", "’d")  # "we've" too


_SUBJECT_PRONOUNS: Final = frozenset(["he", "she", "they", "we", "who"])
_CLAUSE_BREAKS: Final = frozenset(',;:()[]—–"“”')
_SUBORDINATORS: Final = frozenset(
    [
        *("as", "when", "if", "because", "while", "that", "after", "before", "since"),
        *("although", "though", "until", "unless", "once", "whether", "whenever"),
    ]
)


def _clause_pronoun(toks: _Tokens, i: int) -> Span | None:
    """The subject pronoun of the clause that token ``i`` (a coordinator) continues, if
    one opens it with no clause break between ("Ben Terris, who saw it and described",
    "he stood with GOP leaders and urged"), else None."""
    words = toks.words
    for k in range(i - 1, max(-1, i - 25), -1):
        word = words[k]
        if word in _CLAUSE_BREAKS:
            return None
        if word.lower() in _SUBJECT_PRONOUNS or word == "I":
            if k > 0 and words[k - 1].lower() in _SUBORDINATORS:
                return None  # "as she tried to ride away and slammed": which clause goes on?
            return toks.span(k)
    return None


_NAMES_LIKE_MODALS: Final = frozenset(["May", "Will"])


def _name_like_a_modal(toks: _Tokens, cue_word: str) -> bool:
    """Whether the last token is "May" or "Will" ending a name before a finite cue:
    "Theresa May said", "Brian May told"; not the modal before a base form ("Trump May
    Say"), nor a title-case headline's "Trump May Not Have Suggested"."""
    words = toks.words
    return (
        len(words) > 1
        and words[-1] in _NAMES_LIKE_MODALS
        and words[-2][:1].isupper()
        and (cue_word.endswith(("s", "ed")) or cue_word in _IRREGULAR_PAST)
    )


def _subject_before(text: str, toks: _Tokens, cue_word: str, adjective: bool = False) -> _Found:
    """The cue's subject: the noun phrase just before it, past auxiliaries and adverbs
    (and, before an ``adjective`` cue, past a linking verb: "troops may become aware")."""
    words = toks.words
    if _name_like_a_modal(toks, cue_word):
        start = _noun_phrase_before(toks, len(words) - 2)
        if start is not None:
            return _Found((toks.start(start), toks.end(-1)), False, False)
    i = len(words) - 1
    negated = passive = False
    while i >= 0:
        lower = words[i].lower()
        if lower in _NEGATION or lower.endswith(("n't", "n’t")):
            negated = True
        elif adjective and (lower in _LINKING or lower in _DEGREE):
            pass  # "is well aware", "became very confident"
        elif lower in _PERCEIVED and cue_word.endswith("ing"):
            pass  # "one officer can be heard saying"
        elif lower in _FLOATING and i > 0 and words[i - 1].lower() in _FLOATS_AFTER:
            pass  # "we all know", "they both said", "are both seen as"
        elif lower in _BE and not cue_word.endswith("ing"):
            passive = True
        elif not (
            lower in _AUX
            or (
                lower.endswith("ly")
                and len(lower) > 4
                and words[i].islower()
                and lower not in _LY_NOUNS
            )
        ):  # an adverb ("publicly"), not a name ("Jolly", "Kelly") or a noun ("family")
            time = _time_before(toks, i)
            if time == i:
                break
            i = time  # "Feinstein last week said", "Trump on Tuesday said"
            continue
        i -= 1
    if cue_word in _PARTICIPLES_ONLY and not any(
        word.lower().endswith(_PERFECT) for word in words[max(0, i) :]
    ):  # "the contests known as Super Tuesday": a passive without "be", no "have" before
        passive = True
    if i >= 0 and words[i] == ")":  # "Rep. Jim McDermott (D-Wash.) said"
        k = i
        while k > 0 and i - k < 12 and words[k] != "(":
            k -= 1
        i = k - 1 if words[k] == "(" else i
    if i < 0:
        if cue_word in _ASKED:  # "Asked whether ..., Trump said": passive, no inversion
            return _Found(None, negated, True, participle=True)
        if cue_word in _INVERSION_VERBS:  # "Said Dorothy Poynter, who grew up with Ali, ..."
            return _Found(None, negated, passive, after_cue=True)
        # a clause-initial participle: "Asked whether ..., 72 percent said"
        return _Found(None, negated, passive, participle=cue_word.endswith(("ed", "ing")))
    word = words[i]
    lower = word.lower()
    if lower in _COORDINATORS:  # "declined to comment but said ..."
        subject = _clause_pronoun(toks, i)
        return _Found(None, negated, passive, participle=True, clause_subject=subject)
    if lower in ("when", "if", "once", "after") and cue_word.endswith("ed"):
        # "when asked who they back" (passive: the asker is not told)
        return _Found(None, negated, cue_word in _ASKED, participle=True)
    if (lower == "to" or lower in _GERUND_PREPOSITIONS) and cue_word in _SPEECH_FORMS:
        if lower == "to" and i > 0 and words[i - 1].lower() in _OBJECT_PRONOUNS:
            # "led her to declare", "for him to claim": the object says it, not the subject
            return _Found((toks.start(i - 1), toks.end(i - 1)), negated, False)
        # "went on to say", "came on the show to discuss", "by saying", "after announcing"
        return _Found(None, negated, False, participle=True)
    if word in ("—", "–") and i > 0:
        # "Many speakers — including Muslims and Jews — said": the subject before the dashes
        start = _apposition_start(toks, i)
        if start is not None:
            return _Found((toks.start(start), toks.start(i)), negated, passive)
    if word == ",":
        if cue_word.endswith("ing"):
            return _Found(None, negated, passive, participle=True)
        if (adjunct := _participle_adjunct(toks, i)) is not None:
            i = adjunct  # the subject is before the clause: "Smith, speaking to X, said"
            start = _apposition_start(toks, i, lower_title=True)
            if start is not None:
                return _Found((toks.start(start), toks.start(i)), negated, passive)
            start = _noun_phrase_before(toks, i - 1)
            if start is None:
                return _Found(None, negated, passive, after_cue=True)
            return _Found((toks.start(start), toks.end(i - 1)), negated, passive)
        start = _apposition_start(toks, i, lower_title=True)
        if start is not None:
            return _Found((toks.start(start), toks.start(i)), negated, passive)
        return _Found(None, negated, passive, after_cue=True)
    if word in _QUOTE_CLOSE:
        k = i
        while k > 0 and i - k < 2 and words[k - 1] in _QUOTE_CLOSE:
            k -= 1  # "''" is two tokens
        if k > 0 and words[k - 1] == "," and cue_word.endswith("ing"):
            # 'had “expanded the party,” claiming that ...': a participle after the quotation
            return _Found(None, negated, passive, participle=True)
        if i > 0 and words[i - 1] == "," and not cue_word.endswith("ing"):
            start = _apposition_start(toks, i - 1)
            if (
                start is not None
                and words[start][:1].isupper()
                # 'Jesse Jackson, “the party's conscience,” said': the quotation opens inside
                # the apposition, not before the name ('“Look, Hillary had to win,” added')
                and any(words[j] in ("“", '"', "‘") for j in range(start + 1, i - 1))
            ):
                return _Found((toks.start(start), toks.end(i)), negated, passive)
        return _Found(None, negated, passive, after_cue=True)
    if passive or (adjective and lower in _IT):  # "It is clear that": impersonal
        return _Found(None, negated, True)
    start = _noun_phrase_before(toks, i)
    if start is None:
        return _Found(None, negated, passive)
    start = _relative_clause_head(toks, start)
    return _Found((toks.start(start), toks.end(i)), negated, passive)


_RELATIVE_REACH: Final = 6  # words between "who" and the phrase a relative clause ends with
_QUANTIFIERS: Final = _QUANTIFIER_PRONOUNS | frozenset(["no", "any", "every"])


def _relative_clause_head(toks: _Tokens, start: int) -> int:
    """The first token of the noun phrase a relative clause ending at token ``start``
    modifies, or ``start``: "The senator who ran the panel [said]" is said by "The
    senator who ran the panel", not "the panel". Not past an object relative's subject:
    "a candidate who many members [oppose]" is opposed by "many members"."""
    words = toks.words
    first = words[start]
    if first.lower() in _PRONOUNS:  # "who" itself, or an object relative's "he"
        return start
    # Right after "who", a phrase that opens like a noun phrase is an object relative's
    # subject; one that opens with a lower-case word is the clause's verb ("who spoke").
    opens_a_subject = not first.islower() or first in _DETERMINERS or first in _QUANTIFIERS
    for k in range(start - 1, max(0, start - 1 - _RELATIVE_REACH), -1):
        word = words[k]
        if word.lower() == "who":
            if k == 0 or (k == start - 1 and opens_a_subject):
                return start
            head = _noun_phrase_before(toks, k - 1)
            return start if head is None else head
        if word in _CLAUSE_PUNCT or word.lower() in _NP_STOP:
            return start
    return start


_BY_AGENT: Final = re.compile(r"\s+by\s+")


_WHEN_PREPOSITIONS: Final = frozenset(
    ["on", "in", "during", "at", "last", "this", "earlier", "later"]
)
_WEEKDAYS: Final = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
_WHEN_NEXT: Final = _WEEKDAYS | frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "week",
        "month",
        "year",
        "weekend",
        "morning",
        "afternoon",
        "evening",
        "night",
    ]
)


def _time_phrase(word: str, following: str) -> bool:
    """Whether ``word`` (lower-cased) and the word after it open a time adverbial."""
    after = following.lower().rstrip(".,")
    return word in _WHEN_PREPOSITIONS and (after in _WHEN_NEXT or after[:1].isdigit())


# Irregular simple past forms that end a subject ("Trump went to Ohio and said"); not
# those that are their own base or participle too ("put", "hit", "read", "lost").
_IRREGULAR_FINITE: Final = frozenset(
    [
        "went",
        "came",
        "took",
        "got",
        "gave",
        "made",
        "met",
        "ran",
        "won",
        "led",
        "held",
        "kept",
        "began",
        "brought",
        "sent",
        "spent",
        "stood",
        "sat",
        "became",
        "fell",
        "paid",
        "built",
        "bought",
        "caught",
        "drew",
        "drove",
        "flew",
        "grew",
        "knew",
        "rose",
        "sold",
        "struck",
        "threw",
        "wore",
        "fought",
        "taught",
        "sought",
        "thought",
        "felt",
        "heard",
        "saw",
        "wrote",
        "spoke",
        "chose",
        "broke",
        "shook",
        "swore",
        "told",
        "said",
    ]
)


def _finite_verb_after(word: str, previous: str, first: str) -> bool:
    """Whether ``word``, a lower-case past form (in -ed, or an irregular one: "went"), is
    the verb of the clause whose subject ends with ``previous`` (``first`` opened it):
    after a name ("Clinton celebrated"), or after a noun in a phrase a determiner opened
    ("The judge rubbed", "The Vermont senator emailed"); not an adjective ("a retired
    general", "the newly elected", "Cruz's embattled campaign", "the most qualified"), nor
    a relative clause's verb ("the man who built", "an account she gave")."""
    if not word.islower() or not (
        (word.endswith("ed") and len(word) > 4) or word in _IRREGULAR_FINITE
    ):
        return False
    lower = previous.lower()
    if (
        lower in _DETERMINERS
        or lower in _PRONOUNS
        or lower in _DEGREE
        or lower.endswith(("ly", "'s", "’s"))
        or not previous[:1].isalpha()
    ):
        return False
    return previous[:1].isupper() or first.lower() in _DETERMINERS


def _noun_phrase_after(text: str, start: int, end: int) -> Span | None:
    """A noun phrase starting at ``start``: up to a clause break, at most _NP_MAX words."""
    # A bounded look (linear overall): the phrase has at most _NP_MAX words, and the word
    # after them tells whether more follow; the rest of the window is not tokenised.
    toks = list(islice(_TOKEN.finditer(text, start, min(end, start + 160)), _NP_MAX + 1))
    last = None
    for n, tok in enumerate(toks):
        word = tok.group()
        lower = word.lower()
        if n >= _NP_MAX or (not word[:1].isalnum() and word not in ("'s", "’s", "&", "-", ".")):
            break
        if n > 0 and lower in _NP_STOP and lower not in _NP_LINKS:
            break
        if lower in _NEGATION:
            break
        if n > 0 and _finite_verb_after(word, toks[n - 1].group(), toks[0].group()):
            break
        if (
            lower in _WHEN_PREPOSITIONS
            and 0 < n < len(toks) - 1
            and _time_phrase(lower, toks[n + 1].group())
        ):
            break  # "said Jane Smith on Sept. 3", "said Doe last week": a time, not the source
        if n == 0 or lower not in _NP_LINKS:
            last = tok  # a link ends no phrase: "Trump went to Ohio and [said]"
        if n == 0 and lower in _PRONOUNS:
            break
    if last is None:
        return None
    end = last.end()
    if text[end - 1] == "." and last is toks[-1]:
        end -= 1  # the full stop ends the sentence, not an abbreviation
    phrase = _trim(text, start, end)
    return phrase if phrase[0] < phrase[1] else None  # "-- “FBI ...": dashes are no phrase


_PERSONAL_PRONOUN_AFTER: Final = re.compile(
    r"\s*(?:he|she|they|it|we|I|you)\b(?!\s*[,.;:!?\"”’)—–-])"
)


_ANSWERS: Final = frozenset(["no", "yes", "nothing"])


def _inverted_source(text: str, start: int, end: int) -> Span | None:
    """The source after an inverting cue (", said Austin"), or None when what follows is no
    source: a preposition ("said on a call with reporters") or the subject of the reported
    clause ("..., a superdelegate, said he has spoken ...")."""
    if _PERSONAL_PRONOUN_AFTER.match(text, start, end):
        return None
    first = _TOKEN.search(text, start, min(end, start + 40))
    if first is None:
        return None
    word = first.group().lower().rstrip(".")  # a token may keep its full stop ("no.")
    if word in _PREPOSITIONS or word in _NP_STOP or word in _ANSWERS:
        return None  # "said on a call", "asked whether he ...", "said no."
    return _noun_phrase_after(text, start, end)


def _only_a_phrase_after(text: str, s_start: int, lead: int, start: int, end: int) -> bool:
    """Whether all that follows a cue to the sentence's end is one prepositional phrase, the
    reported words before the source ending in a comma or a quotation ("“...,” the senator
    said in a statement.", "It will work, Pope said on a call."): the cue closes its
    sentence. Not "he decided to take a nap", "the two weighed in on the explosion"."""
    if not text[max(s_start, lead - 4) : lead].rstrip().endswith((",", "”", '"', "'")):
        return False
    first = _TOKEN.search(text, start, min(end, start + 40))
    if first is None or first.group().lower() not in _PREPOSITIONS or first.group() == "to":
        return False
    return _phrase_ends_sentence(text, start, end)


def _phrase_ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether the noun phrase from ``start`` runs to the sentence's ``end``, but for the
    stops and closing quotes there (a bounded look: "." or ".”")."""
    phrase = _noun_phrase_after(text, start, end)
    return (
        phrase is not None
        and end - phrase[1] <= 6
        and not text[phrase[1] : end].strip(" \t\n.!?\"”’'")
    )


# A quotation that closes with a comma (or ? !) right before the attribution: '“...,” said'.
_QUOTE_THEN_ATTRIBUTION: Final = re.compile(r"[,?!](?:[\"”’]|'')\s*$")
_TITLE_BEFORE: Final = re.compile(r"(?:[’']s|\b(?:on|of|in|at|from|by|called|titled|named))\s*$")
_NEW_CONTENT: Final = re.compile(r"\s*(?:that\b|:|[\"“‘])", re.IGNORECASE)


def _quotation_closes_before(doc: Document, s_start: int, lead: int, after: int) -> bool:
    """Whether the attribution from ``lead`` follows a quotation that ends with a comma
    ('“It was a mistake,” Trump said Sunday on NBC.', '“...,” he told advisers afterward,
    according to ...'): the quotation is the content, whatever follows, unless "that", a colon
    or another quotation opens new reported words after the cue."""
    text = doc.text
    if lead - s_start < 4 or not _QUOTE_THEN_ATTRIBUTION.search(text, max(s_start, lead - 6), lead):
        return False
    quote = _quotation_just_before(doc, lead)
    if quote is None or _TITLE_BEFORE.search(text, max(0, quote[0] - 12), quote[0]):
        return False  # 'Speaking on CNN’s “New Day,” Kaine said ...': a title, not the words
    return _NEW_CONTENT.match(text, after) is None


_TELL_FORMS: Final = frozenset(["told", "tells", "tell"])


def _only_an_addressee_after(text: str, s_start: int, lead: int, after: int, end: int) -> bool:
    """Whether a "told" whose clause follows what was told ends its sentence with only the
    addressee ("This includes a special force, Ash Carter told a Senate panel Wednesday.")."""
    if not text[max(s_start, lead - 4) : lead].rstrip().endswith(","):
        return False
    return _phrase_ends_sentence(text, after, end)


_LEAD_ADVERBIAL: Final = re.compile(r",\s+(?=[A-Z](?![a-z]*\s*,)|(?:he|she|they|we|I|it)\b)")
# Opening adverbials: "Hours later, Trump ...", "However, he ...".
_TIME_WORDS: Final = _WEEKDAYS | frozenset(
    [
        "hours",
        "days",
        "weeks",
        "months",
        "years",
        "minutes",
        "moments",
        "later",
        "earlier",
        "today",
        "yesterday",
        "meanwhile",
        "then",
        "now",
        "still",
        "last",
        "however",
        "moreover",
        "instead",
        "indeed",
        "also",
        "yet",
        "afterward",
        "afterwards",
        "separately",
        "similarly",
    ]
)


# Words that open a clause with no subject at its start: "During the debate, ...".
_CLAUSE_OPENERS: Final = frozenset(
    [
        "by",
        "according",
        "after",
        "before",
        "as",
        "while",
        "when",
        "whenever",
        "whereas",
        "if",
        "although",
        "though",
        "because",
        "since",
        "during",
        "despite",
        "until",
        "unless",
        "prior",
        "amid",
    ]
)
_COMMA: Final = re.compile(r"\s*,\s*")
_COMMA_NEXT: Final = re.compile(r"[^,;:.!?\"“”()]{1,80},\s*")
# A news dateline: a place in capitals ("WASHINGTON", "MANCHESTER, N.H.") or one with a
# wire service ("New York (AFP)"), then a dash.
_DATELINE: Final = re.compile(
    r"(?:[A-Z][A-Z.']+(?: [A-Z][A-Z.']*)*(?:,\s*[A-Z][A-Za-z.]*)?\s*(?:\([A-Za-z ]+\)\s*)?"
    r"|[A-Z][A-Za-z.']*(?: [A-Z][A-Za-z.']*){0,2}\s*\([A-Z][A-Za-z ]+\)\s*)[—–-]+\s*"
)


_LINKING_ADVERBS: Final = _TIME_WORDS | frozenset(
    ["likewise", "otherwise", "nonetheless", "nevertheless", "furthermore", "therefore", "thus"]
)
# Adverb endings no common name has ("Recently", "Similarly"; not "Kelly", "Connolly")
_ADVERB_ENDINGS: Final = ("ally", "tly", "ely", "ously", "ively", "arly")


def _lead_adverb(word: str) -> bool:
    """Whether ``word``, opening a clause, is an adverb: a time or linking word ("Still",
    "Indeed") or one in -ly with an adverb's ending ("Recently", "Finally")."""
    lower = word.lower()
    return lower in _LINKING_ADVERBS or (
        len(lower) > 6 and word[1:].islower() and lower.endswith(_ADVERB_ENDINGS)
    )


def _time_adverbial(phrase: str) -> bool:
    """Whether ``phrase`` is an opening adverb ("Indeed") or a short phrase ending in a time
    word or adverb ("This week", "A month later", "Seven years ago", "More recently")."""
    words = phrase.split()
    if len(words) == 1:
        return _lead_adverb(words[0])
    last = words[-1].lower()
    return len(words) <= 4 and (last in _WHEN_NEXT or last == "ago" or _lead_adverb(last))


def _sentence_subject(text: str, start: int, end: int) -> Span | None:
    """The subject at the start of a clause: a pronoun or the leading noun phrase (none
    when the clause opens with a preposition or a participle: "By highlighting ...")."""
    if dateline := _DATELINE.match(text, start, end):
        start = dateline.end()  # "WASHINGTON (AP) — Clinton ...": the place is no subject
    first = _TOKEN.match(text, start, end)
    if (
        first is None
        or first.group().lower() in _NP_LINKS - {"the"}
        or first.group().lower() in _CLAUSE_OPENERS
    ):
        # "During the debate, Rubio ...": a name or pronoun past the opening phrase's comma
        comma = _COMMA_NEXT.match(text, start, end) if first is not None else None
        after = _sentence_subject(text, comma.end(), end) if comma else None
        if after is not None and (
            text[after[0]].isupper() or text[after[0] : after[1]] in _PRONOUNS
        ):
            return after
        return None
    subject = _noun_phrase_after(text, start, end)
    if subject is not None and _time_adverbial(text[subject[0] : subject[1]]):
        # "Indeed, members of ...", "Recently, Tom Emanuel ...", "This week, the ...": the
        # subject is past the adverbial's comma
        comma = _COMMA.match(text, subject[1], end)
        if comma:
            return _sentence_subject(text, comma.end(), end)
        if subject == first.span():
            return None
    if subject is not None and subject[1] - start < 40:
        # "Hours later, Trump returned ...": past a short opening adverbial to the name
        comma = _LEAD_ADVERBIAL.match(text, subject[1], end)
        opening = text[subject[0] : subject[0] + 1]
        if comma and (not opening.isupper() or first.group().lower() in _TIME_WORDS):
            return _noun_phrase_after(text, comma.end(), end) or subject
    return subject


# --- the content


def _content_after(doc: Document, start: int, sentence_end: int) -> Span:
    """What a cue introduces: after "that"/":" or an object ("told reporters"), to the end
    of the sentence, or of the quotation that opens there if it runs on."""
    text = doc.text
    that = _THAT.match(text, start)
    if that:
        start = that.end()
    # "told reporters that ...": an object, then "that" within 60 characters. The pattern
    # is costly, and most contents have no "that" there at all: then no match can pass.
    elif "that" in text[max(0, start - 4) : start + 59].lower():
        obj = _AFTER_OBJECT.match(text, start)
        if obj and obj.end() - start < 60 and text[obj.end() - 4 : obj.end()].lower() == "that":
            start = obj.end()
    content = _trim(text, start, sentence_end)
    quote = _quote_around(doc, content[0], content[0])
    if quote and quote[0] >= content[0] - 1 and quote[1] > content[1]:
        content = (content[0], quote[1])
    return content


def _content_before(doc: Document, sentence_start: int, end: int) -> Span:
    """What a closing cue refers back to: the sentence up to the source, or the whole
    quotation when the sentence closes one that began earlier."""
    content = _trim(doc.text, sentence_start, end)
    quote = _quote_around(doc, content[1], content[1])
    if quote and quote[0] < content[0] and quote[1] >= content[1] - 3:
        content = (quote[0], content[1])
    return content


_AT_LEAST: Final = {n: re.compile(r"[^\w]*" + r"\w+[^\w]+" * (n - 1) + r"\w") for n in range(1, 4)}


def _few_words(text: str, start: int, end: int, at_most: int = 400) -> int:
    """Words in ``text[start:end]``, counted up to 3 within the first ``at_most`` characters:
    enough to tell "nothing after the cue" from a clause, at a bounded cost per cue."""
    end = min(end, start + at_most)
    # Three pieces between spaces that each open with a letter or a digit are three words,
    # as many clauses after a cue open: told without the patterns (a tenth of their cost).
    pieces = text[start : min(end, start + 60)].split(None, 3)
    if len(pieces) >= 3 and all(piece[0].isalnum() for piece in pieces[:3]):
        return 3
    for n in (3, 2, 1):
        match = _AT_LEAST[n].match(text, start, end)
        if match:
            return n
    return 0


def _word_count(doc: Document, start: int, end: int) -> int:
    """Words (``doc.token_starts``) starting in ``[start, end)``: two bisections, no re-scan."""
    starts = doc.token_starts
    return bisect_left(starts, end) - bisect_left(starts, start)


# --- source type


# A comma, or spaces before a comma or a preposition: one class first, so the engine skips
# to the candidates (only where the head ends matters).
_HEAD_BREAK: Final = re.compile(r"[\s,](?:(?<=,)|\s*,|\s*(?:of|for|at|from|with|who|in|on|by)\s)")


def _head(text: str, source: Span) -> str:
    """The head noun of a source phrase: its last word before a comma or a preposition."""
    phrase = text[source[0] : source[1]]
    cut = _HEAD_BREAK.search(phrase)
    words = (phrase[: cut.start()] if cut else phrase).split()
    return words[-1].lower().strip(".,") if words else ""


def _is_named(doc: Document, source: Span, lex: _Lexicons) -> bool:
    """Whether the source has a capitalised name (a sentence-initial common word is not)."""
    text = doc.text
    sentence_start = doc.sentences[doc.sentence_index(source[0])][0] if doc.sentences else 0
    toks = _Tokens(text, source[0], source[1])  # (a Match object per token cost twice as much)
    for i, word in enumerate(toks.words):
        if not word[:1].isupper():
            continue
        lower = word.lower()
        if toks.start(i) <= sentence_start + 1 and (
            lower in _DETERMINERS
            or lower in lex.vague
            or lower in lex.titles
            or lower in lex.documents
            or lower in _PRONOUNS
            or lower in lex.sentence_openers
        ):
            continue
        return True
    return False


_ONE_OF_MANY: Final = ("a ", "an ", "one ", "another ")
# A count of unnamed insiders is as anonymous as one: "two White House officials" (not
# "several officials", which is vague about who and how many).
_COUNTED: Final = ("two ", "three ", "four ", "five ", "six ", "seven ", "eight ", "nine ", "ten ")


def _singular(noun: str) -> str:
    """The singular of a regular plural role noun ("officials", "allies")."""
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") else noun


def _introduced(doc: Document, title: str, before: int) -> bool:
    """Whether ``title`` (a lower-case role word) occurs before offset ``before``: "the
    mayor" refers back to a named source only when a mayor was introduced ("Mayor Jane
    Ortiz said ... The mayor said"), not to whoever was named first ("The spokesman").
    One search per title and Document: its first place is all that is asked."""
    first = doc.memo(f"attribution.title:{title}", lambda d: _first_word(d.lowered, title))
    return first < before


def _first_word(text: str, word: str) -> int:
    """Where ``word`` first occurs in ``text`` as a whole word; the text's length if not.
    Searched for as the word and the boundary after it, a literal the engine skips to, and
    the boundary before each place found checked: a pattern led by the boundary ran its
    automaton at every character of the article (0.5% of the instructions per article)."""
    pattern = re.compile(re.escape(word) + r"\b")
    found = pattern.search(text)
    while found is not None:
        at = found.start()
        if _word_char(text, at - 1) != _word_char(text, at):  # "\b" there
            return at
        found = pattern.search(text, at + 1)
    return len(text)


def _word_char(text: str, at: int) -> bool:
    """Whether ``text[at]`` is a word character for ``\\w`` (out of the text: no)."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def source_type(doc: Document, source: Span | None, prior_named: bool, lex: _Lexicons) -> str:
    """The kind of source: named, vague, pronoun, document or anonymous."""
    if source is None:
        return "vague"
    text = doc.text
    phrase = text[source[0] : source[1]]
    if lex.anonymous.search(phrase):
        return "anonymous"
    lower = phrase.lower()
    if lower.startswith(_ONE_OF_MANY + _COUNTED) and "," not in phrase:
        # "a senior aide", "one White House adviser", "an adviser to X", "three senior
        # administration officials": no name given
        role = (source[0], source[0] + len(phrase.partition(" to ")[0]))
        if _singular(_head(text, role)) in lex.insiders:
            return "anonymous"
    bare = lower.replace("’", "'").partition("'")[0]
    if bare in _PRONOUNS and " " not in lower:
        lower = bare  # "we've", "they'd"
    if lower in _PRONOUNS or lower == "which":
        if lower in _PERSONAL and prior_named:
            return "named"
        if lower in ("who", "which"):  # as what it refers to: "the Daily Beast, which"
            before = _trim(text, max(0, source[0] - 40), source[0])
            if _is_named(doc, before, lex):
                return "named"
            if lower == "which":  # "the report, which found", "the group, which says"
                return "document" if _head(text, before) in lex.documents else "vague"
        return "pronoun"
    head = _head(text, source)
    if head in lex.documents and (len(phrase.split()) > 1 or not head.endswith("s")):
        return "document"
    if head in lex.vague:
        return "vague"
    if head in lex.titles:
        if _is_named(doc, source, lex) or (prior_named and _introduced(doc, head, source[0])):
            return "named"
        return "vague"
    if lower.removeprefix("the ") in lex.places:
        return "vague"  # "Russia said": a country speaks through someone unnamed
    return "named" if _is_named(doc, source, lex) else "vague"


# --- relations


_NAMING: Final = frozenset(["called", "named", "titled", "dubbed", "known", "labeled", "labelled"])
_BARE_OK_BEFORE: Final = frozenset(["i", "we", "they", "you"])
_NEVER_NOUNS: Final = frozenset(
    ["say", "tell", "ask", "think", "believe", "argue", "insist", "warn"]
)


def _not_a_verb_here(previous: str, cue_word: str, lex: _Lexicons) -> bool:
    """A cue form that the word before shows is no attribution: a naming participle after
    a common noun ("a program called Sandy Hook Promise"), or a bare form after a singular
    name ("the Breitbart News Daily show", "a Trump claim")."""
    lower = previous.lower()
    if cue_word in _NAMING:
        return previous.islower() and lower not in _PRONOUNS and lower not in _AUX
    if previous[:1].isupper() and lower not in _BARE_OK_BEFORE and not lower.endswith("s"):
        return cue_word in lex.bare and cue_word not in _NEVER_NOUNS
    return False


def _verb_relation(
    doc: Document,
    cue: Span,
    cue_word: str,
    sentence: Span,
    lex: _Lexicons,
    speaker: Span | None = None,
) -> tuple[Span, Span | None] | None:
    """Source and content of a verb cue (its first word ``cue_word``, lower-cased, in
    ``sentence``), or None when the cue attributes nothing."""
    text = doc.text
    s_start, s_end = sentence
    # A short look back first; the full window only when the subject may reach past it
    # (a long appositive, a name at the window's edge).
    near = max(s_start, cue[0] - _NEAR_WINDOW)
    before = _Tokens(text, near, cue[0])
    words = before.words
    if words and words[-1].lower() in _POSSESSIVES:
        return None  # a noun: "the report", "his claim"
    if words and " " not in text[cue[0] : cue[1]] and _not_a_verb_here(words[-1], cue_word, lex):
        return None
    adjective = cue_word in lex.adjectives
    found = _subject_before(text, before, cue_word, adjective)
    if near > s_start and (
        len(words) < 3
        or found.after_cue
        or (found.source is not None and found.source[0] <= before.start(2))
    ):
        before = _Tokens(text, max(s_start, cue[0] - _WINDOW), cue[0])
        words = before.words
        found = _subject_before(text, before, cue_word, adjective)
    if found.negated:
        return None
    source = found.source
    after = cue[1]
    agent = _BY_AGENT.match(text, cue[1]) if found.passive or cue_word.endswith("ed") else None
    if agent:
        source = _noun_phrase_after(text, agent.end(), s_end)
        after = source[1] if source else agent.end()
    elif found.participle and found.passive:
        source = None  # "Asked whether ..., Trump said": who asked is not told
    elif found.participle:
        # ", McCain said, citing ...": the speaker of the sentence's previous relation
        source = speaker if speaker is not None else found.clause_subject
        source = source if source is not None else _sentence_subject(text, s_start, cue[0])
    elif found.after_cue:
        if cue_word not in _INVERSION_VERBS:
            return None
        source = _inverted_source(text, cue[1], s_end)
        if source:
            after = source[1]
        else:
            if not _PERSONAL_PRONOUN_AFTER.match(text, cue[1], s_end):
                # past "in a statement" / "on a call with reporters": no source, but where
                # the reported words end
                phrase = _noun_phrase_after(text, cue[1], s_end)
                after = phrase[1] if phrase else after
            if len(words) > 1 and words[-1] == "," and words[-2][:1].isalnum():
                # "Amy Pope, deputy security adviser, said on a call ...": no inversion
                source = _sentence_subject(text, s_start, cue[0])
    elif found.passive:
        source = None
    elif source is None:
        return None
    if source is not None and (colon := _COLON_BEFORE_QUOTE.match(text, after)):
        # "Caddell continued:\n\n"The health issue ...": the quotation the colon opens,
        # past the sentence's end
        quote = _quote_around(doc, colon.end(), colon.end())
        if quote is not None and quote[0] >= colon.end() - 1:
            return quote, source
    rest_words = _few_words(text, after, s_end)
    lead = source[0] if source and source[0] < cue[0] else cue[0]
    closing = rest_words < 3
    if not closing and found.after_cue:  # what follows an inverted source is looked at
        rest = text[after:s_end].split(None, 2)
        only_time_after = (  # "..., said Smith on Sept. 3."
            rest_words < 5 and len(rest) >= 2 and _time_phrase(rest[0].lower(), rest[1])
        )
        closing = not rest or rest[0][:1] in (",", ";") or only_time_after
    closing = (
        closing
        or _only_a_phrase_after(text, s_start, lead, after, s_end)
        or (cue_word in _TELL_FORMS and _only_an_addressee_after(text, s_start, lead, after, s_end))
        or (not found.participle and _quotation_closes_before(doc, s_start, lead, after))
    )
    if (
        source is not None
        and agent is None
        and not found.participle
        and _parenthetical(text, s_start, lead, after, s_end, found.after_cue)
    ):
        # "That, said the mayor, is a lie.": the reported words run on both sides; one
        # span from the first side's start to the second side's end (the attribution
        # inside it) misses neither.
        content = (_content_before(doc, s_start, lead)[0], _content_after(doc, after, s_end)[1])
    elif closing and _few_words(text, max(s_start, lead - 400), lead) >= 2:
        content = _content_before(doc, s_start, lead)
    elif closing and (quoted := _quotation_just_before(doc, lead)) is not None:
        content = quoted  # '“What was the pivot point?” Beck asked.': its own sentence
    else:
        content = _content_after(doc, after, s_end)
    if content[1] <= content[0]:
        return None
    return content, source


def _quotation_just_before(doc: Document, at: int) -> Span | None:
    """The quotation that ends at most three characters before ``at``, if any."""
    i = bisect_right(doc.quote_starts, at) - 1
    if i < 0:
        return None
    quote = doc.quotes[i]
    return quote if quote[1] <= at and at - quote[1] <= 3 else None


# A colon right after the cue, then (perhaps over a line break) a quotation's opening mark.
_COLON_BEFORE_QUOTE: Final = re.compile(r"[ \t]*:\s{0,4}(?=[\"“'‘])")
# The comma that closes a parenthetical attribution and the lower-case word after it.
_PARENTHESIS_CLOSE: Final = re.compile(r"\s*,\s*([a-z][\w’'-]*)")
# Words that open no continuation of the reported words after ", said Smith, ...": an
# apposition or relative clause on the source ("a spokesman", "who ...").
_NOT_CONTINUATION: Final = frozenset(["a", "an", "the", "who", "whom", "whose", "which", "where"])


def _parenthetical(
    text: str, s_start: int, lead: int, after: int, s_end: int, inverted: bool
) -> bool:
    """Whether the attribution from ``lead`` to ``after`` is set in commas inside the
    reported words: "That, said the mayor, is a lie", "The plan, he said, will fail". Not
    when a quotation, a name, an apposition, a relative clause or a participle ("adding
    ...", "citing ...") follows: those are no continuation of the first part. After an
    inverted source (", said Smith, ...") a lower-case word is most often the source's
    title ("co-founder of ..."): there only an auxiliary ("is", "would") continues, or
    anything after a first part of one word ("That,"), which cannot be the content alone.
    """
    if not text[max(s_start, lead - 20) : lead].rstrip().endswith(","):
        return False
    words_before = _few_words(text, s_start, lead)
    if words_before < 1:
        return False
    close = _PARENTHESIS_CLOSE.match(text, after, s_end)
    if close is None:
        return False
    word = close.group(1)
    if word in _NOT_CONTINUATION or word.endswith("ing"):
        return False
    if inverted and words_before >= 2 and word not in _AUXILIARY_VERBS:
        return False
    return _few_words(text, close.start(1), s_end) >= 2


def _preposition_relation(
    doc: Document, cue: Span, sentence: Span
) -> tuple[Span, Span | None] | None:
    """ "according to X, C" or "C, according to X"."""
    text = doc.text
    s_start, s_end = sentence
    source = _noun_phrase_after(text, cue[1], s_end)
    if source is None:
        return None
    if _parenthetical(text, s_start, cue[0], source[1], s_end, inverted=True):
        # "Turnout, according to officials, rose": both sides, as for a verb's
        content = (
            _content_before(doc, s_start, cue[0])[0],
            _content_after(doc, source[1], s_end)[1],
        )
    elif _few_words(text, max(s_start, cue[0] - 400), cue[0]) >= 3:
        content = _content_before(doc, s_start, cue[0])
    else:
        content = _trim(text, source[1], s_end)
    return (content, source) if content[1] > content[0] else None


def _clause_initial(text: str, at: int) -> bool:
    """Whether ``at`` opens a clause: at a line or sentence start or after a comma."""
    before = text[max(0, at - 3) : at].rstrip(" \t")
    return not before or before[-1] in ',;:\n.!?"”’(['


# "That said, ...", "Having said that, ...": a discourse marker, no one is quoted.
_DISCOURSE_SAID: Final = re.compile(
    r"(?<!\w)(?:(?:but|and|so|still)\s+)?"
    r"(?:(?:that|this)(?:\s+being)?\s+said|having\s+said\s+(?:that|this)|with\s+(?:that|this)\s+said)\s*,",
    re.IGNORECASE,
)


def _discourse_marker(text: str, cue: Span) -> bool:
    """Whether the cue "said" is part of a clause-initial discourse marker."""
    if "," not in text[cue[1] : cue[1] + 8]:
        return False  # every marker ends in a comma, which would lie there: no scan
    window_start = max(0, cue[0] - 24)
    for m in _DISCOURSE_SAID.finditer(text, window_start, cue[1] + 8):
        if m.start() <= cue[0] and cue[1] <= m.end() and _clause_initial(text, m.start()):
            return True
    return False


# "say" that quotes no one: "too soon to say", "safe to say", "suffice it to say"; "than,
# say, heroin" (for instance); "the final say", "a larger say" (a noun).
_IMPERSONAL_SAY: Final = re.compile(
    r"(?:\b(?:soon|early|premature|hard|harder|difficult|safe|fair|easy|impossible|suffice it)"
    r"\s+to|,|\b(?:an?|the|final|larger|greater|bigger|real))\s*$",
    re.IGNORECASE,
)


def _idiomatic_say(text: str, cue: Span) -> bool:
    """Whether the cue "say" is part of an idiom in which no one says anything."""
    before = text[max(0, cue[0] - 24) : cue[0]]
    match = _IMPERSONAL_SAY.search(before)
    if match is None:
        return False
    return not match.group().startswith(",") or text.startswith(",", cue[1])


def _framed_relation(
    doc: Document, cue: Span, source: Span, s_end: int
) -> tuple[Span, Span | None] | None:
    """ "In an interview, C" / "Trump: C": the content is the rest of the sentence (to
    ``s_end``)."""
    content = _trim(doc.text, max(cue[1], source[1]), s_end)
    return (content, source) if _few_words(doc.text, *content) >= 2 else None


def _overlaps(span: Span, spans: list[Span]) -> bool:
    """Whether ``span`` overlaps one of ``spans`` (sorted, non-overlapping)."""
    i = bisect_right(spans, (span[1], span[1])) - 1
    return i >= 0 and spans[i][1] > span[0] and spans[i][0] < span[1]


_STANCE_SUBJECT: Final = re.compile(
    r"(?:\b((?i:it)|they|I|we|he|she|who)\s+(?:(?:is|are|was|were|has|have|had|been|being|widely|"
    r"generally|also|still|now|long|strongly|clearly|privately|publicly|reportedly|"
    r"apparently|really|increasingly)\s+){0,3}"
    r"|([\w’'.-]+)\s+(?:(?:also|still|now|strongly|clearly|privately|publicly|reportedly|"
    r"apparently|really|increasingly|have|has|had)\s+){0,2})$"
)


def _last_words_start(text: str, start: int, end: int, n: int) -> int:
    """Where the last ``n`` whitespace-separated words of ``text[start:end]`` begin
    (``start`` when it holds fewer)."""
    window = text[start:end]
    head = window.rsplit(None, n)[:-n]
    if not head:
        return start
    return end - len(window[len(head[0]) :].lstrip())


_GROUP_WORDS: Final = frozenset(["percent", "majority", "half", "third", "quarter", "most", "many"])


def _stance_subject(doc: Document, at: int, lex: _Lexicons) -> bool:
    """Whether a stance verb at ``at`` has a source of its own: a name or a group before it
    ("Sanders wants", "Many Democrats think", "most voters backed"), or an agentless passive
    ("it is widely believed", "they were expected")."""
    text = doc.text
    # A match is at most four words that end at ``at``: the search starts at the fourth
    # last word instead of trying (and backtracking at) every offset of the window.
    match = _STANCE_SUBJECT.search(text, _last_words_start(text, max(0, at - 60), at, 4), at)
    if match is None:
        return False
    if match.group(1):
        word = match.group(1).lower()
        return word == "it" and bool(re.search(r"\b(?:is|was|been)\s", match.group()))
    word = match.group(2)
    lower = word.lower()
    if lower in lex.vague or lower in _GROUP_WORDS:
        return lower not in ("some", "many", "most") or bool(match.group(2))
    if not word[:1].isupper() or lower in _DETERMINERS or lower in _PRONOUNS:
        return False
    if lower in _NP_STOP or lower in _PREPOSITIONS:
        return False
    # a capitalised word that opens its sentence may be a common word ("Officials", "Polls")
    start = match.start(2)
    opens_sentence = start == 0 or text[max(0, start - 3) : start].rstrip()[-1:] in (
        "",
        ".",
        "!",
        "?",
    )
    return not (opens_sentence and (lower in lex.titles or lower in lex.documents))


_COLON: Final = re.compile(
    r":(?!//)(?=[ \t\u00a0]*\S|[ \t\u00a0]*\n\s{0,4}[\"“'‘])"
)  # no "https://"
_TITLE_WORD: Final = re.compile(r"[A-Z0-9][\w’'.&-]*|of|the|and|on|in|for|to|camp|[a-z]+'s")


def _headline_colons(
    doc: Document, colons: list[int], lex: _Lexicons
) -> dict[Span, tuple[Span, Span | None]]:
    """A headline's "Trump: We will win": one of the ``colons`` (offsets) after a short,
    title-like head at a line's start that the article also uses as a name (the source); the
    rest of the line is the content, whatever verbs it holds ("Caddell: Voters Worried
    About ...")."""
    text = doc.text
    found: dict[Span, tuple[Span, Span | None]] = {}
    for at in colons:
        if doc.in_quote(at) or not doc.sentences:
            continue
        s_start, s_end = doc.sentences[doc.sentence_index(at)]
        if at >= s_end or at - s_start > 50 or (s_start and text[s_start - 1] != "\n"):
            continue
        line_end = text.find("\n", at, min(s_end, at + 300))
        content = _trim(text, at + 1, min(s_end, at + 300) if line_end < 0 else line_end)
        source = _trim(text, s_start, at)
        if (
            _headline_source(doc, source, lex)
            and _few_words(text, *content) >= 2
            and not text[content[0] : content[0] + 1].isdigit()  # "Clinton: 1,769."
        ):
            found[(at, at + 1)] = (content, source)
    return found


def _colon_relations(
    doc: Document,
    colons: list[int],
    taken: list[Span],
    headlines: dict[Span, tuple[Span, Span | None]],
) -> dict[Span, tuple[Span, Span | None]]:
    """Colons that attribute: the ``headlines``' and "He put it this way: “...”" (a colon
    that introduces a quotation in a sentence with no other cue). Each colon looks at a
    bounded window."""
    text = doc.text
    found = dict(headlines)
    for at in colons:
        if (at, at + 1) in found or doc.in_quote(at) or not doc.sentences:
            continue
        s_start, s_end = doc.sentences[doc.sentence_index(at)]
        if at >= s_end:
            continue
        cue = (at, at + 1)
        rest = text[at + 1 : at + 12]
        lead = len(rest) - len(rest.lstrip())
        # a block quotation on the lines after the colon is the colon's, whatever cue its
        # sentence holds ("He then listed the qualities needed:\n\n"In the piece I wrote ...")
        if "\n" not in rest[:lead] and _cue_in_sentence(doc, cue, taken):
            continue
        if rest[lead : lead + 1] in ('"', "“", "'", "‘"):
            quote = _quote_around(doc, at + 1 + lead, at + 1 + lead)
            if quote and quote[0] > at and _few_words(text, max(s_start, at - 200), at) >= 2:
                found[cue] = (quote, _sentence_subject(text, s_start, at))
    return found


# A transcript's speaker label at a line's start, perhaps inside the quotation the line
# opens: '"WALLACE: If I may, sir, ...', "MR. TRUMP: ...".
_SPEAKER_LABEL: Final = re.compile(
    r"^[ \t]*[\"“]?([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):[ \t]+(?=\S)", re.MULTILINE
)


def _speaker_labels(doc: Document) -> dict[Span, tuple[Span, Span | None]]:
    """A transcript's lines: labels used at least twice ("WALLACE:", or "CHRIS WALLACE:" then
    "WALLACE:"; a headline's "THE TOTAL:" is used once) attribute the rest of their lines when
    two or more take turns (an interview), or when the article also writes the label as a name
    inside a sentence ("Chris Wallace"; the "RELATED:" of a list of links is not one)."""
    text = doc.text
    # A label starts a line: tried at each line's start, not at every character.
    line_starts = [0, *(at + 1 for at in stem_positions(text, "\n"))]
    matches = matches_at(_SPEAKER_LABEL, text, line_starts)
    if not matches:
        return {}  # most articles: no counting (two Counters took a third of this call)
    uses = collections.Counter(m.group(1) for m in matches)
    # "JOEL BENENSON:" once, then "BENENSON:": one speaker's label, used twice
    surnames = collections.Counter(m.group(1).split()[-1] for m in matches)
    repeated = [label for label, n in uses.items() if n >= 2 or surnames[label.split()[-1]] >= 2]
    speakers = {
        label
        for label in repeated
        if len(repeated) >= 2
        or re.search(rf"(?<=\w )(?:{re.escape(label.split()[-1].title())})\b", text)
    }
    found: dict[Span, tuple[Span, Span | None]] = {}
    for m in matches:
        if m.group(1) not in speakers:
            continue
        line_end = text.find("\n", m.end())
        content = _trim(text, m.end(), len(text) if line_end < 0 else line_end)
        if content[1] > content[0]:
            found[(m.end(1), m.end(1) + 1)] = (content, m.span(1))
    return found


# A byline under a quotation or an embedded tweet: a dash and a name of one to five
# capitalised words, then the line's end or a comma ("” ― Carlos Raúl", "\n\n- Sanders.",
# "” —Dan Stein, a reader"), or a Twitter handle ("— Paul Ryan (@SpeakerRyan) July 5").
# It opens with one of the dashes ("--" is a hyphen and then another), and is tried at
# each (str.find finds them in a tenth of the instructions of a scan with the class).
_DASHES: Final = "—―–-"
_DASH_BYLINE: Final = re.compile(
    r"[—―–-](?:(?<=-)-|)[ \t\u00a0]*"
    r"([A-Z][\w’'.-]*(?:[ \t\u00a0]+(?:[A-Z][\w’'.-]*|de|da|del|van|von|bin|al)){0,4})"
    r"(?:[ \t\u00a0]*(\(@\w+\))|(?=[ \t\u00a0]*(?:[.,]?[ \t\u00a0]*(?:\n|$)|,)))"
)
_POSSESSIVE: Final = re.compile(r"[’']s\b")
_TWEET_CHARS: Final = 280  # a tweet's text is at most this long
_CLOSING_QUOTES: Final = frozenset("\"”’'")


def _dash_relations(doc: Document) -> dict[Span, tuple[Span, Span | None]]:
    """Bylines that attribute: a dash and a name right after a quotation (on its line or
    the next), whose content it is, or a name with a Twitter handle after a tweet's text
    (its line up to the dash, or up to the end of an HTML tag before it)."""
    text = doc.text
    found: dict[Span, tuple[Span, Span | None]] = {}
    for m in matches_at(_DASH_BYLINE, text, stem_positions(text, _DASHES)):
        at = m.start()
        previous = text[at - 1] if at else "\n"
        if doc.in_quote(at) or not (previous.isspace() or previous in _CLOSING_QUOTES):
            continue  # a hyphen inside a word ("anti-American")
        if _POSSESSIVE.search(m.group(1)):
            continue  # "-- Maine's 2nd District": no name of a speaker
        end = at  # where a quotation before the dash closes
        while end > max(0, at - 8) and text[end - 1] in " \t\u00a0\n":
            end -= 1
        content: Span | None = None
        if end and text[end - 1] in _CLOSING_QUOTES:
            i = bisect_right(doc.quote_starts, end - 1) - 1
            if i >= 0 and doc.quotes[i][1] == end:
                content = doc.quotes[i]
        elif m.group(2) and doc.sentences:  # a tweet: its sentences before the dash
            start = max(0, at - _TWEET_CHARS)
            start = max(start, text.rfind("\n", start, at) + 1, text.rfind(">", start, at) + 1)
            i = bisect_left(doc.sentence_starts, start)
            sentence_start = doc.sentence_starts[i] if i < len(doc.sentences) else at
            content = _trim(text, start if sentence_start >= at else sentence_start, at)
        if content is not None and _few_words(text, *content) >= 2:
            cue = (at, at + 2 if text.startswith("--", at) else at + 1)
            name_end = m.end(1)
            if text.endswith(".", m.start(1), name_end) and name_end - m.start(1) > 2:
                name_end -= not text[name_end - 3].isspace()  # "Sanders." but "Ray J."
            found[cue] = (content, (m.start(1), m.end(2) if m.group(2) else name_end))
    return found


def _headline_source(doc: Document, head: Span, lex: _Lexicons) -> bool:
    """Whether a line's head before a colon names a source: at most four title-case words,
    no gerund ("Troops Deserting Ukraine:"), no possessive ("Editor’s Note:"), no shouting
    ("THE TOTAL:"), and a head word that is a source noun ("Poll:") or a name the article
    also uses inside a sentence ("Graham:")."""
    words = doc.text[head[0] : head[1]].split()
    if not 0 < len(words) <= 4 or words[0].lower() in _DETERMINERS:
        return False
    last = words[-1].strip(",()").lower()
    source_noun = last in lex.documents or last in lex.titles or last in lex.vague
    for n, word in enumerate(words):
        if word.endswith(("'s", "’s", "ing")) or (word.isupper() and len(word) > 3):
            return False  # "THE TOTAL:", but "AP:", "NY Post:"
        if not _TITLE_WORD.fullmatch(word.strip(",()")) and not (
            n == len(words) - 1 and n > 0 and source_noun  # "WSJ editorial:"
        ):
            return False
    if source_noun:
        return True
    # used as a name elsewhere: "Media Contact:" is its own only use of "Contact"
    places = _names_in_sentences(doc).get(words[-1].strip(",()"), ())
    return any(not head[0] <= at < head[1] for at in places)


# Led by the capital, which the engine skips to; the look-behind first was tried at every
# character.
_NAME_IN_SENTENCE: Final = re.compile(r"[A-Z](?<=[a-z,;] [A-Z])[\w’'-]+")


def _names_in_sentences(doc: Document) -> dict[str, list[int]]:
    """Capitalised words the article uses inside sentences (after a lower-case letter), with
    where each is so used."""
    return doc.memo("attribution.names_in_sentences", _name_places)


def _name_places(doc: Document) -> dict[str, list[int]]:
    places: dict[str, list[int]] = {}
    for m in _NAME_IN_SENTENCE.finditer(doc.text):
        places.setdefault(m.group(), []).append(m.start())
    return places


def _cue_in_sentence(doc: Document, span: Span, taken: list[Span]) -> bool:
    """Whether a cue of ``taken`` (sorted) lies in the sentence of ``span``, or overlaps it."""
    s_start, s_end = doc.sentences[doc.sentence_index(span[0])] if doc.sentences else span
    i = bisect_left(taken, (min(s_start, span[0]),))
    return i < len(taken) and taken[i][0] < max(s_end, span[1])


# A hyphen's first part that keeps the cue a cue: "so-called", "self-described", and the
# prefixes that make a word of it ("re-tweeting", "counter-accused", "oft-stated").
_ATTRIBUTING_PREFIX: Final = re.compile(
    r"(?<![\w-])(?i:so|self|re|de|co|counter|non|pre|mis|un|out|over|under|second|oft|much)-$"
)


_WORTH_BEFORE: Final = re.compile(r"\bworth\s+\Z", re.IGNORECASE)


def _worth_doing(text: str, cue: Span) -> bool:
    """Whether the cue is the writer's "worth noting", "worth mentioning": no one speaks."""
    return text.endswith("ing", cue[0], cue[1]) and bool(
        _WORTH_BEFORE.search(text, max(0, cue[0] - 10), cue[0])
    )


def _compound_tail(text: str, at: int) -> bool:
    """Whether the cue at ``at`` ends a hyphenated modifier ("well-known", "Clinton-backing
    colleagues", "court-ordered", "late-deciding voters"): a description, no one speaks."""
    return (
        at > 1
        and text[at - 1] == "-"
        and text[at - 2].isalpha()
        and _ATTRIBUTING_PREFIX.search(text, max(0, at - 9), at) is None
    )


# "add" that counts, not speaks: "adding to her delegate lead", "added up to", "added 255,000
# jobs" (a reporting "added" takes a clause, a quotation or "that", not these).
_ADD_FORMS: Final = frozenset(["add", "adds", "added", "adding"])
_ADD_NOT_SPEECH: Final = re.compile(
    r"\s+(?:to\s+(?:the|an?|his|her|their|its|our|my|your|that|this|it|them)\b|up\b|[\d$])",
    re.IGNORECASE,
)


def _adds_to(text: str, cue: Span) -> bool:
    """Whether the cue, a form of "add", is in its sense of counting or increasing."""
    return _ADD_NOT_SPEECH.match(text, cue[1], cue[1] + 24) is not None


# "To Frank, issues of class get attention ...", "But to others, he's a journalist": an
# opening "to" and a name or an object pronoun, then a comma: the view of that source.
_TO_FRAME: Final = re.compile(r"([Tt]o)\s+(" + _TO_FRAME_OBJECT + r")\s*,")
_TO_FRAME_LEAD: Final = frozenset(["but", "and", "because", "yet"])


def _to_frames(doc: Document) -> dict[Span, Span]:
    """The opening "To X," frames of ``doc``: the cue "To" and its source X, at a sentence's
    or line's start or after a leading "but", "and", "because" or "yet"."""
    text = doc.text
    found: dict[Span, Span] = {}
    for m in _matches_after_word("to", _TO_FRAME, text):
        at = m.start()
        if at and (text[at - 1].isalnum() or text[at - 1] in "-’'"):
            continue  # inside a word: "into", "Toronto"
        before = text[max(0, at - 12) : at].rstrip()
        words = before.split()
        if words and words[-1].lower() in _TO_FRAME_LEAD:
            before = before[: len(before) - len(words[-1])].rstrip()
        if before and not (
            before[-1] in ".!?\n" or (before[-1] in '"”' and before[-2:-1] in (".", "!", "?", ","))
        ):
            continue
        if any(w.endswith(".") and len(w) > 4 for w in m.group(2).split()[:-1]):
            continue  # "... apology’ to Bernie Sanders. PHILADELPHIA, July 25": two sentences
        found[m.span(1)] = m.span(2)
    return found


_POLL_HEADS: Final = ("poll", "polls", "survey", "surveys")


def _poll_frame(frame: re.Match[str]) -> bool:
    """Whether an opening frame names a poll ("In a CNN/ORC poll released Monday, 38 percent
    said ..."): its "In" is a cue even beside the respondents' verb."""
    phrase = frame.group(2).lower()
    return phrase.endswith(_POLL_HEADS) and " of " not in phrase  # "in the wake of a poll"


# "show" the broadcast: "the Sunday morning shows", "a radio talk show", "Mr. Hannity's show"
# (a modifier or a possessive before it and no object after it: "a poll released Sunday
# shows that ...", "Footage from the game shows that ..." are reports).
_SHOW_NOUN_BEFORE: Final = re.compile(
    r"(?:\b(?:talk|TV|tv|television|radio|news|morning|evening|night|weekly|daily|reality|award"
    r"|awards|game|late-night|slide|cable|network|comedy|variety|scripted|favorite|new|old"
    r"|other|similar)|[’']s)\s+$"
)
_SHOW_VERB_AFTER: Final = re.compile(
    r"\s+(?:that|how|why|what|whether|who|which|the|an?|his|her|their|its|our|some|no)\b"
    r"|\s+[\d$A-Z]"
)


_UP: Final = re.compile(r"\s+up\b")
_SHOW_FORMS: Final = frozenset(["show", "shows", "showed", "showing", "shown"])


def _show_noun(text: str, cue: Span) -> bool:
    """Whether the cue "show"/"shows" is a broadcast, not a verb, or "show up" (arrive)."""
    word = text[cue[0] : cue[1]].lower()
    if word in _SHOW_FORMS and _UP.match(text, cue[1]):
        return True  # "Hundreds more showed up to hear Stein"
    return (
        word in ("show", "shows")
        and _SHOW_NOUN_BEFORE.search(text, max(0, cue[0] - 16), cue[0]) is not None
        and _SHOW_VERB_AFTER.match(text, cue[1]) is None
    )


# "appear" in person, not "seem": "Carson appeared on Sunday interview shows", "This piece
# first appeared on Global Risk Insights", "Obama appeared with Clinton last month".
_APPEAR_FORMS: Final = frozenset(["appear", "appears", "appeared", "appearing"])
# Cues that tell how a thing looks or is told, not who tells it: their subject is no
# source ("The trend appears to ...", "Rebels reportedly hold ..."). Of 196 such cues in
# PolNeAR train, 4 have a source.
_SOURCELESS: Final = frozenset(["seem", "seems", "seemed", "reportedly"]) | _APPEAR_FORMS
_APPEAR_PLACE: Final = re.compile(r"\s+(?:on|at|in|with|before|alongside|onstage|together)\b")


def _appears_in_person(text: str, cue: Span) -> bool:
    """Whether the cue, a form of "appear", is followed by a place or company, not by
    what seems."""
    return _APPEAR_PLACE.match(text, cue[1]) is not None


# "decline" as a fall in value, not a refusal: "fees declined to $281 million", "wages
# declined significantly", "support declined, by nine points", "stocks declined as investors
# ..." (a number, a measure's preposition or an adverb of degree after it; "declined again
# to comment", "declined in an interview to say" are refusals).
_DECLINE_FORMS: Final = frozenset(["decline", "declines", "declined", "declining"])
_DECLINE_IN_VALUE: Final = re.compile(
    r"\s*(?:,\s*by\b|\d|\$|to\s+[\d$]|(?:by|from|as|since|over|among|sharply|steadily|slightly"
    r"|significantly|dramatically|precipitously|markedly|substantially|rapidly)\b)"
)


def _declines_in_value(text: str, cue: Span) -> bool:
    """Whether the cue "declined" is a fall in value ("declined 40 percent"), not a refusal."""
    return _DECLINE_IN_VALUE.match(text, cue[1]) is not None


# "walk back" on foot, not a retraction: "walked back to his vehicle", "walking back home".
_WALK_BACK_FORMS: Final = frozenset(["walk back", "walks back", "walked back", "walking back"])
_WALK_BACK_PLACE: Final = re.compile(
    r"\s*(?:[,.;]|(?:to|into|toward|towards|home|inside|outside|out|down|up|over|through"
    r"|across|onto|from|in)\b)"
)


# "find" as come upon, learn or found, not conclude: "found itself at the center of", "found
# ways to make money", "found dead", "found guilty", "find out", "helped found Fox News",
# "bombs were later found at a rail station" (a passive, unless "to" or "that" follows: "was
# found to have lied" is a finding).
_FIND_FORMS: Final = frozenset(["find", "finds", "found", "finding"])
_FIND_NO_VIEW_AFTER: Final = re.compile(
    r"\s+(?:(?:it|him|her|my|your)self|(?:them|our|your)selves|(?:(?:a|new|other|no)\s+)?ways?"
    r"|dead|alive|(?:not\s+)?guilty|innocent|unconscious|unresponsive|out|here)\b"
)
_HELP_BEFORE: Final = re.compile(r"\bhelp(?:s|ed|ing)?\s+$")
_PASSIVE_BEFORE: Final = re.compile(
    r"\b(?:was|were|is|are|be|been|being)\s+(?:(?:\w+ly|later|also|never)\s+)?$"
)
_FINDING_AFTER: Final = re.compile(r"\s+(?:to|that)\b")
_THAT_AFTER: Final = re.compile(r"\s+that\b")


def _finds_no_view(text: str, cue: Span) -> bool:
    """Whether the cue, a form of "find", comes upon, learns or founds something: no finding."""
    if _FIND_NO_VIEW_AFTER.match(text, cue[1]):
        return True
    if not text.endswith("found", *cue):
        return False
    if _HELP_BEFORE.search(text, max(0, cue[0] - 8), cue[0]):
        return True
    return bool(_PASSIVE_BEFORE.search(text, max(0, cue[0] - 24), cue[0])) and not (
        _FINDING_AFTER.match(text, cue[1])
    )


# A dateline credit, not a report: "Lerer reported from Los Angeles.", "Wolf reported from
# Washington, D.C." (a place, then the sentence's end). Case-sensitive: the place's capital.
_REPORTED_FROM_PLACE: Final = re.compile(
    r"\s+from\s+[A-Z][\w.]*(?:,?\s+[A-Z][\w.]*){0,3}\s*(?:[.\n]|$)"
)
# "called to mind": recalled, by no one's words; "called off the deal": cancelled
_CALLED_NO_WORDS: Final = re.compile(r"\s+(?:to\s+mind|off)\b")
# A race "was called Tuesday": a passive with no name or words after it, where a
# naming passive has its name ("was called a liar") or, with "as", none ("as it was called.")
_CALLED_RACE: Final = re.compile(
    rf"\s*(?:[.,;]|(?:on\s+)?(?:{'|'.join(sorted(_WEEKDAYS))}|early|late|tonight)\b)",
    re.IGNORECASE,
)
_AS_BEFORE: Final = re.compile(r"\bas\s+(?:\S+\s+){1,4}$", re.IGNORECASE)


def _race_called(text: str, cue: Span) -> bool:
    """Whether "called" is a race or state called for its winner, by no one's words."""
    before = max(0, cue[0] - 40)
    return (
        bool(_CALLED_RACE.match(text, cue[1]))
        and bool(_PASSIVE_BEFORE.search(text, max(0, cue[0] - 24), cue[0]))
        and not _AS_BEFORE.search(text, before, cue[0])
    )


# A comparison made by no one: "up 3 percent compared with last year", "compared to where
# we were" (the verb's object, "compared Trump to Wilson", comes before the "to")
_COMPARED_WITH: Final = re.compile(r"\s+(?:to|with|against|as)\b")


# The cue words with a use in which no one reports anything, and the check of that use
# (given the text and the scanned copy, most often lower-cased): looked up by word, so
# the other cues, nearly all of them, pay one dict lookup instead of every check, and a
# check need not test its word again.
_IT_ALL: Final = re.compile(r"\s+it\s+all\s*(?:[.!?,;:\"”’)]|\Z)", re.IGNORECASE)
# "The views expressed in this article are those of the author": a page's disclaimer
_VIEWS_BEFORE: Final = re.compile(r"\b(?:views|opinions)\s+\Z", re.IGNORECASE)
_IN_THIS: Final = re.compile(r"\s+(?:in\s+this|here|herein|on\s+this)\b", re.IGNORECASE)


# "... are solely those of their author and are not necessarily shared or endorsed by X"
_DISCLAIMER_BEFORE: Final = re.compile(
    r"\b(?:views|opinions)\s+expressed\s[^.\n]*\Z", re.IGNORECASE
)


def _after_disclaimer(text: str, cue: Span) -> bool:
    """Whether the cue ends a disclaimer: "The views expressed ... are not necessarily
    shared or endorsed by EagleRising.com"."""
    return bool(_DISCLAIMER_BEFORE.search(text, max(0, cue[0] - 160), cue[0]))


def _says_it_all(text: str, cue: Span) -> bool:
    """Whether the cue is the idiom "says it all" ("This image says it all."; not "said it
    all began")."""
    return bool(_IT_ALL.match(text, cue[1]))


def _disclaimer(text: str, cue: Span) -> bool:
    """Whether "expressed" is a disclaimer's "The views expressed in this article"."""
    return bool(_VIEWS_BEFORE.search(text, max(0, cue[0] - 12), cue[0])) and bool(
        _IN_THIS.match(text, cue[1])
    )


# Page furniture between two paragraphs: "Story Continued Below", "(Story continued ...)".
_STORY_CONTINUED: Final = re.compile(r"\bstory\s+continued\Z", re.IGNORECASE)


_NOT_REPORTING: Final[dict[str, Callable[[str, str, Span], bool]]] = {
    "said": lambda text, scanned, cue: (
        _discourse_marker(scanned, cue) or _says_it_all(scanned, cue)
    ),
    "say": lambda text, scanned, cue: _idiomatic_say(scanned, cue) or _says_it_all(scanned, cue),
    "says": lambda text, scanned, cue: _says_it_all(scanned, cue),
    "expressed": lambda text, scanned, cue: _disclaimer(scanned, cue),
    **dict.fromkeys(
        ("shared", "endorsed"), lambda text, scanned, cue: _after_disclaimer(scanned, cue)
    ),
    **dict.fromkeys(_ADD_FORMS, lambda text, scanned, cue: _adds_to(scanned, cue)),
    **dict.fromkeys(_SHOW_FORMS, lambda text, scanned, cue: _show_noun(text, cue)),
    **dict.fromkeys(_APPEAR_FORMS, lambda text, scanned, cue: _appears_in_person(scanned, cue)),
    **dict.fromkeys(_DECLINE_FORMS, lambda text, scanned, cue: _declines_in_value(scanned, cue)),
    **dict.fromkeys(
        _WALK_BACK_FORMS, lambda text, scanned, cue: bool(_WALK_BACK_PLACE.match(scanned, cue[1]))
    ),
    **dict.fromkeys(_FIND_FORMS, lambda text, scanned, cue: _finds_no_view(scanned, cue)),
    **dict.fromkeys(
        ("reported", "reports"),
        lambda text, scanned, cue: bool(_REPORTED_FROM_PLACE.match(text, cue[1])),
    ),
    **dict.fromkeys(
        ("call", "calls", "calling"),
        lambda text, scanned, cue: bool(_CALLED_NO_WORDS.match(scanned, cue[1])),
    ),
    "called": lambda text, scanned, cue: (
        bool(_CALLED_NO_WORDS.match(scanned, cue[1])) or _race_called(scanned, cue)
    ),
    **dict.fromkeys(
        ("compare", "compares", "compared", "comparing"),
        lambda text, scanned, cue: bool(_COMPARED_WITH.match(scanned, cue[1])),
    ),
    # "could be concluded in October": ended; "it was concluded that" is still a finding
    "concluded": lambda text, scanned, cue: (
        bool(_PASSIVE_BEFORE.search(scanned, max(0, cue[0] - 24), cue[0]))
        and not _THAT_AFTER.match(scanned, cue[1])
    ),
    "continued": lambda text, scanned, cue: bool(
        _STORY_CONTINUED.search(scanned, max(0, cue[0] - 20), cue[1])
    ),
}


# What may stand between a cue and the gerund that says how or what: "responded to the
# charge by saying ...", "released a statement Tuesday saying ...", no clause break.
_CLAUSE_GAP: Final = re.compile(r"[^,;:.!?\"“”()\[\]—–]{0,60}")
_BY_END: Final = re.compile(r"\bby\s+$")
# A reply's gerund says what the reply was, after a comma too: "responded Friday, saying ..."
_REPLIES: Final = re.compile(r"(?:respond|repl|hit back|fired back|shot back|counter|retort)", re.I)
_REPLY_GAP: Final = re.compile(r"[^,;:.!?\"“”()\[\]—–]{0,40},\s*")


def _completing_gerund(text: str, previous: Span, cue: Span, lex: _Lexicons) -> bool:
    """Whether the cue is a gerund that completes the previous cue of its clause: after
    "by" ("responded by saying") or after the document the previous cue issued ("released
    a statement Tuesday saying", "filed a lawsuit alleging")."""
    if not text.endswith("ing", cue[0], cue[1]):
        return False
    if _CLAUSE_GAP.fullmatch(text, previous[1], cue[0]) is None:
        return bool(
            _REPLIES.match(text, previous[0]) and _REPLY_GAP.fullmatch(text, previous[1], cue[0])
        )
    if _BY_END.search(text, previous[1], cue[0]):
        return True
    return any(  # the document may be the previous cue's own: "released a statement"
        word.strip("’'").lower() in lex.documents for word in text[previous[0] : cue[0]].split()
    )


def _joins_previous(text: str, previous: Span, cue: Span, kind: str, lex: _Lexicons) -> bool:
    """Whether ``cue`` completes the ``previous`` cue of its sentence, as one cue: "said in
    a statement", "expressed concern", "responded by saying", "released a statement
    saying", "interjected:" (a colon after a cue in the same clause)."""
    if _JOINED.fullmatch(text, previous[1], cue[0]):
        return True
    if kind == "colon":
        return _CLAUSE_GAP.fullmatch(text, previous[1], cue[0]) is not None
    return _completing_gerund(text, previous, cue, lex)


_MODEL_ONLY: Final = frozenset(["learned", "stance"])  # candidates no rule decides
_JOINED: Final = re.compile(r"\s+(?:(?:to|in|an?|the|his|her|their|its)\s+){0,2}")


def _find_relations(
    doc: Document,
    lexicon_dir: str | None = None,
    collect: list[tuple[Span, list[str]]] | None = None,
) -> list[Relation]:
    """The relations of ``doc``: the rules propose cues, the learned cue model decides.
    With ``collect``, every candidate's features are appended to it and the rules alone
    decide (how the model's training data is made)."""
    lex = _lexicons(lexicon_dir)
    model = cue_model.load_model(lexicon_dir)
    text = doc.text
    lower = doc.lowered
    # The lower-cased text's trie (half the branches of the capitalised one), tried where
    # the families' shared scan finds a phrase opening a word; a text whose length
    # changes when lower-cased keeps a scan of the capitalised one.
    if len(lower) == len(text):
        scanned = lower
        openings = phrase_openings(doc, lexicon_dir)
        spans = [m.span() for m in matches_at(lex.cue_lower.plain, lower, openings)]
    else:
        scanned, spans = text, [m.span() for m in lex.cue.finditer(text)]
    cues: list[tuple[Span, str]] = []
    kinds = lex.kinds
    for span in spans:
        if doc.in_quote(span[0]):
            continue  # a quoted speaker's own attributions belong to the quotation
        phrase = scanned[span[0] : span[1]]  # most often a key; else lower-cased, re-spaced
        not_reporting = _NOT_REPORTING.get(phrase.lower())
        if (
            (not_reporting and not_reporting(text, scanned, span))
            or _compound_tail(scanned, span[0])
            or _worth_doing(scanned, span)
        ):
            continue
        kind = kinds.get(phrase) or kinds.get(" ".join(phrase.lower().split()), "verb")
        if kind == "stance" and _stance_subject(doc, span[0], lex):
            kind = "verb"  # else "voters think", "I want": no source of its own, the model decides
        cues.append((span, kind))
    colon_offsets = [m.start() for m in _COLON.finditer(text)]  # one scan for both uses
    headlines = _headline_colons(doc, colon_offsets, lex)
    if headlines:  # the verbs of a headline's content are no cues of their own
        contents = sorted(content for content, _ in headlines.values())
        cues = [cue for cue in cues if not _overlaps(cue[0], contents)]
    # The rules' cues (none inside a quotation, which must not keep a colon or a frame
    # from the sentence that holds the quotation either).
    taken = [span for span, kind in cues if kind not in _MODEL_ONLY]
    frame_matches = [
        m
        for m in _matches_after_word("in", lex.framing, text)
        if (m.start() == 0 or not text[m.start() - 1].isalnum())
        and _clause_initial(text, m.start())
    ]
    # "In an interview, X said ...": the verb is the cue; the frame counts only alone.
    framed = {
        m.span(1): m.span(2)
        for m in frame_matches
        if _poll_frame(m) or not _cue_in_sentence(doc, m.span(1), taken)
    }
    passed = [m.span() for m in frame_matches if m.span(1) not in framed]
    if passed:  # nor is its head noun a cue then: "In a statement Tuesday, X said ..."
        cues = [c for c in cues if c[1] not in _MODEL_ONLY or not _overlaps(c[0], passed)]
    if framed:  # a frame's "in" is no candidate word of its own
        frames = sorted(framed)
        cues = [c for c in cues if c[1] not in _MODEL_ONLY or not _overlaps(c[0], frames)]
    framed.update(_to_frames(doc))
    cues += [(span, "framed") for span in framed if not doc.in_quote(span[0])]
    colons = _colon_relations(doc, colon_offsets, taken, headlines)
    colons.update(_dash_relations(doc))  # kept as the rules found them, as colons are
    labels = _speaker_labels(doc)
    cues += [(span, "label") for span in labels]
    cues += [(span, "colon") for span in colons]
    cues.sort()
    found: list[Relation] = []
    prior_named = False
    sentence, budget, last = -1, 0, -1  # last: the sentence of the last relation
    # None of the cues lies inside a quotation (a speaker label may open a quoted line):
    # the candidates and frames are left out above, colons and bylines where they are found.
    # each cue's words, lower-cased, one space apart: its weights' key, and its name as a
    # neighbour of the cues beside it
    words = [" ".join(text[a:b].lower().split()) for (a, b), _ in cues]
    rules = [j for j, (_, kind) in enumerate(cues) if kind != "learned"]
    for n, (cue, kind_of_cue) in enumerate(cues):
        index = doc.sentence_index(cue[0])
        if index != sentence:
            s_start, s_end = doc.sentences[index] if doc.sentences else (0, len(text))
            sentence, budget = index, _CUES_PER_SENTENCE + (s_end - s_start) // 200
        if budget <= 0:
            continue  # "said, said, said, ...": a degenerate sentence, not prose
        speaker = found[-1].source if last == index else None
        word = words[n]
        cue_word = word.partition(" ")[0]  # lower-casing splits no word, joins none
        parts: tuple[Span, Span | None] | None = None
        if kind_of_cue == "framed":
            parts = _framed_relation(doc, cue, framed[cue], s_end)
        elif kind_of_cue == "colon":
            parts = colons[cue]
        elif kind_of_cue == "label":
            parts = labels[cue]
        elif kind_of_cue == "preposition":
            parts = _preposition_relation(doc, cue, (s_start, s_end))
        elif kind_of_cue == "verb":
            parts = _verb_relation(doc, cue, cue_word, (s_start, s_end), lex, speaker)
        if kind_of_cue not in _MODEL_ONLY:  # no rule of its own: the model decides
            budget -= 1
        if (
            collect is not None
            or parts is None
            or (kind_of_cue == "verb" and word in model.doubtful)
        ):
            # the model checks a verb the rules get wrong in train ("found", "told", not "said");
            # headline colons, frames and "according to" are the rules' own
            weighed = model if collect is None else None  # the training features name all
            feats = _cue_features(
                doc,
                cue,
                kind_of_cue,
                parts,
                (s_start, s_end),
                last == index,
                weighed,
                _neighbour_kinds(text, cues, words, rules, n, (s_start, s_end)),
            )
            if collect is not None:
                collect.append((cue, cue_model.named_features(word, feats)))
                if parts is None:
                    continue
            elif cue_model.score(model, word, feats) < model.threshold:
                continue
        if last == index and _joins_previous(text, found[-1].cue, cue, kind_of_cue, lex):
            # one cue, the first one's relation ("continued:" stays "continued"); a colon
            # gives it the quotation it opens
            joined = found[-1]
            if kind_of_cue != "colon" or text[joined.cue[1] : cue[0]].strip():
                joined = replace(joined, cue=(joined.cue[0], cue[1]))
            if kind_of_cue == "colon" and parts is not None:
                quote = parts[0]
                joined = replace(joined, content=(quote[0], min(quote[1], cue[1] + _MAX_CONTENT)))
            found[-1] = joined
            continue
        if parts is None:
            budget -= 1
            # a verb cue's rules found nothing above: the same call would find nothing again
            parts = _learned_relation(
                doc, cue, cue_word, (s_start, s_end), lex, speaker, kind_of_cue != "verb"
            )
            if parts is None:
                continue
        content, source = parts
        if cue_word in _SOURCELESS:
            source = None
        content = (max(content[0], cue[0] - _MAX_CONTENT), min(content[1], cue[1] + _MAX_CONTENT))
        if not _WORD.search(text, *content):
            continue  # "... told ABC News in a statement.": no words are reported there
        kind = source_type(doc, source, prior_named, lex)
        prior_named = prior_named or kind == "named"
        found.append(Relation(cue, source, content, kind))
        last = index
    return found


def _neighbour_kinds(
    text: str,
    cues: list[tuple[Span, str]],
    words: list[str],
    rules: list[int],
    n: int,
    sentence: Span,
) -> tuple[str, ...]:
    """The cue model's neighbour features of the ``n``-th of ``cues`` (sorted by offset) in
    ``text`` (``words``: each cue's words, lower-cased, one space apart; ``rules``: the
    indices of the cues that are no "learned" candidate, ascending): the kind ("verb",
    "stance", "colon"...) and the words of the nearest candidate before (``pk=``, ``pw=``)
    and after (``nk=``, ``nw=``) it in its ``sentence``, "pk=none" or "nk=none" for none,
    and that kind joined with the class of the text between the two
    (``pkg=``, ``nkg=``, see :func:`_gap_class`): a candidate beside a rule cue ("said" ...
    "plans") is another cue less often than one alone, "according to" or "told" beside it
    differ from "said", and "X said Y claimed" differs from 'X said, "Y claimed'. The
    model's candidate words ("learned") are skipped: which of them are candidates differs
    between training (all words gold cues cover) and run time (those the model keeps).
    Month-grouped pipeline CV on PolNeAR train, cue/source/content F1: 0.7807/0.7534/0.7754
    without, 0.7830/0.7530/0.7753 with the kinds alone, 0.7860/0.7562/0.7772 with the words
    too, 0.7893/0.7587/0.7774 with the gaps too (publisher-grouped: cue 0.7793, 0.7832,
    0.7852, 0.7876)."""
    candidate = cues[n][0]  # sorted: those before start no later, those after no earlier
    k = bisect_left(rules, n)  # (rules are distinct: bisect_right is past n if it is there)
    before = _nearest_rule_cue(cues, rules, k - 1, sentence[0], candidate[0] + 1)
    if k < len(rules) and rules[k] == n:
        k += 1
    after = _nearest_rule_cue(cues, rules, k, candidate[0], sentence[1])
    return (
        *_neighbour_features(text, "p", before, cues, words, candidate),
        *_neighbour_features(text, "n", after, cues, words, candidate),
    )


def _nearest_rule_cue(
    cues: list[tuple[Span, str]], rules: list[int], k: int, lo: int, hi: int
) -> int | None:
    """The index ``rules[k]`` of a cue the rules found (no "learned" candidate word), if
    there is one and it starts inside ``[lo, hi)``: None otherwise. Found by bisection,
    not by a walk past the learned candidates between: a sentence of one candidate word
    repeated took time quadratic in its length."""
    if not 0 <= k < len(rules):
        return None
    j = rules[k]
    return j if lo <= cues[j][0][0] < hi else None


def _neighbour_features(
    text: str,
    side: str,
    neighbour: int | None,
    cues: list[tuple[Span, str]],
    words: list[str],
    candidate: Span,
) -> list[str]:
    """``side`` ("p": the ``neighbour``-th of ``cues`` is before the ``candidate``, "n":
    after it) + "k=" the neighbour's kind, "w=" its ``words``, "kg=" its kind and the
    class of the text between the two; ``side`` + "k=none" for no neighbour."""
    if neighbour is None:
        return [side + "k=none"]
    (a, b), kind = cues[neighbour]
    gap = text[b : candidate[0]] if side == "p" else text[candidate[1] : a]
    return [f"{side}k={kind}", f"{side}w={words[neighbour]}", f"{side}kg={kind}" + _gap_class(gap)]


_GAP_QUOTES: Final = '"“”'  # no single quotes: an apostrophe is no quotation
_GAP_BREAKS: Final = ":;—–"


def _gap_class(gap: str) -> str:
    """The text between a candidate and its neighbour, classed: "adj" (white space alone),
    else its marks among "q" (a double quote), "," and ":" (or ; or a dash), else "w"
    (words alone): a quotation or a clause break between two cues parts their roles."""
    if not gap or gap.isspace():
        return "adj"
    marks = "q" if _holds_any(gap, _GAP_QUOTES) else ""
    if "," in gap:
        marks += ","
    if _holds_any(gap, _GAP_BREAKS):
        marks += ":"
    return marks or "w"


def _holds_any(text: str, chars: str) -> bool:
    """Whether ``text`` holds one of ``chars``: a substring search per char, where a set's
    isdisjoint(text) hashed every character of the text (a gap may be a whole sentence:
    1.2% of the instructions per article)."""
    for char in chars:  # noqa: SIM110 (a loop: no generator object per call)
        if char in text:
            return True
    return False


def _cue_features(
    doc: Document,
    cue: Span,
    kind_of_cue: str,
    parts: tuple[Span, Span | None] | None,
    sentence: Span,
    had_cue: bool,
    model: cue_model.CueModel | None = None,
    neighbours: tuple[str, ...] = (),
) -> list[str | None]:
    """The cue model's features of ``cue``, with what the rules made of it: its kind, "-"
    when they found no relation, whether the relation has a source, whether the sentence
    already has a relation, and ``neighbours`` (see :func:`_neighbour_kinds`) (with
    ``model``: named as there, see :func:`cue_model.features`)."""
    rule = kind_of_cue if parts is not None or kind_of_cue in _MODEL_ONLY else kind_of_cue + "-"
    context: tuple[str, ...] = neighbours + (("had_cue",) if had_cue else ())
    if parts is not None:
        context += ("src",) if parts[1] is not None else ("no_src",)
    return cue_model.features(doc, cue, rule, sentence, context, model)


def _learned_relation(
    doc: Document,
    cue: Span,
    cue_word: str,
    sentence: Span,
    lex: _Lexicons,
    speaker: Span | None,
    try_verb_rules: bool = True,
) -> tuple[Span, Span | None] | None:
    """Source and content of a cue the rules passed over but the model accepts: the verb
    rules when they find a relation (``try_verb_rules``: unless they have been tried), else
    the subject before the cue (if any) and what follows it in the sentence ("his claim
    that ...", "backs Sanders"). A negated cue ("has not confirmed") too: PolNeAR counts
    it, and the model has weighed the negation. The cue as for :func:`_verb_relation`."""
    if (
        try_verb_rules
        and (parts := _verb_relation(doc, cue, cue_word, sentence, lex, speaker)) is not None
    ):
        return parts
    text = doc.text
    s_start, s_end = sentence
    found = _subject_before(
        text,
        _Tokens(text, max(s_start, cue[0] - _NEAR_WINDOW), cue[0]),
        cue_word,
        cue_word in lex.adjectives,
    )
    source = found.source
    content = _content_after(doc, cue[1], s_end)
    if content[1] <= content[0]:
        content = _content_before(doc, s_start, source[0] if source else cue[0])
    return (content, source) if content[1] > content[0] else None


def relations(doc: Document, lexicon_dir: str | None = None) -> list[Relation]:
    """The Document's attribution relations, in text order, computed once per Document."""
    return doc.memo(
        f"attribution.relations:{lexicon_dir}", lambda d: _find_relations(d, lexicon_dir)
    )


# --- features


def attributed_claim_share(doc: Document, found: list[Relation]) -> float:
    """Share of claim sentences that hold a relation's cue or lie in one's content."""
    claims = [doc.sentences[i] for i in doc.claim_sentences]
    if not claims:
        return float("nan")
    spans = sorted([(min(r.cue[0], r.content[0]), max(r.cue[1], r.content[1])) for r in found])
    starts = [s for s, _ in spans]
    # The furthest any span up to each one reaches: a claim past it needs no walk back.
    reach: list[int] = []
    for _, span_end in spans:
        reach.append(max(reach[-1], span_end) if reach else span_end)
    attributed = 0
    last = -1  # the last span that starts by the claim's end (claims come in text order)
    for start, end in claims:
        while last + 1 < len(starts) and starts[last + 1] <= end:
            last += 1  # bisect_right(starts, end) - 1, stepped to: a call per claim cost more
        i = last
        if i < 0 or reach[i] <= start:
            continue
        while i >= 0:
            if spans[i][1] > start:
                attributed += 1
                break
            if starts[i] < start - 4000:
                break
            i -= 1
    return share(attributed, len(claims))


def named_source_ratio(found: list[Relation]) -> float:
    return share(sum(r.source_type == "named" for r in found), len(found))


def type_share(found: list[Relation], kind: str) -> float:
    return share(sum(r.source_type == kind for r in found), len(found))


def distinct_named_sources(doc: Document, found: list[Relation]) -> int:
    """Distinct named sources, by the last word of their head ("Lloyd Austin" = "Austin").
    Pronouns resolved to a named source add none."""
    names = set()
    for r in found:
        if r.source_type == "named" and r.source is not None:
            phrase = doc.text[r.source[0] : r.source[1]]
            if phrase.lower() not in _PRONOUNS:
                names.add(_head(doc.text, r.source))
    return len(names)


def direct_quotes(doc: Document, min_words: int = 4) -> list[Span]:
    """Quotations of at least ``min_words`` words (scare quotes are not quotations)."""
    return [q for q in doc.quotes if _word_count(doc, q[0], q[1]) >= min_words]


def quote_relation(quote: Span, found: list[Relation]) -> int | None:
    """Index of the relation whose content covers at least half of ``quote``."""
    half = (quote[1] - quote[0]) / 2
    for i, r in enumerate(found):
        if min(quote[1], r.content[1]) - max(quote[0], r.content[0]) >= half:
            return i
    return None


def quote_relations(doc: Document, found: list[Relation]) -> dict[Span, int | None]:
    """:func:`quote_relation` of every quotation of ``doc`` at once. Each relation, in order,
    looks at the quotations its content overlaps (they are sorted and disjoint: a bisection
    and a step back over each), instead of each quotation at every relation near it. A
    content is at most ``_MAX_CONTENT`` characters either side of its cue, so none is
    compared with a quotation that starts more than ``reach`` after it."""
    quotes, quote_starts = doc.quotes, doc.quote_starts
    reach = 2 * _MAX_CONTENT + 64
    result: dict[Span, int | None] = dict.fromkeys(quotes)
    for i, relation in enumerate(found):
        start, end = relation.content
        j = bisect_left(quote_starts, end)  # quotes[:j] start before the content ends
        while j > 0 and quotes[j - 1][1] > start:
            j -= 1
            quote = quotes[j]
            if (
                result[quote] is None  # an earlier relation has it
                and quote[0] <= start + reach
                and min(quote[1], end) - max(quote[0], start) >= (quote[1] - quote[0]) / 2
            ):
                result[quote] = i
    return result


def attributed_quote_share(
    doc: Document,
    found: list[Relation],
    linked: dict[Span, int | None] | None = None,
    quotes: list[Span] | None = None,
) -> float:
    quotes = direct_quotes(doc) if quotes is None else quotes
    linked = quote_relations(doc, found) if linked is None else linked
    return share(sum(linked.get(q) is not None for q in quotes), len(quotes))


def evidence(
    doc: Document, found: list[Relation], linked: dict[Span, int | None] | None = None
) -> list[Evidence]:
    """``attribution`` records for the relations, in the order of the record's evidence (by
    span), and ``quote`` records whose ``attribution`` is the index of their relation among
    those records: relations are found in cue order, which a content before its cue breaks."""
    bounds = [r.bounds for r in found]
    order = sorted(range(len(found)), key=bounds.__getitem__)
    rank: dict[int | None, int] = {i: k for k, i in enumerate(order)}
    records: list[Evidence] = []
    for i in order:
        relation, (start, end) = found[i], bounds[i]  # not *bounds[i]: a generic call, compiled
        extra = {
            "cue": relation.cue,
            "source": relation.source,
            "content": relation.content,
            "source_type": relation.source_type,
        }
        records.append(Evidence("attribution", start, end, extra))
    linked = quote_relations(doc, found) if linked is None else linked
    records += [  # rank.get(None) is None: an unattributed quotation
        Evidence("quote", q[0], q[1], {"attribution": rank.get(linked[q])}) for q in doc.quotes
    ]
    return records


# The family's columns, in the order of the feature frame.
FEATURE_NAMES: Final = (
    "attributed_claim_share",
    "relations_per_100_words",
    "named_source_ratio",
    "distinct_named_sources",
    "quotes_per_100_words",
    "attributed_quote_share",
    "vague_attribution_rate",
    "anonymous_source_share",
    "document_source_share",
)


def extract(doc: Document, lexicon_dir: str | None = None) -> FamilyResult:
    """The attribution features and evidence of one Document."""
    lexicon_dir = lexicon.user_folder(lexicon_dir)  # caches below key on the folder itself
    found = relations(doc, lexicon_dir)
    linked = quote_relations(doc, found)
    quotes = direct_quotes(doc)
    n_words = doc.n_words
    features = {
        "attributed_claim_share": attributed_claim_share(doc, found),
        "relations_per_100_words": per_100_words(len(found), n_words),
        "named_source_ratio": named_source_ratio(found),
        "distinct_named_sources": float(distinct_named_sources(doc, found)),
        "quotes_per_100_words": per_100_words(len(quotes), n_words),
        "attributed_quote_share": attributed_quote_share(doc, found, linked, quotes),
        "vague_attribution_rate": per_100_words(
            sum(r.source_type == "vague" for r in found), n_words
        ),
        "anonymous_source_share": type_share(found, "anonymous"),
        "document_source_share": type_share(found, "document"),
    }
    return FamilyResult(features, evidence(doc, found, linked))

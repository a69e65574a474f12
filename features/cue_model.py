"""A learned attribution-cue scorer: a linear model over cheap context features.

PolNeAR's cues spread over thousands of words ("backs", "wants", "believes", "claim",
"in a statement"), and hand rules that widen the verb list lose precision. So each cue
candidate gets a score: the sum of the weights of its features (the word, its suffix,
the words and punctuation around it, whether the rules found a relation there) plus a
bias, and the attribution pass keeps a candidate whose score reaches the threshold.

The weights are plain data (``attribution_cue_weights.txt``: ``feature<TAB>weight``
lines, ``@bias``, ``@threshold``, ``@candidate<TAB>word`` and ``@doubtful<TAB>word``
lines: the rules' cue words the model checks; the others it accepts unseen), rebuilt from
PolNeAR train by ``benchmarks/build_cue_weights.py``: a dict lookup and a sum at run
time, no pickle and no scikit-learn.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Final

from sourcecheck.features import lexicon
from sourcecheck.features.document import Document, Span

WEIGHTS: Final = "attribution_cue_weights"
CLASSES: Final = "word_classes"
_PRONOUNS: Final = frozenset(["he", "she", "they", "we", "i", "you", "it", "who"])
_DETERMINERS: Final = frozenset(
    ["the", "a", "an", "his", "her", "their", "its", "our", "my", "this"]
)
_NEGATIONS: Final = frozenset(["not", "n't", "n’t", "never", "no"])
_QUOTES: Final = frozenset("\"“”'‘’")
# The features with a value, in the order of the tables below: s(uffix), r(ule), p(revious
# word), p(revious )g(ap), p2 (the word before), n(ext word), n(ext )g(ap), pos(ition).
_VALUED: Final = ("s", "r", "p", "pg", "p2", "n", "ng", "pos")
# The word classes (see word_classes) of the h(ead), p(revious) and n(ext) words: their
# tables go from a word straight to the names of its classes.
_CLASSED: Final = ("hc", "pc", "nc")


# A valued feature's table: from a value to its name, for the values the model weighs.
_Names = dict[str | int, str]
# A word-class feature's table: from a word to the names of its weighed classes.
_ClassNames = dict[str, tuple[str, ...]]
# The tables of a model, or None for each feature: every value named (the training's).
_UNWEIGHED: Final = (None,) * len(_VALUED)
_UNWEIGHED_CLASSES: Final = (None,) * len(_CLASSED)


def _name(table: _Names | None, prefix: str, value: str | int) -> str | None:
    """A valued feature's name: as a model's ``table`` names ``value`` (None: no weight),
    or ``PREFIX=VALUE`` with no table: a compiled call and a dict lookup, where a namer
    object per feature took a Python method call (twice the instructions)."""
    return f"{prefix}={value}" if table is None else table.get(value)


def _class_names(table: _ClassNames | None, prefix: str, word: str) -> tuple[str, ...]:
    """A word-class feature's names: as a model's ``table`` names ``word``'s weighed
    classes, or ``PREFIX=CLASS`` for each of its classes with no table."""
    if table is None:
        return tuple(f"{prefix}={c}" for c in word_classes().get(word, ()))
    return table.get(word, ())


def _weighed_names(
    weights: dict[str, float], by_word: dict[str, dict[str, float]]
) -> tuple[_Names, ...]:
    """Per valued feature, a table from a value to its name, for the names that have a
    weight (alone, as a word's context, or as a word paired with contexts); a value
    without one has none, and :func:`features` names it None, which weighs nothing: the
    same sums as with every name, without building the names."""
    weighed = set(weights) | set(by_word)
    for pairs in by_word.values():
        weighed.update(pairs)
    tables: dict[str, _Names] = {prefix: {} for prefix in _VALUED + _CLASSED}
    for name in weighed:
        prefix, equals, value = name.partition("=")
        if not equals or prefix not in tables:
            continue
        if prefix == "pos":  # an int in the features: only its decimal form is the same name
            if value.lstrip("-").isdigit() and str(int(value)) == value:
                tables[prefix][int(value)] = name
        else:
            tables[prefix][value] = name
    return tuple(tables[prefix] for prefix in _VALUED + _CLASSED)


def _weighed_class_names(class_tables: tuple[_Names, ...]) -> tuple[_ClassNames, ...]:
    """Per word-class feature, a table from a word to the names of its classes that have
    a weight (``class_tables``: from a class to its name, see :func:`_weighed_names`),
    for the words with one: one lookup per word, no loop over its classes per candidate."""
    composed = []
    for table in class_tables:
        words: _ClassNames = {}
        for word, classes in word_classes().items():
            names = tuple(name for c in classes if (name := table.get(c)) is not None)
            if names:
                words[word] = names
        composed.append(words)
    return tuple(composed)


# CueModel's arguments: weights, by_word, bias, threshold, candidates, doubtful
_Arguments = tuple[
    dict[str, float], dict[str, dict[str, float]], float, float, frozenset[str], frozenset[str]
]


@dataclass(frozen=True)
class CueModel:
    """Weights of context features, weights of (word, context) pairs, the bias and the
    acceptance threshold (log-odds), and the candidate words looked at beyond the rules'
    cues."""

    weights: dict[str, float]
    by_word: dict[str, dict[str, float]]
    bias: float
    threshold: float
    candidates: frozenset[str]
    doubtful: frozenset[str] = frozenset()  # rule cue words the model checks
    # per valued feature, value -> name, for the names with a weight (see _weighed_names)
    names: tuple[_Names, ...] = field(init=False, repr=False, compare=False)
    # per word-class feature, word -> its classes' names (see _weighed_class_names)
    class_names: tuple[_ClassNames, ...] = field(init=False, repr=False, compare=False)

    def __reduce__(self) -> tuple[type[CueModel], _Arguments]:
        # pickled by its constructor's arguments: a class compiled by mypyc has no other
        # way (the name tables are built again)
        return CueModel, (
            self.weights,
            self.by_word,
            self.bias,
            self.threshold,
            self.candidates,
            self.doubtful,
        )

    def __post_init__(self) -> None:
        tables = _weighed_names(self.weights, self.by_word)
        object.__setattr__(self, "names", tables[: len(_VALUED)])
        class_tables = tables[len(_VALUED) :]
        object.__setattr__(self, "class_names", _weighed_class_names(class_tables))


def parse_model(content: str) -> CueModel:
    """A CueModel from the weights file's text (blank lines and ``#`` comments skipped).
    A key ``w=WORD|CONTEXT`` weighs the pair, ``w=WORD`` the word alone (context ``*``);
    WORD ``r=RULE`` pairs the rules' verdict with a context."""
    weights: dict[str, float] = {}
    by_word: dict[str, dict[str, float]] = {}
    candidates: set[str] = set()
    doubtful: set[str] = set()
    bias = threshold = 0.0
    for line in content.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition("\t")
        if key == "@bias":
            bias = float(value)
        elif key == "@threshold":
            threshold = float(value)
        elif key == "@candidate":
            candidates.add(value)
        elif key == "@doubtful":
            doubtful.add(value)
        # Names interned: one object per name, which the features then name their values
        # by (see _weighed_names), and a dict finds the very key object by identity, where
        # an equal copy costs a comparison of the text: a fifth of score()'s time.
        elif key.startswith("w="):
            word, _, context = key[2:].partition("|")
            pairs = by_word.setdefault(sys.intern(word), {})
            pairs[sys.intern(context or "*")] = float(value)
        else:
            weights[sys.intern(key)] = float(value)
    return CueModel(weights, by_word, bias, threshold, frozenset(candidates), frozenset(doubtful))


@lru_cache(maxsize=8)
def load_model(lexicon_dir: str | None = None) -> CueModel:
    """The shipped cue model, or a user folder's ``attribution_cue_weights.txt`` (the
    folder as for :func:`lexicon.load`: the argument, else ``$SOURCECHECK_LEXICON_DIR``)."""
    lexicon_dir = lexicon.user_folder(lexicon_dir)
    replacement = Path(lexicon_dir) / f"{WEIGHTS}.txt" if lexicon_dir else None
    if replacement is not None and replacement.is_file():
        return parse_model(replacement.read_text(encoding="utf-8"))
    shipped = resources.files("sourcecheck.features.lexicons").joinpath(f"{WEIGHTS}.txt")
    return parse_model(shipped.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def word_classes() -> dict[str, tuple[str, ...]]:
    """Each word's classes (``word_classes.txt``: ``word<TAB>class...``, learned from raw
    news text by ``benchmarks/build_word_classes.py``): a rare or unseen cue word shares
    the weights of its class. Shipped only: the weights are fitted to these classes.
    Month-grouped pipeline CV on PolNeAR train, cue/source/content F1: 0.7903/0.7637/0.7780
    without, 0.7912/0.7650/0.7778 with the classes (then built with BASIL's text too). As
    shipped, with the model checking more rule verbs (``--doubt 0.95`` of the weights'
    build): 0.7900/0.7706/0.7785 without, 0.7923/0.7726/0.7800 with; publisher-grouped cue
    F1 0.7893 and 0.7904."""
    shipped = resources.files("sourcecheck.features.lexicons").joinpath(f"{CLASSES}.txt")
    classes: dict[str, tuple[str, ...]] = {}
    for line in shipped.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, *names = line.split("\t")
            classes[word] = tuple(names)
    return classes


def score(model: CueModel, word: str, feats: list[str | None]) -> float:
    """The candidate's log-odds of being a cue: the bias, the context weights, the
    weights of the word paired with each context (``*`` pairs it with none) and those of
    the rules' verdict (``feats[1]``) paired with each context: a verb whose subject the
    rules found and a word they never looked at differ in which contexts matter. A
    feature named None (see :func:`features`) weighs nothing."""
    total = model.bias + _weight_sum(model.weights, feats)
    pairs = model.by_word.get(word)
    if pairs:
        total += pairs.get("*", 0.0) + _weight_sum(pairs, feats)
    rule = feats[1]
    pairs = model.by_word.get(rule) if rule is not None else None
    if pairs:
        total += _weight_sum(pairs, feats)
    return total


def _weight_sum(weights: dict[str, float], feats: list[str | None]) -> float:
    """The weights of ``feats`` added left to right, a feature named None or without a
    weight adding nothing (adding 0.0 changes no sum): the sums that sum() and map() gave
    up to Python 3.11 (3.12's sum() compensates its rounding), in a compiled loop rather
    than a Python call per feature (score() took 60% more instructions then)."""
    total = 0.0
    for name in feats:
        if name is not None and (weight := weights.get(name)) is not None:
            total += weight  # (a default of 0.0 was a float object made per lookup)
    return total


def named_features(word: str, feats: Sequence[str | None]) -> list[str]:
    """The features as :func:`score` weighs them, one name each (for training; a feature
    named None, which only a model's names give, weighs nothing and is left out)."""
    named = [f for f in feats if f is not None]
    rule = feats[1]
    return (
        named
        + [f"w={word}"]
        + [f"w={word}|{f}" for f in named]
        + ([f"w={rule}|{f}" for f in named if f != rule] if rule is not None else [])
    )


def _gap_marks(gap: str) -> str:
    """The punctuation between two words, reduced to a few classes: , : q(uote) ( -."""
    if gap == " ":
        return ""  # the common case, first
    marks = ""
    for char in gap:
        if char == ",":
            marks += ","
        elif char in ":;":
            marks += ":"
        elif char in _QUOTES:
            marks += "q"
        elif char in "([":
            marks += "("
        elif char in "—–-":
            marks += "-"
    return marks[:3]


def features(
    doc: Document,
    span: Span,
    rule: str,
    sentence: Span,
    extra: tuple[str, ...] = (),
    model: CueModel | None = None,
) -> list[str | None]:
    """The context features of a cue candidate at ``span`` in ``sentence``: what the hand
    rules made of it (``rule``, "learned" when they did not look at it), the words and
    punctuation around it, ``extra`` from the caller. Words come from ``doc.token_starts``
    and ``token_ends``: a few bisections and slices per candidate, no scan. With
    ``model``, a feature with a value that has no weight there is named None, and a word
    class with none is left out (for :func:`score`: the same score, fewer strings built);
    without, every feature is named."""
    tables = _UNWEIGHED if model is None else model.names
    s_names, r_names, p_names, pg_names, p2_names, n_names, ng_names, pos_names = tables
    classes = _UNWEIGHED_CLASSES if model is None else model.class_names
    hc_names, pc_names, nc_names = classes
    text = doc.text
    starts, ends = doc.token_starts, doc.token_ends
    s_start, s_end = sentence
    at = bisect_left(starts, span[0])
    after = at  # bisect_left(starts, span[1], at): a cue is a word or a few, stepped over
    while after < len(starts) and starts[after] < span[1]:
        after += 1
    head = text[span[0] : span[1]].split()[0].lower()
    # score() pairs the rule, at 1, with the rest
    feats: list[str | None] = [_name(s_names, "s", head[-3:]), _name(r_names, "r", rule)]
    feats += _class_names(hc_names, "hc", head)
    if span[0] > s_start and text[span[0]].isupper():
        feats.append("upper")
    if at > 0 and ends[at - 1] > s_start:
        a, b = starts[at - 1], ends[at - 1]
        prev = text[a:b].lower()
        gap = text[max(b, span[0] - 12) : span[0]]  # bounded
        gap = "" if gap == " " else _gap_marks(gap)  # the common case without a call
        feats.append(_name(p_names, "p", prev))
        feats.append(_name(pg_names, "pg", gap))
        feats += _class_names(pc_names, "pc", prev)
        if not gap:
            prev2 = text[starts[at - 2] : ends[at - 2]].lower() if at > 1 else ""
            feats.append(_name(p2_names, "p2", prev2))
            if prev in _PRONOUNS:
                feats.append("p_pron")
            elif prev in _DETERMINERS:
                feats.append("p_det")
            elif text[a].isupper():
                feats.append("p_cap")
            if prev in _NEGATIONS or prev.endswith(("n't", "n’t")) or prev2 in _NEGATIONS:
                feats.append("p_neg")
    else:
        feats.append("first")
    if after < len(starts) and starts[after] < s_end:
        a, b = starts[after], ends[after]
        gap = text[span[1] : min(a, span[1] + 12)]
        following = text[a:b].lower()
        feats.append(_name(n_names, "n", following))
        feats.append(_name(ng_names, "ng", "" if gap == " " else _gap_marks(gap)))
        feats += _class_names(nc_names, "nc", following)
        if text[a].isdigit():
            feats.append("n_num")
        elif text[a].isupper():
            feats.append("n_cap")
        if after + 2 >= len(starts) or starts[after + 2] >= s_end:
            feats.append("near_end")
    else:
        feats.append("last")
    feats.append(_name(pos_names, "pos", 4 * (span[0] - s_start) // max(1, s_end - s_start)))
    q = bisect_right(doc.quote_starts, s_end) - 1
    if q >= 0 and doc.quotes[q][1] > s_start:
        feats.append("q_sent")
    feats += extra
    return feats

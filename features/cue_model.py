"""A learned attribution-cue scorer: a linear model over cheap context features.

PolNeAR's cues spread over thousands of words ("backs", "wants", "believes", "claim",
"in a statement"), and hand rules that widen the verb list lose precision. So each cue
candidate gets a score: the sum of the weights of its features (the word, its suffix,
the words and punctuation around it, whether the rules found a relation there) plus a
bias, and the attribution pass keeps a candidate whose score reaches the threshold.

The weights are plain data (``attribution_cue_weights.txt``: ``feature<TAB>weight``
lines, ``@bias``, ``@threshold`` and ``@candidate<TAB>word`` lines), rebuilt from
PolNeAR train by ``benchmarks/build_cue_weights.py``: a dict lookup and a sum at run
time, no pickle and no scikit-learn.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sourcecheck.features import lexicon
from sourcecheck.features.document import Document, Span

WEIGHTS = "attribution_cue_weights"
_PRONOUNS = frozenset(["he", "she", "they", "we", "i", "you", "it", "who"])
_DETERMINERS = frozenset(["the", "a", "an", "his", "her", "their", "its", "our", "my", "this"])
_NEGATIONS = frozenset(["not", "n't", "n’t", "never", "no"])
_QUOTES = frozenset("\"“”'‘’")


@dataclass(frozen=True)
class CueModel:
    """Weights per feature, the bias and the acceptance threshold (log-odds), and the
    candidate words the pass looks for beyond the rules' cues."""

    weights: dict[str, float]
    bias: float
    threshold: float
    candidates: frozenset[str]

    @property
    def pattern(self) -> re.Pattern[str]:
        return _candidate_pattern(tuple(sorted(self.candidates)))


@lru_cache(maxsize=8)
def _candidate_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Lower-case candidate words as whole words (matched on the lower-cased text)."""
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile(r"\b(?=[a-z])" + lexicon._trie_pattern(words) + r"\b")


def parse_model(content: str) -> CueModel:
    """A CueModel from the weights file's text (blank lines and ``#`` comments skipped)."""
    weights: dict[str, float] = {}
    candidates: set[str] = set()
    bias = threshold = 0.0
    for line in content.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.rstrip("\n").partition("\t")
        if key == "@bias":
            bias = float(value)
        elif key == "@threshold":
            threshold = float(value)
        elif key == "@candidate":
            candidates.add(value)
        else:
            weights[key] = float(value)
    return CueModel(weights, bias, threshold, frozenset(candidates))


@lru_cache(maxsize=8)
def load_model(lexicon_dir: str | None = None) -> CueModel:
    """The shipped cue model, or a user folder's ``attribution_cue_weights.txt``."""
    replacement = Path(lexicon_dir) / f"{WEIGHTS}.txt" if lexicon_dir else None
    if replacement is not None and replacement.is_file():
        return parse_model(replacement.read_text(encoding="utf-8"))
    shipped = resources.files("sourcecheck.features.lexicons").joinpath(f"{WEIGHTS}.txt")
    return parse_model(shipped.read_text(encoding="utf-8"))


def score(model: CueModel, features: list[str]) -> float:
    """The candidate's log-odds of being a cue."""
    weights = model.weights
    return model.bias + sum(weights.get(f, 0.0) for f in features)


def _gap_marks(gap: str) -> str:
    """The punctuation between two words, reduced to a few classes: , : q(uote) ( -."""
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


def features(doc: Document, span: Span, rule: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The features of a cue candidate at ``span``; ``rule`` says what the hand rules made
    of it ("learned" when they did not look at it), ``extra`` adds the caller's context.
    Words come from ``doc.tokens``: a few bisections and slices per candidate."""
    text = doc.text
    tokens = doc.tokens
    word = text[span[0] : span[1]].lower()
    head = word.split()[0] if " " in word else word
    at = bisect_left(tokens, (span[0],))
    after = bisect_left(tokens, (span[1],))
    prev_span = tokens[at - 1] if at > 0 else None
    prev2_span = tokens[at - 2] if at > 1 else None
    next_span = tokens[after] if after < len(tokens) else None
    s_start, s_end = doc.sentences[doc.sentence_index(span[0])] if doc.sentences else (0, 0)
    feats = [f"w={word}", f"s={head[-3:]}", f"r={rule}", f"w={word}|r={rule}"]
    if word[:1] != text[span[0] : span[0] + 1] and span[0] > s_start:
        feats.append("upper")
    if prev_span is not None and prev_span[1] > s_start:
        prev = text[prev_span[0] : prev_span[1]]
        lower = prev.lower()
        gap = _gap_marks(text[prev_span[1] : span[0]])
        feats += [f"p={lower}", f"pg={gap}"]
        if not gap:
            if lower in _PRONOUNS:
                feats.append("p_pron")
            elif lower in _DETERMINERS:
                feats.append("p_det")
            elif prev[:1].isupper():
                feats.append("p_cap")
            prev2 = text[prev2_span[0] : prev2_span[1]].lower() if prev2_span else ""
            if lower in _NEGATIONS or lower.endswith(("n't", "n’t")) or prev2 in _NEGATIONS:
                feats.append("p_neg")
            feats.append(f"p2={prev2}")
    else:
        feats.append("first")
    if next_span is not None and next_span[0] < s_end:
        nxt = text[next_span[0] : next_span[1]].lower()
        gap = _gap_marks(text[span[1] : next_span[0]])
        feats += [f"n={nxt}", f"ng={gap}", f"w={word}|n={nxt}"]
        if nxt[:1].isdigit():
            feats.append("n_num")
        elif text[next_span[0]].isupper():
            feats.append("n_cap")
        if after + 2 >= len(tokens) or tokens[after + 2][0] >= s_end:
            feats.append("near_end")
    else:
        feats.append("last")
    if doc.in_quote(span[0]):
        feats.append("inq")
    feats.append(f"pos={4 * (span[0] - s_start) // max(1, s_end - s_start)}")
    q = bisect_right(doc.quote_starts, s_end) - 1
    if q >= 0 and doc.quotes[q][1] > s_start:
        feats.append("q_sent")
    feats += extra
    # the same context means different things for different words ("said that", "so that")
    feats += [f"w={word}|{f}" for f in feats[4:] if not f.startswith(("p=", "n=", "p2="))]
    return feats


def candidate_spans(doc: Document, model: CueModel, taken: list[Span]) -> list[Span]:
    """Candidate words of ``model`` that overlap no span of ``taken`` (sorted)."""
    lower = doc.lowered
    if len(lower) != len(doc.text) or not model.candidates:
        return []
    found = []
    for m in model.pattern.finditer(lower):
        i = bisect_right(taken, (m.start(), m.end())) - 1
        if i >= 0 and taken[i][1] > m.start():
            continue
        if i + 1 < len(taken) and taken[i + 1][0] < m.end():
            continue
        found.append(m.span())
    return found

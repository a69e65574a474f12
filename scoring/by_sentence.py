"""An article sentence by sentence, each with the evidence that starts in it: what
``sourcecheck score --explain`` prints under its table and ``Scored.sentences()`` returns."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sourcecheck.features.document import Document, Span
from sourcecheck.scoring.html_report import (
    LAYERS,
    relation_summary,
    snippet,
    unattributed_claim_gloss,
)

# Markers counted per sentence rather than listed one by one: a sentence may hold many.
_COUNTED = {
    "quote": LAYERS["quote"].label,
    "date": LAYERS["date"].label,
    "number": LAYERS["number"].label,
    "link": LAYERS["link"].label,
    "entity": LAYERS["entity"].label,
    "provenance": LAYERS["provenance"].label,
}
_CUE_CHARS = 30
_VOICES = [
    ("authorial", "hedge"),
    ("authorial", "booster"),
    ("attributed", "hedge"),
    ("attributed", "booster"),
]


def evidence_by_sentence(
    text: str, evidence: Iterable[dict[str, Any]]
) -> list[tuple[Span, list[dict[str, Any]]]]:
    """Each sentence of ``text`` with the evidence items that start in it, in text order
    (an item between two sentences goes with the one before)."""
    document = Document(text)
    grouped: list[tuple[Span, list[dict[str, Any]]]] = [(span, []) for span in document.sentences]
    if not grouped:
        return grouped
    for item in evidence:
        if isinstance(item.get("start"), int):
            grouped[document.sentence_index(item["start"])][1].append(item)
    return grouped


def kind_of(item: dict[str, Any]) -> str:
    """The item's kind, a hedge's or booster's scope added (``hedge:authorial``)."""
    return item["kind"] + (f":{item['scope']}" if item.get("scope") else "")


def notes(items: Iterable[dict[str, Any]], text: str) -> list[tuple[str, str]]:
    """What a sentence's evidence says, in words, one line per kind of note: ``claim`` (an
    unattributed claim), ``attribution`` (one line per relation, and corroboration),
    ``authorial`` or ``attributed`` (the hedges, then the boosters, in that voice) and
    ``marker`` (dates, numbers, entities... counted)."""
    items = list(items)
    found: list[tuple[str, str]] = []
    cues: dict[tuple[str, str], list[str]] = {}
    counted: Counter[str] = Counter()
    # A vague source ("experts say", an unnamed "the mayor") leaves a claim unattributed:
    # said so, or the note reads as if it overlooked the attribution printed below it.
    vague = any(i["kind"] == "attribution" and i.get("source_type") == "vague" for i in items)
    for item in items:
        kind = item["kind"]
        if kind == "unattributed_claim":  # first: what the sentence lacks
            gloss = unattributed_claim_gloss(vague=vague)
            found.insert(0, ("claim", f"unattributed claim: {gloss}"))
        elif kind == "attribution":
            found.append(("attribution", f"attribution, {relation_summary(item, text)}"))
        elif kind == "corroboration":
            if item.get("matches"):
                matches = item["matches"]
                outlets = dict.fromkeys(str(m.get("source") or m.get("id")) for m in matches)
                found.append(("attribution", f"also reported by {', '.join(outlets)}"))
        elif kind in ("hedge", "booster"):
            cue = snippet(text[item["start"] : item["end"]], _CUE_CHARS)
            cues.setdefault((item.get("scope", "authorial"), kind), []).append(f"“{cue}”")
        else:
            counted[_COUNTED.get(kind, kind)] += 1
    for (scope, kind), words in sorted(cues.items(), key=lambda pair: _VOICES.index(pair[0])):
        found.append((scope, f"{scope} {kind}{'s' if len(words) > 1 else ''}: {', '.join(words)}"))
    if counted:
        shown = [label if n == 1 else f"{label} ×{n}" for label, n in sorted(counted.items())]
        found.append(("marker", " · ".join(shown)))
    return found

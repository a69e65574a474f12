"""Hedge cues against the Szeged uncertainty corpus (FactBank news and Wikipedia).

Each gold sentence becomes a Document of its text alone and goes through
:func:`sourcecheck.features.hedging.hedge_cues`; scope does not matter here, every cue
counts. Reported per part: sentence-level uncertain/certain P/R/F1 (positive class =
uncertain) and cue-level P/R/F1 with overlap matching, and a 95% interval for the
sentence F1 from resampling the sentences (1,000 rounds, seed 0).

``speculation_hypo_condition`` cues ("if", "unless", conditional "would") are not hedges
for sourcecheck: they are not gold cues, a sentence whose only cues are conditions is left
out, and a predicted cue that overlaps a condition cue counts neither way.

Run: ``python benchmarks/gold_szeged.py`` (corpus folder: ``$SOURCECHECK_CORPORA``/
szeged_uncertainty, default ../shared/corpora/szeged_uncertainty).
"""

from __future__ import annotations

import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sourcecheck.features.document import Document, Span
from sourcecheck.features.hedging import find_cues
from sourcecheck.scoring.corpora import corpora_root

CONDITION = "speculation_hypo_condition"
PARTS = {"factbank": "factbank_dev.xml", "wiki": "wiki.xml"}


@dataclass(frozen=True, slots=True)
class GoldSentence:
    text: str
    cues: tuple[Span, ...]  # uncertainty cues, condition cues left out
    conditions: tuple[Span, ...]


def corpus_dir() -> Path:
    return corpora_root() / "szeged_uncertainty"


def _walk(element: ET.Element, pieces: list[str], cues: list[tuple[str, Span]]) -> None:
    """Append the element's text to ``pieces``, recording each <ccue>'s offsets."""
    start = sum(map(len, pieces))
    pieces.append(element.text or "")
    for child in element:
        _walk(child, pieces, cues)
        pieces.append(child.tail or "")
    if element.tag == "ccue":
        end = start + len("".join(element.itertext()))
        cues.append((element.get("type", "").strip(), (start, end)))


def parse_sentence(element: ET.Element) -> GoldSentence:
    pieces: list[str] = []
    found: list[tuple[str, Span]] = []
    _walk(element, pieces, found)
    text = "".join(pieces)
    assert text == "".join(element.itertext())
    cues = tuple(span for kind, span in found if not kind.startswith(CONDITION))
    conditions = tuple(span for kind, span in found if kind.startswith(CONDITION))
    return GoldSentence(text, cues, conditions)


def load(part: str, folder: Path | None = None) -> list[GoldSentence]:
    """Gold sentences of one part, minus those whose only cues are conditions."""
    root = ET.parse((folder or corpus_dir()) / PARTS[part]).getroot()
    sentences = [parse_sentence(element) for element in root.iter("Sentence")]
    return [s for s in sentences if s.cues or not s.conditions]


def _overlaps(span: Span, others: Iterable[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict[str, float]:
    """Precision, recall, F1; the true-positive counts may differ under overlap matching."""
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


Detector = Callable[[Document], list[Span]]


def detect(doc: Document) -> list[Span]:
    """Semantic hedge cues: the annotation scheme of the gold (no discourse weasels)."""
    return [(cue.start, cue.end) for cue in find_cues(doc, weasels=False)]


def detect_with_weasels(doc: Document) -> list[Span]:
    """Every cue the article features count, weasel phrases ("some people") included."""
    return [(cue.start, cue.end) for cue in find_cues(doc)]


def evaluate(sentences: list[GoldSentence], detector: Detector = detect) -> dict[str, object]:
    """Sentence- and cue-level scores of ``detector`` on gold sentences, with a 95% interval
    for the sentence F1 from resampling the sentences."""
    flags = []  # (uncertain, flagged) of each sentence
    c_tp_p = c_pred = c_tp_r = c_gold = 0
    for sentence in sentences:
        predicted = [
            span
            for span in detector(Document(sentence.text))
            if not _overlaps(span, sentence.conditions) or _overlaps(span, sentence.cues)
        ]
        flags.append((bool(sentence.cues), bool(predicted)))
        c_pred += len(predicted)
        c_tp_p += sum(_overlaps(span, sentence.cues) for span in predicted)
        c_gold += len(sentence.cues)
        c_tp_r += sum(_overlaps(span, predicted) for span in sentence.cues)
    return {
        "sentences": len(sentences),
        "uncertain": sum(uncertain for uncertain, _ in flags),
        "gold_cues": c_gold,
        "sentence": _sentence_prf(flags),
        "sentence_f1_interval": sentence_f1_interval(flags),
        "cue": prf(c_tp_p, c_pred, c_tp_r, c_gold),
    }


def _sentence_prf(flags: list[tuple[bool, bool]]) -> dict[str, float]:
    tp = sum(uncertain and flagged for uncertain, flagged in flags)
    n_flagged = sum(flagged for _, flagged in flags)
    return prf(tp, n_flagged, tp, sum(uncertain for uncertain, _ in flags))


def sentence_f1_interval(
    flags: list[tuple[bool, bool]], rounds: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of the sentence F1 over ``rounds`` resamples of the
    sentences with replacement: how far another sample like this one (the held-back half of
    FactBank) could move it. Sentences of one document are not independent, so the true
    spread is somewhat wider. A resample is a multinomial draw over the four kinds of
    sentence (uncertain or not, flagged or not): the same as picking sentences one by one."""
    kinds = Counter(flags)
    order = [(True, True), (True, False), (False, True), (False, False)]
    shares = [kinds[kind] / max(1, len(flags)) for kind in order]
    draws = np.random.default_rng(seed).multinomial(len(flags), shares, size=rounds)
    tp, missed, false = draws[:, 0], draws[:, 1], draws[:, 2]
    denominators = 2 * tp + missed + false
    f1s = np.divide(2 * tp, denominators, out=np.zeros(rounds), where=denominators > 0)
    low, high = np.percentile(f1s, [2.5, 97.5])
    return float(low), float(high)


def szeged_scores(folder: Path | None = None) -> dict[str, dict[str, object]]:
    """Scores per part (``factbank``, ``wiki``) of the hedge detector, and of the detector
    with weasel phrases (``factbank+weasels``, ...), which the gold does not annotate."""
    scores = {}
    for part in PARTS:
        sentences = load(part, folder)
        scores[part] = evaluate(sentences, detect)
        scores[f"{part}+weasels"] = evaluate(sentences, detect_with_weasels)
    return scores


def format_table(scores: dict[str, dict[str, object]]) -> str:
    head = f"{'part':<18}{'sents':>7}{'unc':>6}{'cues':>6}  "
    head += "sent P   sent R   sent F1   cue P    cue R    cue F1   sent F1 95% interval"
    lines = [head]
    for part, result in scores.items():
        sent, cue, interval = result["sentence"], result["cue"], result["sentence_f1_interval"]
        assert isinstance(sent, dict) and isinstance(cue, dict) and isinstance(interval, tuple)
        lines.append(
            f"{part:<18}{result['sentences']:>7}{result['uncertain']:>6}{result['gold_cues']:>6}  "
            + "  ".join(f"{m[k]:.3f}  " for m in (sent, cue) for k in ("precision", "recall", "f1"))
            + "  {:.3f} to {:.3f}".format(*interval)
        )
    return "\n".join(lines)


def main() -> int:
    started = time.perf_counter()
    scores = szeged_scores()
    print("Szeged uncertainty corpus: hedge cues (condition cues left out)")
    print(format_table(scores))
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Python API for notebooks and scripts: score texts or a DataFrame, get DataFrames back.

    from sourcecheck.scoring.api import score_texts
    scored = score_texts(["The minister said on Monday ...", "Reports suggest ..."])
    scored.table()          # id, status, error, score, band
    scored.features()       # one row per article, columns family__name
    scored.contributions()  # each feature's signed effect on the calibrated logit
    scored.evidence()       # one row per evidence span
    scored.sentences("0")   # one article sentence by sentence, with its evidence
    scored.html("0")        # the article with its evidence highlighted (HTML)
    score_texts(texts, against="reference/")  # plus corroboration, as --against

Everything goes through the same path as ``sourcecheck score``: the project's loader,
:func:`~sourcecheck.scoring.analysis.analyze` and the model's
:class:`~sourcecheck.scoring.scorer.ModelScorer`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sourcecheck.features.families import feature_names
from sourcecheck.scoring import html_report
from sourcecheck.scoring.analysis import AnalysisOptions, analyze, worker_count
from sourcecheck.scoring.by_sentence import evidence_by_sentence, kind_of, notes
from sourcecheck.scoring.loading import Item, iter_frame_articles
from sourcecheck.scoring.reference_index import ReferenceIndex, index_or_corpus
from sourcecheck.scoring.scorer import ModelScorer, require_reference

TABLE_COLUMNS = ["id", "status", "error", "score", "band"]


@dataclass(frozen=True)
class Scored:
    """The records of scored articles (the JSON records of ``sourcecheck score``), with
    DataFrame views of them."""

    records: list[dict[str, Any]]

    def table(self) -> pd.DataFrame:
        """One row per article: id, status, error, score, band (and title, source, and
        ``warnings``, a list of one-line notes such as a text too short to score reliably,
        when any article has them)."""
        columns = TABLE_COLUMNS + [c for c in ("title", "source", "warnings") if self._any(c)]
        rows = [{c: r.get(c) for c in columns} for r in self.records]
        return pd.DataFrame(rows, columns=columns)  # the columns even with no records

    def features(self) -> pd.DataFrame:
        """The feature frame, indexed by id; NaN where nothing could be measured. The
        corroboration family's columns come last when the articles were scored ``against``
        a reference corpus."""
        rows = [r.get("features") or {} for r in self.records]
        against = any(name.startswith("corroboration__") for row in rows for name in row)
        columns = feature_names(corroboration=against)
        return pd.DataFrame(rows, index=self._ids(), columns=columns, dtype=float)

    def contributions(self) -> pd.DataFrame:
        """Each feature's signed effect on the calibrated logit, indexed by id (needs
        ``explain``); ``intercept + row sum`` is the article's logit."""
        self._need_explain("contributions")
        rows = [
            {c["feature"]: c["effect"] for c in r.get("contributions") or []} for r in self.records
        ]
        frame = pd.DataFrame(rows, index=self._ids(), dtype=float)
        # Columns in the feature frame's order, not in the first record's order of effect.
        rank = {name: i for i, name in enumerate(feature_names(corroboration=True))}
        return frame[sorted(frame.columns, key=lambda name: rank.get(str(name), len(rank)))]

    def evidence(self) -> pd.DataFrame:
        """One row per evidence span: id, kind, start, end, text and the kind's extra keys
        (needs ``explain``)."""
        self._need_explain("evidence")
        rows = [{"id": r["id"], **item} for r in self.records for item in r.get("evidence") or []]
        return pd.DataFrame(rows, columns=None if rows else ["id", "kind", "start", "end", "text"])

    def record(self, ident: object) -> dict[str, Any]:
        """The record of the article with id ``ident`` (KeyError when none has it, or when
        several do: ids need not be unique, and picking the first would be a guess).
        Record ids are text: an id as the frame held it (the integer 1) finds "1"."""
        ident = str(ident)
        found = [record for record in self.records if record["id"] == ident]
        if not found:
            raise KeyError(f"no article with id {ident!r}")
        if len(found) > 1:
            inputs = ", ".join(str(record.get("input")) for record in found)
            raise KeyError(
                f"{len(found)} articles have id {ident!r} ({inputs}): pick one from .records"
            )
        return found[0]

    def sentences(self, ident: object) -> pd.DataFrame:
        """One article sentence by sentence: each sentence, the evidence kinds in it
        (``hedge`` is split into its scope: ``hedge:authorial``, ``hedge:attributed``) and
        ``notes``, what they say in words, as ``sourcecheck score --explain`` prints them."""
        record = self.record(ident)
        text = self._text(record)
        grouped = evidence_by_sentence(text, record.get("evidence") or [])
        return pd.DataFrame(
            {
                "sentence": [text[start:end] for (start, end), _ in grouped],
                "evidence": [", ".join(sorted(map(kind_of, items))) for _, items in grouped],
                "notes": ["; ".join(n for _, n in notes(items, text)) for _, items in grouped],
            },
            columns=["sentence", "evidence", "notes"],
        )

    def html(self, ident: object) -> str:
        """The article's section of the HTML report: score, reasons, contributions and the
        text with its evidence highlighted (for ``IPython.display.HTML``)."""
        record = self.record(ident)
        if record.get("status") == "ok":
            self._text(record)  # not a page that says "no text to show" in CLI terms
        section = html_report.article_section(record, "article", open_text=True)
        return f"<style>{html_report.STYLE}</style>{html_report.legend()}{section}"

    def _ids(self) -> pd.Index:
        return pd.Index([str(r["id"]) for r in self.records], name="id")

    @staticmethod
    def _text(record: dict[str, Any]) -> str:
        text = record.get("text")
        if not isinstance(text, str) and record.get("status") == "error":
            # Not "score with explain=True": it was; the article itself could not be read.
            raise ValueError(f"{record['id']}: not scored, so no text: {record.get('error')}")
        if not isinstance(text, str):
            raise ValueError(f"{record['id']}: the record carries no text; score with explain=True")
        return text

    def _need_explain(self, key: str) -> None:
        """Without ``explain`` the records carry no ``key``: say so, not an empty frame."""
        scored = [r for r in self.records if r.get("status") == "ok"]
        if scored and not any(key in r for r in scored):
            raise ValueError(f"the records carry no {key}: score with explain=True")

    def _any(self, column: str) -> bool:
        return any(r.get(column) for r in self.records)


def score_frame(
    frame: pd.DataFrame,
    *,
    explain: bool = True,
    model: str | None = None,
    jobs: int = 1,
    lexicon_dir: str | None = None,
    against: str | os.PathLike[str] | ReferenceIndex | None = None,
) -> Scored:
    """Score a DataFrame with a ``text`` column (``id``, ``title``, ``source``, ``url``,
    ``label`` optional). Without an ``id`` column the frame's index gives the ids, as
    positions do for :func:`score_texts`. ``explain`` adds contributions, reasons,
    evidence and the text. ``jobs`` worker processes; 0 or -1 means one per core, as
    ``--jobs 0`` does. ``against``, as ``--against``: a reference corpus (an index folder
    or an opened index, or any corpus path, indexed for this call) whose corroboration
    features and evidence are added."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"score_frame takes a pandas DataFrame with a 'text' column, not "
            f"{type(frame).__name__}; for a list of strings use score_texts"
        )
    if "id" not in frame.columns and "text" in frame.columns:
        # Not without a text column: the loader's error lists the user's own columns.
        frame = frame.assign(id=[str(label) for label in frame.index])
    return _score(iter_frame_articles(frame), explain, model, jobs, lexicon_dir, against)


def _score(
    articles: Iterable[Item],
    explain: bool,
    model: str | None,
    jobs: int,
    lexicon_dir: str | None,
    against: str | os.PathLike[str] | ReferenceIndex | None,
) -> Scored:
    require_reference(model, against is not None, "give against=INDEX (a reference corpus)")
    scorer = ModelScorer(model_path=model, explain=explain)
    # Held until every record is made: a corpus's temporary index is removed when collected.
    index = None if against is None else index_or_corpus(against)
    options = AnalysisOptions(
        evidence=explain,
        lexicon_dir=lexicon_dir,
        with_article=explain,
        against=None if index is None else str(index.folder),
    )
    records = analyze(articles, options, jobs=worker_count(jobs), hook=scorer)
    return Scored(list(records))


def _instead_of_texts(texts: object) -> str | None:
    """Why ``texts`` is not the list of strings :func:`score_texts` takes, with the call
    to make instead ("" when there is none to suggest), or None when it is one: a dict
    would be scored as its keys, bytes as one number per byte, a frame as its column
    names, and None would fail as "'NoneType' object is not iterable"."""
    if isinstance(texts, pd.DataFrame):
        return "; for a DataFrame use score_frame"
    if isinstance(texts, Mapping):
        return "; for texts by id use score_texts(list(texts.values()), ids=list(texts))"
    if isinstance(texts, bytes | bytearray | memoryview):
        return "; decode bytes first: score_texts(data.decode())"
    return None if isinstance(texts, Iterable) else ""


def score_texts(
    texts: Iterable[str],
    ids: Sequence[str | float | None] | None = None,
    *,
    explain: bool = True,
    model: str | None = None,
    jobs: int = 1,
    lexicon_dir: str | None = None,
    against: str | os.PathLike[str] | ReferenceIndex | None = None,
) -> Scored:
    """Score plain texts; ids default to their positions ("0", "1", ...), and a text's
    error names its position the same way ("text 1: empty text", input ``<texts>:1``).
    Ids are read as a frame's: 1.0 is "1", a missing one (None, NaN) the text's position,
    and a boolean that text's error.

    A lone string is one text, not a sequence of one-character texts. ``explain`` adds
    contributions, reasons, evidence and the text; ``model`` a skops file from
    ``sourcecheck train`` (default: the shipped model); ``jobs`` worker processes (0 or -1:
    one per core); ``lexicon_dir`` a folder of lexicon files, as ``--lexicon-dir``;
    ``against`` a reference corpus, as for :func:`score_frame`.
    """
    if (use := _instead_of_texts(texts)) is not None:
        raise TypeError(
            f"score_texts takes a list of strings (the article texts), not "
            f"{type(texts).__name__}{use}"
        )
    texts = [texts] if isinstance(texts, str) else list(texts)
    positions = [str(i) for i in range(len(texts))]
    given = pd.Series(positions if ids is None else list(ids), dtype=object)
    if len(given) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(given)} ids: give one id per text")
    # Ids as a frame's: 1.0 is "1", a boolean the text's error; a missing one its position.
    frame = pd.DataFrame({"id": given.where(given.notna(), positions), "text": texts})
    # Numbered from 0 like the default ids: "text 1" is the text whose id is "1".
    articles = iter_frame_articles(frame, name="<texts>", first_row=0, unit="text")
    return _score(articles, explain, model, jobs, lexicon_dir, against)

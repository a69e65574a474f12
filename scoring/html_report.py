"""An HTML report people can read: one self-contained file, no network needed to view it.

Per article: the score and band, the top reasons in words, and the text with its evidence
highlighted (hover a highlight for its details). For a corpus: a sortable table, the score
distribution and a per-source summary. Article text is data, never markup: every piece of
text and every field is escaped, and a Content-Security-Policy lets only the report's own
script run.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import math
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import PurePath
from typing import IO, Any

from sourcecheck.scoring.reasons import describe

BANDS = ("low", "medium", "high")
HISTOGRAM_BINS = 10
# Sections of many articles start folded, so a big corpus report opens quickly.
OPEN_TEXT_UP_TO = 20
SNIPPET_CHARS = 90
_ROW_SUFFIX = re.compile(r":\d+$")


def unattributed_claim_gloss(*, vague: bool = True) -> str:
    """What an ``unattributed_claim`` is, for a reader: not "a checkable fact" (an opinion
    is one; an unsourced figure is not, as its figure can be checked). ``vague``: a vague
    source ("experts say") may be in it, which does not count as one."""
    source = "no source that can be identified" if vague else "no source"
    return (
        f"an assertion with {source} and nothing specific to check it by (no date, number or link)"
    )


@dataclass(frozen=True, slots=True)
class Layer:
    """One kind of highlight: its CSS class, legend label and hint, and how deep it nests."""

    css: str
    label: str
    depth: int  # outer layers (sentences) first, word-level marks innermost
    hint: str


LAYERS = {
    layer.css: layer
    for layer in (
        Layer(
            "claim",
            "unattributed claim",
            0,
            f"a sentence that is {unattributed_claim_gloss()} (a vague source, “experts "
            "say”, does not count)",
        ),
        Layer(
            "corroborated",
            "corroborated claim",
            0,
            "a claim that independent outlets also report (with --against)",
        ),
        Layer("content", "attributed content", 1, "what a source is reported to have said"),
        Layer("quote", "direct quotation", 2, "words in quotation marks"),
        Layer(
            "source",
            "attribution source",
            3,
            "who said it: named, vague ('experts'), pronoun, document or anonymous",
        ),
        Layer(
            "cue",
            "reporting cue (said)",
            3,
            "the verb or phrase that attributes: said, according to, told",
        ),
        Layer("date", "date", 4, "a calendar or relative date"),
        Layer("number", "number", 4, "a figure that can be checked"),
        Layer("link", "link", 4, "a URL"),
        Layer("entity", "named entity", 4, "a named person, organisation or place"),
        Layer(
            "provenance",
            "dateline or credit",
            4,
            "where and by whom it was reported (of the kinds 'WASHINGTON (AP) —', 'contributed to "
            "this report')",
        ),
        Layer(
            "hedge-authorial",
            "hedge, authorial",
            5,
            "vagueness in the writer's own "
            "voice ('reportedly', 'it is believed'): the signal of weak sourcing",
        ),
        Layer(
            "hedge-attributed",
            "hedge, attributed",
            5,
            "uncertainty in a source's words "
            "('officials said the toll may rise'): calibrated, good practice",
        ),
        Layer(
            "booster",
            "booster",
            5,
            "insistence in the writer's own voice ('clearly', 'in fact', 'just'): opinion, "
            "not sourcing",
        ),
        Layer("other", "other evidence", 5, "evidence of another kind"),
    )
}


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlight over ``text[start:end]`` with its hover details."""

    start: int
    end: int
    css: str
    tip: str

    def order(self) -> tuple[int, int, int]:
        """Nesting order: outer layers first, then earlier and longer spans."""
        return (LAYERS[self.css].depth, self.start, -self.end)


# --- evidence -> marks -------------------------------------------------------------------


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def span_text(text: str, span: Sequence[int] | None) -> str | None:
    """The text under a ``[start, end]`` pair, or None when there is no span."""
    if not span or len(span) != 2:
        return None
    return text[span[0] : span[1]]


def relation_summary(relation: dict[str, Any], text: str) -> str:
    """Who said it and with which verb, e.g. ``source: “NATO” (named) · cue: “said”``."""
    source = span_text(text, relation.get("source"))
    cue = span_text(text, relation.get("cue"))
    said_by = f"“{snippet(source)}”" if source else "none named"
    parts = [f"source: {said_by} ({relation.get('source_type', 'unknown')})"]
    if cue:
        parts.append(f"cue: “{snippet(cue)}”")
    return " · ".join(parts)


def attribution_marks(relation: dict[str, Any], text: str) -> list[Mark]:
    """Source, cue and content of one attribution relation, each its own highlight."""
    summary = relation_summary(relation, text)
    roles = (
        ("content", "attributed content"),
        ("source", "attribution source"),
        ("cue", "reporting cue"),
    )
    return [
        Mark(span[0], span[1], css, f"{label} — {summary}")
        for css, label in roles
        if (span := relation.get(css)) and len(span) == 2
    ]


def quote_tip(quote: dict[str, Any], relations: list[dict[str, Any]], text: str) -> str:
    index = quote.get("attribution")
    if isinstance(index, int) and 0 <= index < len(relations):
        return f"direct quotation — {relation_summary(relations[index], text)}"
    return "direct quotation — no speaker found"


def corroboration_tip(claim: dict[str, Any]) -> str:
    matches = claim.get("matches") or []
    outlets = [
        f"{match.get('source') or match.get('id')} ({float(match.get('similarity', 0)):.2f})"
        for match in matches
    ]
    return "corroborated claim — also reported by: " + ", ".join(outlets)


def simple_mark(item: dict[str, Any]) -> Mark:
    """The mark of a kind that highlights its whole span with one class."""
    kind = item["kind"]
    start, end = item["start"], item["end"]
    if kind == "hedge":
        scope = item.get("scope", "authorial")
        voice = "the writer's own voice" if scope == "authorial" else "in reported speech"
        weasel = " · weasel phrase" if item.get("weasel") else ""
        css = "hedge-attributed" if scope == "attributed" else "hedge-authorial"
        return Mark(start, end, css, f"hedge — {scope}: {voice}{weasel}")
    if kind == "date":
        return Mark(start, end, "date", "date" + (" (relative)" if item.get("relative") else ""))
    if kind == "entity":
        return Mark(start, end, "entity", f"named entity — {item.get('type', 'unknown type')}")
    if kind == "unattributed_claim":
        return Mark(start, end, "claim", f"unattributed claim — {unattributed_claim_gloss()}")
    if kind == "booster":
        scope = item.get("scope", "authorial")
        voice = "the writer insists" if scope == "authorial" else "in reported speech"
        return Mark(start, end, "booster", f"booster — {scope}: {voice}")
    if kind in ("number", "link"):
        return Mark(start, end, kind, kind)
    if kind == "provenance":
        return Mark(start, end, kind, "dateline or credit: where and by whom it was reported")
    return Mark(start, end, "other", str(kind))


def evidence_marks(evidence: Iterable[dict[str, Any]], text: str) -> list[Mark]:
    """Every evidence item as one or more marks, clipped to the text; bad spans dropped."""
    items = [item for item in evidence if _has_span(item)]
    relations = [item for item in items if item["kind"] == "attribution"]
    marks: list[Mark] = []
    for item in items:
        if item["kind"] == "attribution":
            marks += attribution_marks(item, text)
        elif item["kind"] == "quote":
            marks.append(
                Mark(item["start"], item["end"], "quote", quote_tip(item, relations, text))
            )
        elif item["kind"] == "corroboration":
            # Every claim sentence gets a record; only those with matches are corroborated.
            if item.get("matches"):
                marks.append(
                    Mark(item["start"], item["end"], "corroborated", corroboration_tip(item))
                )
        else:
            marks.append(simple_mark(item))
    return [clipped for mark in marks if (clipped := _clip(mark, len(text))) is not None]


def _has_span(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("start"), int)
        and isinstance(item.get("end"), int)
    )


def _clip(mark: Mark, length: int) -> Mark | None:
    start, end = max(0, mark.start), min(length, mark.end)
    if start >= end:
        return None
    return Mark(start, end, mark.css, mark.tip)


# --- marks -> nested, non-overlapping HTML ---------------------------------------------


def segments(length: int, marks: Sequence[Mark]) -> Iterator[tuple[int, int, list[int]]]:
    """``(start, end, active)`` pieces between consecutive span boundaries.

    ``active`` lists the indices of the marks covering the piece, in nesting order. A sweep
    over the boundaries keeps this linear in the marks, even for a very long article.
    """
    opening: dict[int, list[int]] = defaultdict(list)
    closing: dict[int, list[int]] = defaultdict(list)
    for i, mark in enumerate(marks):
        opening[mark.start].append(i)
        closing[mark.end].append(i)
    boundaries = sorted({0, length, *opening, *closing})
    active: set[int] = set()
    for start, end in itertools.pairwise(boundaries):
        active.difference_update(closing.get(start, ()))
        active.update(opening.get(start, ()))
        yield start, end, sorted(active, key=lambda i: (marks[i].order(), i))


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def highlighted(text: str, marks: Sequence[Mark]) -> str:
    """``text`` escaped, with each mark as a ``<span>``; overlaps are split to nest properly.

    Spans stay open across pieces while they are still active, so a hedge inside a quote
    inside attributed content is three nested elements. Each span's title lists the
    details of every mark around it, so hovering the innermost one shows them all.
    """
    out: list[str] = []
    stack: list[int] = []
    for start, end, active in segments(len(text), marks):
        keep = common_prefix(stack, active)
        out.append("</span>" * (len(stack) - keep))
        for depth in range(keep, len(active)):
            mark = marks[active[depth]]
            tip = "\n".join(marks[i].tip for i in active[: depth + 1])
            out.append(f'<span class="ev {mark.css}" title="{escape(tip)}">')
        stack = active
        out.append(escape(text[start:end]))
    out.append("</span>" * len(stack))
    return "".join(out)


# --- small pieces of HTML ---------------------------------------------------------------


def fmt_score(score: float | None) -> str:
    return "—" if score is None else f"{score:.2f}"


def source_of(record: dict[str, Any]) -> str:
    """The record's ``source``, else the file of a row (``path:N``), else the file's folder."""
    if record.get("source"):
        return str(record["source"])
    where = str(record.get("input") or record.get("id") or "")
    if _ROW_SUFFIX.search(where):
        return _ROW_SUFFIX.sub("", where)
    return str(PurePath(where).parent)


def band_class(band: str | None) -> str:
    """A CSS class for ``band``: only the known bands, never the field's own text."""
    return band if band in BANDS else "error"


def band_badge(band: str | None, score: float | None) -> str:
    label = escape(f"{fmt_score(score)} {band or 'error'}")
    return f'<span class="badge {band_class(band)}">{label}</span>'


def score_meter(score: float) -> str:
    pct = max(0.0, min(1.0, score)) * 100
    return (
        f'<span class="meter" role="img" aria-label="score {score:.2f} of 1">'
        f'<span style="width:{pct:.1f}%"></span></span>'
    )


def reason_items(reasons: Iterable[str]) -> str:
    items = []
    for reason in reasons:
        raises = "raises the score" in reason
        arrow = "▲" if raises else "▼"
        items.append(
            f'<li class="{"up" if raises else "down"}"><span class="arrow">{arrow}</span>'
            f"{escape(reason)}</li>"
        )
    return f'<ul class="reasons">{"".join(items)}</ul>' if items else ""


def evidence_counts(evidence: Iterable[dict[str, Any]]) -> Counter[str]:
    """How many of each highlight class an article has (attributions count once)."""
    counts: Counter[str] = Counter()
    for item in evidence:
        if not isinstance(item, dict):
            continue
        kind = item.get("kind")
        if kind == "hedge":
            counts[
                "hedge-attributed" if item.get("scope") == "attributed" else "hedge-authorial"
            ] += 1
        elif kind == "booster":
            counts["booster"] += item.get("scope", "authorial") == "authorial"
        elif kind == "attribution":
            counts["attribution"] += 1
            counts[f"source-{item.get('source_type', 'unknown')}"] += 1
        elif kind == "corroboration":
            counts["corroboration"] += bool(item.get("matches"))
        else:
            counts[str(kind)] += 1
    return counts


def count_chips(counts: Counter[str]) -> str:
    named = ", ".join(
        f"{counts[key]} {key.removeprefix('source-')}"
        for key in sorted(counts)
        if key.startswith("source-")
    )
    chips = [
        ("hedge-authorial", "authorial hedges"),
        ("hedge-attributed", "attributed hedges"),
        ("booster", "authorial boosters"),
        ("attribution", "attributions" + (f" ({named})" if named else "")),
        ("quote", "quoted passages"),  # scare quotes too: no direct quotation rate
        ("date", "dates"),
        ("number", "numbers"),
        ("link", "links"),
        ("provenance", "datelines or credits"),
        ("entity", "named entities"),
        ("unattributed_claim", "unattributed claims"),
        ("corroboration", "corroborated claims"),
    ]
    return "".join(
        f'<span class="chip"><b>{counts[key]}</b> {escape(label)}</span>'
        for key, label in chips
        if counts[key]
    )


def contributions_table(contributions: Sequence[dict[str, Any]]) -> str:
    """Every feature's value and signed effect on the score, with a diverging bar."""
    if not contributions:
        return ""
    largest = max(abs(float(item.get("effect") or 0)) for item in contributions) or 1.0
    rows = []
    for item in contributions:
        effect = float(item.get("effect") or 0)
        value = item.get("value")
        width = abs(effect) / largest * 50
        side = "up" if effect > 0 else "down"
        left = 50 if effect > 0 else 50 - width
        feature = str(item.get("feature"))
        rows.append(
            f"<tr><td>{escape(describe(feature, value))}"
            f'<div class="feature">{escape(feature)}</div></td>'
            f'<td class="num">{"n/a" if value is None else escape(f"{value:.3g}")}</td>'
            f'<td class="num">{effect:+.3f}</td>'
            f'<td class="effect"><span class="bar {side}" '
            f'style="left:{left:.1f}%;width:{width:.1f}%"></span></td></tr>'
        )
    return (
        '<details class="contributions"><summary>All feature contributions</summary>'
        "<table><thead><tr><th>measurement (feature)</th><th>value</th><th>effect (log-odds)</th>"
        f"<th>lowers · raises</th></tr></thead><tbody>{''.join(rows)}</tbody></table></details>"
    )


# --- one article ---------------------------------------------------------------------------


def article_section(record: dict[str, Any], anchor: str, open_text: bool) -> str:
    """The section of one scored article: header, reasons, counts, highlighted text."""
    evidence = record.get("evidence") or []
    return (
        f'<section class="article" id="{anchor}">{article_header(record)}'
        f"{reason_items(record.get('reasons') or [])}"
        f'<div class="chips">{count_chips(evidence_counts(evidence))}</div>'
        f"{contributions_table(record.get('contributions') or [])}"
        f"{article_text(record, evidence, open_text)}</section>"
    )


def article_header(record: dict[str, Any]) -> str:
    """Title (or id), score badge and meter, where the article came from, its warnings."""
    score = record.get("score")
    meter = score_meter(score) if score is not None else ""
    meta = [f"id {record.get('id')}", f"input {record.get('input')}"]
    if record.get("source"):
        meta.append(f"source {record['source']}")
    warnings = "".join(
        f'<p class="warning">⚠ {escape(str(w))}</p>' for w in record.get("warnings") or []
    )
    return (
        f"<header><h2>{escape(str(record.get('title') or record.get('id')))}</h2>"
        f"{band_badge(record.get('band'), score)}{meter}</header>"
        f'<p class="meta">{escape(" · ".join(meta))}</p>{warnings}'
    )


def article_text(record: dict[str, Any], evidence: list[dict[str, Any]], open_text: bool) -> str:
    text = record.get("text")
    if not isinstance(text, str):
        return (
            '<p class="note">This record carries no article text, so its evidence cannot be '
            "shown in place (sourcecheck score --format html adds it).</p>"
        )
    body = highlighted(text, evidence_marks(evidence, text))
    return (
        f'<details class="text"{" open" if open_text else ""}>'
        "<summary>Article text with its evidence (hover a highlight for details)</summary>"
        f'<div class="article-text">{body}</div></details>'
    )


def legend() -> str:
    """Each highlight drawn as it appears in the text; a click hides or shows that layer."""
    buttons = "".join(
        f'<button type="button" class="layer" data-layer="{layer.css}" aria-pressed="true" '
        f'title="{escape(layer.hint)} (click to hide or show)">'
        f'<span class="{layer.css}">{escape(layer.label)}</span></button>'
        for layer in LAYERS.values()
        if layer.css != "other"
    )
    return (
        '<nav class="legend" aria-label="Highlight legend">'
        f'<span class="legend-title">Highlights</span>{buttons}'
        '<div id="inspector" role="status">Hover a highlight to see its details.</div></nav>'
    )


# --- the corpus overview -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """What the overview keeps of each record: one line of the articles table."""

    anchor: str | None
    id: str
    source: str
    score: float | None
    band: str | None
    error: str | None
    counts: Counter[str]
    reason: str


def score_bins(rows: Sequence[Row], bins: int) -> list[Counter[str]]:
    """Per bin of equal width from 0 to 1, how many scores fell there, by band."""
    counts = [Counter[str]() for _ in range(bins)]
    for row in rows:
        if row.score is not None and not math.isnan(row.score):
            counts[min(bins - 1, max(0, int(row.score * bins)))][band_class(row.band)] += 1
    return counts


def histogram_svg(rows: Sequence[Row], bins: int = HISTOGRAM_BINS) -> str:
    """The score distribution as an SVG bar chart, each bar stacked by band."""
    counts = score_bins(rows, bins)
    tallest = max(sum(c.values()) for c in counts) or 1
    width, height, pad, foot = 400, 200, 22, 22
    bar_w = (width - 2 * pad) / bins
    base = height - foot
    scale = (base - pad) / tallest
    parts = [
        f'<svg class="histogram" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Distribution of {sum(sum(c.values()) for c in counts)} scores">'
    ]
    for i, bin_counts in enumerate(counts):
        x = pad + i * bar_w
        label = f"{i / bins:.1f}–{(i + 1) / bins:.1f}"
        top = float(base)
        for band in BANDS:
            if n := bin_counts[band]:
                top -= n * scale
                parts.append(
                    f'<rect class="bar-{band}" x="{x + 2:.1f}" y="{top:.1f}" '
                    f'width="{bar_w - 4:.1f}" height="{n * scale:.1f}">'
                    f"<title>{label}: {n} {band}</title></rect>"
                )
        if total := sum(bin_counts.values()):
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top - 5:.1f}" class="count">{total}</text>'
            )
    parts.append(f'<line x1="{pad}" y1="{base}" x2="{width - pad}" y2="{base}" class="axis"/>')
    parts += [
        f'<text x="{pad + i * bar_w:.1f}" y="{base + 17}" class="tick">{i / bins:.1f}</text>'
        for i in range(bins + 1)
    ]
    parts.append("</svg>")
    return "".join(parts)


def sortable_table(head: Sequence[tuple[str, str]], body: Iterable[str], css: str) -> str:
    """A table whose headers sort it on click; ``head`` pairs a label with text|number."""
    ths = "".join(
        f'<th data-type="{kind}" aria-sort="none" tabindex="0">{escape(label)}</th>'
        for label, kind in head
    )
    return (
        f'<div class="scroll"><table class="sortable {css}"><thead><tr>{ths}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def breakable(path: str) -> str:
    """``path`` escaped, allowed to wrap after each slash."""
    return escape(path).replace("/", "/<wbr>")


def number_cell(value: float | None, shown: str) -> str:
    data = "" if value is None else f"{value:.6g}"
    return f'<td class="num" data-value="{data}">{escape(shown)}</td>'


def articles_table(rows: Sequence[Row]) -> str:
    head = [
        ("#", "number"),
        ("article", "text"),
        ("source", "text"),
        ("score", "number"),
        ("band", "text"),
        ("authorial hedges", "number"),
        ("attributions", "number"),
        ("quoted passages", "number"),
        ("unsourced claims", "number"),
        ("top reason", "text"),
    ]
    body = []
    for i, row in enumerate(rows, 1):
        name = breakable(row.id)
        link = f'<a href="#{row.anchor}">{name}</a>' if row.anchor else name
        keys = ("hedge-authorial", "attribution", "quote", "unattributed_claim")
        # An article that could not be scored was not measured: no counts, not zeros.
        counts = "".join(
            number_cell(None, "—") if row.error else number_cell(row.counts[k], str(row.counts[k]))
            for k in keys
        )
        body.append(
            f"<tr>{number_cell(i, str(i))}<td>{link}</td><td>{breakable(row.source)}</td>"
            f"{number_cell(row.score, fmt_score(row.score))}"
            f'<td><span class="badge {band_class(row.band)}">{escape(row.band or "error")}'
            f"</span></td>{counts}<td>{escape(row.error or row.reason)}</td></tr>"
        )
    return sortable_table(head, body, "articles")


def sources_table(rows: Sequence[Row]) -> str:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row.source].append(row)
    head = [("source (or file/folder)", "text"), ("articles", "number"), ("mean score", "number")]
    head += [(band, "number") for band in BANDS] + [("errors", "number")]
    body = []
    for source, members in sorted(groups.items()):
        scores = [row.score for row in members if row.score is not None]
        mean = sum(scores) / len(scores) if scores else None
        bands = Counter(row.band for row in members)
        meter = score_meter(mean) if mean is not None else ""
        errors = sum(row.error is not None for row in members)
        body.append(
            f"<tr><td>{breakable(source)}</td>{number_cell(len(members), str(len(members)))}"
            f'<td class="num" data-value="{"" if mean is None else f"{mean:.6g}"}">'
            f"{fmt_score(mean)} {meter}</td>"
            f"{''.join(number_cell(bands[band], str(bands[band])) for band in BANDS)}"
            f"{number_cell(errors, str(errors))}</tr>"
        )
    return sortable_table(head, body, "sources")


def overview(rows: Sequence[Row]) -> str:
    scores = [row.score for row in rows if row.score is not None]
    bands = Counter(row.band for row in rows if row.score is not None)
    errors = [row for row in rows if row.error is not None]
    mean = f"{sum(scores) / len(scores):.2f}" if scores else "—"
    stats = (
        f'<p class="stats"><b>{len(rows)}</b> articles · <b>{len(scores)}</b> scored · '
        f"<b>{len(errors)}</b> errors · mean score <b>{mean}</b> · "
        + " · ".join(
            f'<span class="badge {b}{"" if bands[b] else " zero"}">{bands[b]} {b}</span>'
            for b in BANDS
        )
        + "</p>"
    )
    return (
        f'<section class="overview"><h2>Overview</h2>{stats}'
        '<div class="two"><figure><figcaption>Score distribution</figcaption>'
        f"{histogram_svg(rows)}</figure>"
        f"<div><h3>By source</h3>{sources_table(rows)}</div></div>"
        f"<h3>Articles</h3>{articles_table(rows)}{errors_list(errors)}</section>"
    )


def errors_list(errors: Sequence[Row]) -> str:
    if not errors:
        return ""
    items = "".join(
        f"<li><b>{escape(row.id)}</b> — {escape(row.error or '')}</li>" for row in errors
    )
    return f'<h3 id="errors">Not scored</h3><ul class="errors">{items}</ul>'


# --- the page ------------------------------------------------------------------------------

STYLE = """
:root{--ink:#1f2328;--muted:#5b636e;--line:#d8dde3;--paper:#fff;--bg:#f4f6f8;
--high:#1a7f37;--medium:#b0590a;--low:#c4302b;--error:#6e7781}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:0 20px 80px}
h1{font-size:26px;margin:28px 0 4px}h2{font-size:20px;margin:0}h3{font-size:16px;margin:18px 0 8px}
.subtitle{color:var(--muted);margin:0 0 16px}
section{background:var(--paper);border:1px solid var(--line);border-radius:10px;
padding:18px 22px;margin:18px 0;overflow-wrap:anywhere}
section.article>header{display:flex;flex-wrap:wrap;align-items:center;gap:12px}
section.article>header h2{flex:1 1 300px}
.meta{color:var(--muted);font-size:13px;margin:4px 0 10px}
.warning{color:var(--medium);margin:4px 0}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;color:#fff;font-weight:600;
font-size:13px;background:var(--error);white-space:nowrap}
.badge.high{background:var(--high)}.badge.medium{background:var(--medium)}
.badge.low{background:var(--low)}
.meter{display:inline-block;width:120px;height:8px;border-radius:4px;background:#e5e8ec;
vertical-align:middle;overflow:hidden}
.meter>span{display:block;height:100%;background:linear-gradient(90deg,var(--low),var(--medium),var(--high));
background-size:120px 100%}
ul.reasons{list-style:none;padding:0;margin:8px 0}
ul.reasons li{margin:3px 0}
.arrow{display:inline-block;width:1.4em;font-size:12px}
li.up .arrow{color:var(--high)}li.down .arrow{color:var(--low)}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0}
.chip{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:1px 8px;
font-size:13px}
details>summary{cursor:pointer;color:var(--muted);margin:8px 0}
table{border-collapse:collapse;width:100%;font-size:13.5px;overflow-wrap:break-word}
th,td{padding:5px 7px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.sortable th{cursor:pointer;user-select:none;background:var(--bg);position:sticky;top:0}
table.articles td:last-child{min-width:22ch}
td .meter{width:48px;margin-left:6px}td .meter>span{background-size:48px 100%}
table.sortable th{font-size:12.5px}
table.sortable th::after{content:"\\00a0↕";color:#a0a7b0}
table.sortable th[aria-sort=ascending]::after{content:"\\00a0▲";color:var(--ink)}
table.sortable th[aria-sort=descending]::after{content:"\\00a0▼";color:var(--ink)}
.scroll{max-height:520px;overflow:auto;border:1px solid var(--line);border-radius:6px}
td.effect{position:relative;width:160px;
background:linear-gradient(#c9d1d9,#c9d1d9) center/1px 100% no-repeat}
.feature{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted)}
td.effect .bar{position:absolute;top:9px;height:10px;border-radius:2px}
.bar.up{background:var(--high)}.bar.down{background:var(--low)}
.two{display:grid;grid-template-columns:minmax(240px,360px) minmax(0,1fr);gap:28px;
align-items:start}
@media (max-width:800px){.two{grid-template-columns:1fr}}
figure{margin:0}figcaption{font-weight:600;margin:18px 0 8px}
svg.histogram{width:100%;height:auto;font-size:12px}
.bar-high{fill:var(--high)}.bar-medium{fill:var(--medium)}.bar-low{fill:var(--low)}
svg .axis{stroke:#8c959f}svg .tick,svg .count{text-anchor:middle;fill:var(--muted)}
.stats .badge{margin:0 2px}.badge.zero{opacity:.4}
ul.errors li{margin:4px 0}
.note{color:var(--muted);font-style:italic}
.legend{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.96);
border-bottom:1px solid var(--line);padding:8px 20px;display:flex;flex-wrap:wrap;gap:6px;
align-items:center;backdrop-filter:blur(4px)}
.legend-title{font-weight:600;margin-right:4px}
button.layer{font:inherit;font-size:13px;border:1px solid var(--line);background:#fff;
border-radius:6px;padding:2px 8px;cursor:pointer;line-height:1.9}
button.layer[aria-pressed=false]{opacity:.45;text-decoration:line-through}
#inspector{flex-basis:100%;font-size:13px;color:var(--muted);white-space:pre-line;min-height:1.5em}
.article-text{font:17px/1.85 Georgia,"Times New Roman",serif;white-space:pre-wrap;
overflow-wrap:anywhere;word-break:normal;max-width:78ch;margin:6px 0}
.ev:hover{outline:1px solid rgba(0,0,0,.35);outline-offset:1px}
body:not(.off-claim) .claim{background:#fde4e4}
body:not(.off-corroborated) .corroborated{background:#dcf5e3}
body:not(.off-content) .content{background:#e3eefc}
body:not(.off-quote) .quote{color:#0b6e3a;font-style:italic}
body:not(.off-source) .source{background:#b9d4fb;font-weight:600;border-radius:3px}
body:not(.off-cue) .cue{color:#1746b8;font-weight:700}
body:not(.off-date) .date{box-shadow:inset 0 -.38em 0 #fbd46b}
body:not(.off-number) .number{box-shadow:inset 0 -.38em 0 #9be3d6}
body:not(.off-link) .link{box-shadow:inset 0 -.38em 0 #c6c9ff}
body:not(.off-entity) .entity{box-shadow:inset 0 -2px 0 #9a7fd1}
body:not(.off-hedge-authorial) .hedge-authorial{text-decoration:underline wavy #d1242f;
text-decoration-thickness:1.5px;text-underline-offset:4px}
body:not(.off-hedge-attributed) .hedge-attributed{text-decoration:underline dotted #8250df;
text-decoration-thickness:2.5px;text-underline-offset:4px}
body:not(.off-booster) .booster{text-decoration:underline double #bc4c00;
text-underline-offset:4px}
body:not(.off-provenance) .provenance{box-shadow:inset 0 -.38em 0 #f5b3d6}
body:not(.off-other) .other{outline:1px dashed #8c959f}
a{color:#0b57d0}
@media print{.legend button{border:none}#inspector{display:none}.scroll{max-height:none}}
"""

# Only listeners attached here run: the page has no on* attributes, and the CSP admits
# this script alone (by its hash), so nothing injected into an article could execute.
SCRIPT = """
(function () {
  "use strict";
  function cellKey(row, i, numeric) {
    var cell = row.cells[i];
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
    if (!numeric) { return raw.trim().toLowerCase(); }
    var n = parseFloat(raw);
    return isNaN(n) ? -Infinity : n;
  }
  function sortBy(table, th, i) {
    var numeric = th.getAttribute("data-type") === "number";
    var up = th.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellKey(a, i, numeric), y = cellKey(b, i, numeric);
      var c = numeric ? x - y : String(x).localeCompare(String(y));
      return up ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(th.parentNode.cells, function (h) {
      h.setAttribute("aria-sort", "none");
    });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.addEventListener("click", function () { sortBy(table, th, i); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th, i); }
      });
    });
  });
  document.querySelectorAll("button.layer").forEach(function (button) {
    button.addEventListener("click", function () {
      var off = document.body.classList.toggle("off-" + button.getAttribute("data-layer"));
      button.setAttribute("aria-pressed", off ? "false" : "true");
    });
  });
  var inspector = document.getElementById("inspector");
  function inspect(event) {
    var mark = event.target.closest && event.target.closest(".ev");
    if (mark && inspector) { inspector.textContent = mark.getAttribute("title"); }
  }
  document.addEventListener("mouseover", inspect);
  document.addEventListener("click", inspect);
  document.documentElement.setAttribute("data-ready", "1");
})();
"""


def content_security_policy(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def page_head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(SCRIPT)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="sourcecheck"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>{legend()}<main>"
        f"<h1>{escape(title)}</h1>"
        '<p class="subtitle">How well each article is sourced (0 to 1), why, and where in the '
        "text: the score is the calibrated probability of reliable, attributed reporting.</p>"
    )


def page_foot() -> str:
    return f"</main><script>{SCRIPT}</script></body></html>\n"


class HtmlReport:
    """A RecordWriter that renders score records (with evidence) as one HTML page.

    Sections are rendered as records arrive and spooled to a temporary file, so only one
    line per article stays in memory; the overview, which needs them all, goes first.
    """

    def __init__(self, stream: IO[str], title: str = "sourcecheck report") -> None:
        self.stream = stream
        self.title = title
        self.rows: list[Row] = []
        self.sections = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed in close())
            max_size=8 << 20, mode="w+", encoding="utf-8"
        )

    def write(self, record: dict[str, Any]) -> None:
        index = len(self.rows) + 1
        ok = record.get("status") == "ok"
        anchor = f"article-{index}" if ok else None
        if anchor is not None:
            self.sections.write(article_section(record, anchor, index <= OPEN_TEXT_UP_TO))
        reasons = record.get("reasons") or []
        self.rows.append(
            Row(
                anchor=anchor,
                id=str(record.get("id")),
                source=source_of(record),
                score=record.get("score") if ok else None,
                band=record.get("band") if ok else None,
                error=None if ok else str(record.get("error") or "could not be scored"),
                counts=evidence_counts(record.get("evidence") or []),
                reason=reasons[0] if reasons else "",
            )
        )

    def close(self) -> None:
        self.stream.write(page_head(self.title))
        if len(self.rows) > 1 or any(row.error for row in self.rows):
            self.stream.write(overview(self.rows))
        if not self.rows:
            self.stream.write('<p class="note">No articles were given.</p>')
        self.sections.seek(0)
        while chunk := self.sections.read(1 << 20):
            self.stream.write(chunk)
        self.sections.close()
        self.stream.write(page_foot())
        self.stream.flush()

"""The HTML report: inert article text, correct nesting of overlapping highlights, the
corpus overview, the CLI, and (when Chromium is installed) a real browser rendering it."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcecheck.scoring.cli import app
from sourcecheck.scoring.html_report import (
    LAYERS,
    SCRIPT,
    HtmlReport,
    Mark,
    highlighted,
    simple_mark,
)

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = (
    "The minister said \"<script>alert('x')</script>\" on Friday, March 3, 2024. "
    'Reports suggest "><img src=x onerror=alert(1)> is fine </textarea></div></span> '
    "and <b onmouseover=alert(2)>bold</b> &amp; &lt;entities&gt; stay text."
)
# Tags the report itself uses; anything else would have come from an article.
REPORT_TAGS = {
    "html", "head", "meta", "title", "style", "body", "nav", "span", "button", "div",
    "main", "h1", "h2", "h3", "p", "section", "header", "ul", "li", "b", "details",
    "summary", "table", "thead", "tbody", "tr", "th", "td", "a", "wbr", "figure",
    "figcaption", "svg", "rect", "text", "line", "script",
}  # fmt: skip
VOID_TAGS = {"meta", "wbr", "br", "img", "input", "link", "hr"}


class Page(HTMLParser):
    """The parts of a page the tests look at: elements, scripts, and text per class."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.text = ""
        self.classes_at: list[frozenset[str]] = []  # per character of .article-text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in VOID_TAGS:
            return
        self.stack.append((tag, set((dict(attrs).get("class") or "").split())))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        if any("article-text" in classes for _, classes in self.stack):
            self.text += data
            marks = [classes - {"ev"} for _, classes in self.stack if "ev" in classes]
            self.classes_at += [frozenset().union(*marks)] * len(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def render(records: list[dict]) -> str:
    stream = io.StringIO()
    writer = HtmlReport(stream)
    for record in records:
        writer.write(record)
    writer.close()
    return stream.getvalue()


def scored(text: str, evidence: list[dict], **fields: object) -> dict:
    return {
        "id": "a",
        "input": "a.txt",
        "status": "ok",
        "error": None,
        "score": 0.5,
        "band": "medium",
        "reasons": ["3 hedges per 100 words (lowers the score)"],
        "evidence": evidence,
        "text": text,
        **fields,
    }


def assert_inert(page: Page) -> None:
    assert page.scripts == [SCRIPT], "the report's own script is the only script"
    for tag, attrs in page.tags:
        assert tag in REPORT_TAGS, f"<{tag}> came from an article"
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)


# --- nesting -------------------------------------------------------------------------------


def test_overlapping_spans_nest_and_every_character_keeps_its_classes() -> None:
    text = "Officials said the toll may rise, “it could be much worse”, he added."
    marks = [
        Mark(0, 9, "source", "s"),
        Mark(10, 14, "cue", "c"),
        Mark(15, 57, "content", "content"),
        Mark(34, 58, "quote", "q"),  # crosses the end of the content
        Mark(38, 43, "hedge-attributed", "h"),  # inside quote inside content
        Mark(24, 27, "hedge-authorial", "may"),
        Mark(5, 20, "claim", "crosses source, cue and content"),
    ]
    page = parse(f'<div class="article-text">{highlighted(text, marks)}</div>')
    assert page.text == text
    for i in range(len(text)):
        expected = {m.css for m in marks if m.start <= i < m.end}
        assert page.classes_at[i] == expected, (i, text[i])


def test_hover_title_lists_every_mark_around_the_innermost() -> None:
    html = highlighted(
        "abcdef", [Mark(0, 6, "content", "outer"), Mark(2, 4, "hedge-attributed", "inner")]
    )
    assert 'title="outer&#x0A;inner"' in html.replace("\n", "&#x0A;")


def test_bad_offsets_are_clipped_or_dropped() -> None:
    record = scored(
        "short text",
        [
            {"kind": "hedge", "start": -5, "end": 5, "scope": "authorial"},
            {"kind": "date", "start": 8, "end": 999},
            {"kind": "number", "start": 7, "end": 3},
            {"kind": "entity", "start": "x", "end": None},
        ],
    )
    page = parse(render([record]))
    assert page.text == "short text"
    assert page.classes_at[0] == {"hedge-authorial"} and page.classes_at[9] == {"date"}


def test_boosters_and_provenance_have_layers_of_their_own() -> None:
    text = "LONDON — It is clearly so."
    record = scored(
        text,
        [
            {"kind": "provenance", "start": 0, "end": 8},
            {"kind": "booster", "start": 15, "end": 22, "scope": "authorial"},
        ],
    )
    page = parse(render([record]))
    assert page.classes_at[0] == {"provenance"} and page.classes_at[15] == {"booster"}


def test_an_unattributed_claim_is_described_as_what_it_is() -> None:
    # Described as "a checkable fact with no source": it is an assertion with no source and
    # nothing to check it by (an opinion is one, an unsourced statistic is not).
    tip = simple_mark({"kind": "unattributed_claim", "start": 0, "end": 9}).tip
    for said in (tip, LAYERS["claim"].hint):
        assert "checkable fact" not in said
        assert "no source that can be identified and nothing specific to check it by" in said
        assert "(no date, number or link)" in said


def test_only_claims_with_matches_are_highlighted_as_corroborated() -> None:
    text = "Claim one. Claim two."
    evidence = [
        {"kind": "corroboration", "start": 0, "end": 10, "matches": []},
        {
            "kind": "corroboration",
            "start": 11,
            "end": 21,
            "matches": [{"id": "r", "source": "Reuters", "similarity": 0.8}],
        },
    ]
    html = render([scored(text, evidence)])
    page = parse(html)
    assert page.classes_at[0] == set() and page.classes_at[11] == {"corroborated"}
    assert "also reported by: Reuters (0.80)" in html
    assert "<b>1</b> corroborated claims" in html


# --- escaping ------------------------------------------------------------------------------


def hostile_evidence(text: str) -> list[dict]:
    """Evidence over the hostile parts, so they pass through the highlighting too."""
    start = text.index('"<script>')
    end = text.index('" on Friday') + 1
    img = text.index(IMG)
    return [
        {
            "kind": "attribution",
            "start": 0,
            "end": end,
            "cue": [13, 17],
            "source": [0, 12],
            "content": [start, end],
            "source_type": "named",
        },
        {"kind": "quote", "start": start, "end": end, "attribution": 0},
        {
            "kind": "attribution",
            "start": img,
            "end": len(text),
            "cue": None,
            "source": [img, img + len(IMG)],
            "content": [img + len(IMG), len(text)],
            "source_type": "vague",
        },
        {"kind": "hedge", "start": img - 8, "end": img + 30, "scope": "authorial"},
        {"kind": "unattributed_claim", "start": img - 16, "end": len(text)},
        {
            "kind": "corroboration",
            "start": 0,
            "end": end,
            "matches": [{"id": "r1", "source": IMG, "similarity": 0.91}],
        },
    ]


def test_hostile_article_and_fields_render_inert_and_intact() -> None:
    hostile_field = "\"><script>alert('id')</script><img src=x onerror=alert(3)>"
    record = scored(
        HOSTILE,
        hostile_evidence(HOSTILE),
        id=hostile_field,
        input=hostile_field,
        title=hostile_field,
        source=hostile_field,
        band=hostile_field,
        warnings=[hostile_field],
        reasons=[hostile_field],
        contributions=[{"feature": hostile_field, "value": 1.0, "effect": 0.5}],
    )
    error = {"id": hostile_field, "input": "x", "status": "error", "error": hostile_field}
    page = parse(render([record, error]))
    assert_inert(page)
    assert page.text == HOSTILE
    titles = [attrs.get("title") or "" for _, attrs in page.tags]
    assert any(IMG in title for title in titles)  # hover details keep the characters too


def test_a_200kb_single_line_article_renders_whole() -> None:
    text = "The minister said the toll may rise on Friday. " * 4300 + "x" * 5000
    assert len(text) > 200_000 and "\n" not in text
    hedges = [
        {"kind": "hedge", "start": i + 27, "end": i + 30, "scope": "attributed"}
        for i in range(0, 200_000, 47 * 10)
    ]
    html = render([scored(text, hedges)])
    page = parse(html)
    assert page.text == text
    assert sum("hedge-attributed" in c for c in page.classes_at) == 3 * len(hedges)
    assert "overflow-wrap:anywhere" in html


# --- the corpus overview and the CLI -------------------------------------------------------


def write_corpus(path: Path) -> Path:
    rows = [
        {"id": "ap-1", "source": "AP", "text": (EXAMPLES / "attributed_002.txt").read_text()},
        {"id": "blog-1", "source": "Blog", "text": (EXAMPLES / "unsourced_000.txt").read_text()},
        {"id": "blog-2", "source": "Blog", "text": HOSTILE},
    ]
    lines = [json.dumps(row) for row in rows] + ["{not json"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_corpus_report_has_table_histogram_sources_and_errors(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(corpus), "--output", str(out), "--jobs", "1"])
    assert result.exit_code == 4, result.output  # the broken row is reported, not fatal
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    assert_inert(page)
    classes = [attrs.get("class") or "" for _, attrs in page.tags]
    assert "sortable articles" in classes and "sortable sources" in classes
    assert "histogram" in classes and classes.count("bar-high") + classes.count("bar-low") >= 1
    sources = re.findall(r"<tr><td>(AP|Blog)</td>", html)
    assert sources == ["AP", "Blog"]
    assert 'id="errors"' in html and "corpus.jsonl:4" in html
    assert html.count('<section class="article"') == 3
    assert "wrote" in result.stderr


def test_an_article_that_could_not_be_scored_has_no_counts_in_the_table(tmp_path: Path) -> None:
    # Its row said 0 hedges, 0 attributions, 0 quotes, 0 unsourced claims: measured zeros.
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    out = tmp_path / "report.html"
    runner.invoke(app, ["report", str(corpus), "--output", str(out), "--jobs", "1"])
    html = out.read_text(encoding="utf-8")
    (row,) = [r for r in re.findall(r"<tr>.*?</tr>", html) if "corpus.jsonl:4" in r]
    cells = re.findall(r'<td class="num" data-value="([^"]*)">([^<]*)</td>', row)
    assert cells[1:] == [("", "—")] * 5  # score and the four counts; cells[0] is the #


def test_score_format_html_implies_explain_and_shows_the_evidence(tmp_path: Path) -> None:
    out = tmp_path / "seeds.html"
    result = runner.invoke(app, ["score", str(EXAMPLES), "--output", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    for css in ("hedge-authorial", "hedge-attributed", "source", "cue", "content", "quote"):
        assert f'class="ev {css}"' in html, css
    assert 'class="legend"' in html and "raises the score" in html
    assert_inert(parse(html))


def test_report_refuses_an_output_that_is_not_html(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(EXAMPLES), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 2
    assert ".html" in result.stderr


def test_report_of_the_current_folder_says_its_default_output_is_the_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `report .` blamed "--output 'sourcecheck-report.html'", an option never given.
    (tmp_path / "a.txt").write_text("The mayor said so on Monday.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "."])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "sourcecheck: error: the default output 'sourcecheck-report.html' (no --output given) "
        "is inside the input folder '.'"
    )
    assert "e.g. -o ../sourcecheck-report.html" in result.stderr


# --- a real browser ------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium, offline and isolated, with the page's console on stderr."""
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console_errors(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if "CONSOLE" in line or "Uncaught" in line or "Content Security Policy" in line
    ]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH (apt-get install chromium)")
def test_chromium_runs_the_report_script_and_keeps_hostile_text_inert(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds.html"
    assert runner.invoke(app, ["score", str(EXAMPLES), "-o", str(seeds)]).exit_code == 0
    hostile = tmp_path / "hostile.html"
    hostile.write_text(render([scored(HOSTILE, hostile_evidence(HOSTILE))]), encoding="utf-8")
    for page in (seeds, hostile):
        run = chromium(tmp_path, "--dump-dom", page.as_uri())
        assert run.returncode == 0, run.stderr[-2000:]
        dom = run.stdout
        assert 'data-ready="1"' in dom, "the report's script did not run to its end"
        assert console_errors(run.stderr) == []
        assert 'class="legend"' in dom and 'class="ev ' in dom
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in dom
    assert "<img" not in dom and "onerror=" not in dom.replace("onerror=alert(1)&gt;", "")
    shot = tmp_path / "seeds.png"
    run = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", seeds.as_uri())
    assert shot.stat().st_size > 50_000, run.stderr[-2000:]

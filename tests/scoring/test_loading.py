"""Loading: every input item becomes one Article or one LoadError, in input order."""

from __future__ import annotations

import codecs
import io
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sourcecheck.scoring import loading, mojibake
from sourcecheck.scoring.articles import Article, LoadError
from sourcecheck.scoring.errors import SourcecheckError, UsageError
from sourcecheck.scoring.loading import (
    Decoded,
    decode_bytes,
    iter_articles,
    iter_frame_articles,
    parse_label,
)

ARTICLE = (
    "The mayor, Jane Doe, said on Monday that the bridge would reopen in May.\n"
    '"We have the money," she told reporters at City Hall.\n'
)

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Bridge to reopen in May, mayor says | The Daily Example</title>
  <meta name="author" content="Sam Reporter">
  <meta property="article:published_time" content="2024-03-04T09:30:00Z">
  <meta property="og:site_name" content="The Daily Example">
</head>
<body>
  <header>
    <nav class="menu">
      <ul>
        <li><a href="/">Home</a></li>
        <li><a href="/world">WorldMenuItem</a></li>
        <li><a href="/sport">SportsMenuItem</a></li>
        <li><a href="/subscribe">SubscribeMenuItem</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>Bridge to reopen in May, mayor says</h1>
      <p>The Harbour Bridge will reopen to traffic in May after two years of repairs,
      Mayor Jane Doe said on Monday at a press conference at City Hall.</p>
      <p>"The money is in place and the contractors are on schedule," Doe told reporters.
      The city council approved a further 4.2 million dollars for the work in January,
      according to minutes published on its website.</p>
      <p>Engineers from the state transport department inspected the deck last week and
      found no new cracks, a department spokesperson, Alex Kim, said in a statement.</p>
    </article>
  </main>
  <footer>
    <p>Copyright 2024 FooterCompanyName. All rights reserved.</p>
    <a href="/privacy">PrivacyFooterLink</a>
  </footer>
</body>
</html>
"""


def load(*paths: str | Path, stdin: io.StringIO | None = None) -> list[Article | LoadError]:
    return list(iter_articles([str(path) for path in paths], stdin=stdin))


def only_article(items: list[Article | LoadError]) -> Article:
    assert len(items) == 1
    assert isinstance(items[0], Article), items[0]
    return items[0]


def only_error(items: list[Article | LoadError]) -> LoadError:
    assert len(items) == 1
    assert isinstance(items[0], LoadError), items[0]
    return items[0]


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


# --- plain text -----------------------------------------------------------------------


def test_text_file_is_one_article_with_path_as_id_and_input(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article = only_article(load(path))
    assert article.id == article.input == str(path)
    assert article.text == ARTICLE
    assert article.warnings == ()


def test_markdown_file_loads_like_text(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("# Bridge\n\n" + ARTICLE, encoding="utf-8")
    assert only_article(load(path)).text == "# Bridge\n\n" + ARTICLE


def test_text_is_kept_exactly_with_crlf_and_surrounding_whitespace(tmp_path: Path) -> None:
    raw = "  First line.\r\nSecond line said Jane Doe.\r\n\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw.encode("utf-8"))
    assert only_article(load(path)).text == raw


def test_utf8_bom_is_dropped_and_offsets_index_the_text_after_it(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    article = only_article(load(path))
    assert article.text == ARTICLE
    assert article.warnings == ()
    assert article.derived  # its records carry the text their offsets index


def test_cp1252_file_loads_with_a_warning(tmp_path: Path) -> None:
    text = "The café’s owner, José Núñez, said: “We will rebuild” – on Monday.\n"
    path = tmp_path / "western.txt"
    path.write_bytes(text.encode("cp1252"))
    article = only_article(load(path))
    assert article.text == text
    assert article.warnings == ("decoded as cp1252",)


# UTF-8 with curly quotes, one stray cp1252 apostrophe (0x92) in the middle.
STRAY = (
    "“We will rebuild,” the mayor said.\n".encode()
    + b"It\x92s open.\n"
    + "“Soon,” he said.\n".encode()
)
STRAY_TEXT = "“We will rebuild,” the mayor said.\nIt’s open.\n“Soon,” he said.\n"


def test_a_stray_byte_in_a_utf8_file_is_read_as_cp1252_not_the_whole_file(
    tmp_path: Path,
) -> None:
    # The charset detector read the whole file as mac_iceland, every curly quote junk.
    path = tmp_path / "stray.txt"
    path.write_bytes(STRAY)
    article = only_article(load(path))
    assert article.text == STRAY_TEXT
    assert article.warnings == ("decoded as cp1252 (the rest of the file is UTF-8)",)


def test_a_stray_byte_in_a_jsonl_line_is_read_as_cp1252_the_rest_as_utf8(tmp_path: Path) -> None:
    # The whole line was read as cp1252, its UTF-8 quotes made mojibake and then repaired.
    path = tmp_path / "stray.jsonl"
    path.write_bytes(b'{"text": "' + STRAY.replace(b"\n", b"\\n") + b'"}\n')
    article = only_article(load(path))
    assert article.text == STRAY_TEXT
    assert article.warnings == ("decoded as cp1252 (JSON Lines should be UTF-8)",)


def test_a_stray_byte_in_a_small_utf8_csv_costs_only_its_row(tmp_path: Path) -> None:
    path = tmp_path / "stray.csv"
    path.write_bytes(b'id,text\na,"' + STRAY + b'"\nb,"' + "“Clean,” he said.".encode() + b'"\n')
    stray, clean = load(path)
    assert isinstance(stray, Article) and stray.text == STRAY_TEXT
    assert stray.warnings == ("decoded as cp1252 (the rest of the file is UTF-8)",)
    assert isinstance(clean, Article) and (clean.text, clean.warnings) == ("“Clean,” he said.", ())


def test_latin1_file_loads_with_a_warning(tmp_path: Path) -> None:
    text = "Le maire a déclaré lundi que le pont rouvrira en mai, à côté de l'église.\n"
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    article = only_article(load(path))
    assert article.text == text
    assert article.warnings and article.warnings[0].startswith("decoded as ")


def test_mojibake_is_repaired_with_a_warning(tmp_path: Path) -> None:
    garbled = ARTICLE.replace('"', "“", 1).replace('"', "”", 1)
    path = tmp_path / "garbled.txt"
    path.write_text(garbled.encode("utf-8").decode("latin-1"), encoding="utf-8")
    rows = tmp_path / "garbled.jsonl"
    rows.write_text(json.dumps({"text": path.read_text("utf-8")}) + "\n", encoding="utf-8")
    for article in iter_articles([str(path), str(rows)]):
        assert isinstance(article, Article)
        assert article.text == garbled
        assert article.warnings == (mojibake.WARNING,)
        assert article.derived  # offsets index the repaired text, which records carry


def test_utf16_file_with_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    article = only_article(load(path))
    assert article.text == ARTICLE
    assert article.warnings == ("decoded as utf-16",)
    assert article.derived  # the BOM was dropped, as from UTF-8: offsets index the text after it


def test_ascii_with_cp1252_curly_quotes_and_dashes_is_cp1252() -> None:
    # The charset detector read these apostrophes as Big5-HKSCS.
    assert decode_bytes(b"Police said it\x92s open. " * 3) == Decoded(
        "Police said it’s open. " * 3, ("decoded as cp1252",), bom_dropped=False
    )
    quoted = b"\x93We rebuild\x94 \x96 he said\x85"
    assert decode_bytes(quoted).text == "“We rebuild” – he said…"


def test_a_multibyte_charset_with_bytes_in_cp1252_punctuation_is_still_detected() -> None:
    # Shift-JIS's kana lead with 0x82 or 0x83, never all in 0x85, 0x91-0x94, 0x96, 0x97.
    text = "東京で、市長は新しい計画を発表しました。住民は歓迎しています。" * 3
    decoded = decode_bytes(text.encode("shift_jis"))
    assert decoded.text == text
    assert decoded.warnings != ("decoded as cp1252",)


def test_decode_bytes_says_when_a_bom_was_dropped() -> None:
    assert decode_bytes(b"\xef\xbb\xbfSaid.") == Decoded("Said.", (), bom_dropped=True)
    assert decode_bytes(b"Said.") == Decoded("Said.", (), bom_dropped=False)
    assert decode_bytes("Said.".encode("utf-16")).bom_dropped
    assert not decode_bytes("Café said.".encode("cp1252")).bom_dropped


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    error = only_error(load(path))
    assert error.error.startswith("binary file: not text")
    assert error.input == error.id == str(path)


def test_control_character_soup_is_binary_even_without_nul(tmp_path: Path) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(bytes(range(1, 9)) * 200)
    assert only_error(load(path)).error.startswith("binary file: not text")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_or_whitespace_file_is_an_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert only_error(load(path)).error.startswith("empty text")


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    error = only_error(load(tmp_path / "nope.txt"))
    assert "no such file or directory" in error.error


def test_unknown_extension_given_explicitly_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04")
    error = only_error(load(path))
    assert error.error.startswith("unsupported file type '.docx'")
    assert ".jsonl" in error.error


def test_extensions_are_matched_in_any_case(tmp_path: Path) -> None:
    path = tmp_path / "LOUD.TXT"
    path.write_text(ARTICLE, encoding="utf-8")
    assert only_article(load(path)).text == ARTICLE


def test_five_megabyte_text_file_loads(tmp_path: Path) -> None:
    text = ARTICLE * (5_000_000 // len(ARTICLE))
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    article = only_article(load(path))
    # A linearity guard with the bad-input bound (30 s), not a speed target: that is
    # measured, not unit-tested.
    assert time.perf_counter() - started < 30
    assert len(article.text) == len(text)


# --- HTML -------------------------------------------------------------------------------


def test_html_page_yields_main_text_and_metadata_without_menu_or_footer(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    article = only_article(load(path))
    assert "Harbour Bridge will reopen" in article.text
    assert "Alex Kim" in article.text
    for boilerplate in ("WorldMenuItem", "SubscribeMenuItem", "FooterCompanyName", "Privacy"):
        assert boilerplate not in article.text
    assert article.title is not None and "Bridge to reopen" in article.title
    assert article.author == "Sam Reporter"
    assert article.published == "2024-03-04"
    assert article.id == article.input == str(path)


def test_htm_extension_is_html(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    assert "Harbour Bridge" in only_article(load(path)).text


def test_html_with_no_main_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    assert only_error(load(path)).error.startswith("HTML with no main text")


def test_empty_html_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_bytes(b"")
    assert only_error(load(path)).error.startswith("empty text")


# --- JSON Lines -----------------------------------------------------------------------


def test_jsonl_rows_keep_their_ids_and_fields(tmp_path: Path) -> None:
    row = {
        "id": "seed-002",
        "text": ARTICLE,
        "title": "Bridge",
        "source": "Example",
        "url": "https://example.org/a",
        "published": "2024-03-04",
        "label": 1,
        "author": "Sam",
    }
    path = write_jsonl(tmp_path / "rows.jsonl", [row])
    article = only_article(load(path))
    assert article == Article(
        id="seed-002",
        text=ARTICLE,
        input=f"{path}:1",
        title="Bridge",
        source="Example",
        url="https://example.org/a",
        published="2024-03-04",
        label=1,
        author="Sam",
    )


def test_jsonl_row_without_id_gets_path_and_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "rows.jsonl", [{"text": "One."}, {"text": "Two.", "id": 7}])
    first, second = load(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == first.input == f"{path}:1"
    assert second.id == "7"


def test_a_row_id_that_is_no_string_or_number_is_that_rows_error(tmp_path: Path) -> None:
    # Stringified without a word: an id "['l']" or "True" that no one gave.
    ids = [["l"], {"k": 1}, True, "a", 7, 2.5, None]
    path = write_jsonl(tmp_path / "rows.jsonl", [{"id": i, "text": "One."} for i in ids])
    items = load(path)
    assert [item.error for item in items[:3] if isinstance(item, LoadError)] == [
        f"line {n}: id is not a string or number (got {kind})"
        for n, kind in ((1, "an array"), (2, "an object"), (3, "a boolean"))
    ]
    assert [item.id for item in items[:3]] == [None] * 3  # its record's id is path:line
    assert [item.id for item in items[3:]] == ["a", "7", "2.5", f"{path}:7"]
    frame = pd.DataFrame({"id": [[1, 2], [3]], "text": ["One.", "Two."]})
    frame.to_parquet(tmp_path / "rows.parquet")
    listed, _ = load(tmp_path / "rows.parquet")
    assert isinstance(listed, LoadError) and "id is not a string or number" in listed.error


def test_jsonl_mixing_good_bad_and_textless_rows_keeps_every_item_in_order(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Officials said the road was closed."}),
        '{"id": "b", "text": "missing comma" "label": 1}',
        json.dumps({"id": "c", "title": "no text here"}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "e", "text": "   "}),
        json.dumps({"id": "f", "text": 42}),
        json.dumps({"id": "g", "text": "A spokesperson confirmed it."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = load(path)
    assert [isinstance(item, Article) for item in items] == [True] + [False] * 5 + [True]
    assert [item.input for item in items] == [f"{path}:{n}" for n in (1, 2, 3, 5, 6, 7, 8)]
    errors = [item.error for item in items if isinstance(item, LoadError)]
    assert errors[0].startswith("line 2: invalid JSON: Expecting ',' delimiter at column")
    assert errors[1] == "line 3: no text: add a non-empty 'text' field"
    assert errors[2].startswith("line 5: not a JSON object (got an array)")
    assert errors[3] == "line 6: empty text"
    assert errors[4] == "line 7: text is not a string (got int)"
    assert items[2].id == "c"  # an error keeps the row's id when it has one


def test_jsonl_with_bom_and_crlf_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "windows.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "One."}\r\n{"text": "Two."}\r\n')
    items = load(path)
    assert [item.text for item in items if isinstance(item, Article)] == ["One.", "Two."]


def test_jsonl_line_in_cp1252_loads_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.jsonl"
    path.write_bytes('{"text": "Café owner said so."}\n'.encode("cp1252"))
    article = only_article(load(path))
    assert article.text == "Café owner said so."
    assert article.warnings == ("decoded as cp1252 (JSON Lines should be UTF-8)",)


def test_empty_jsonl_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    error = only_error(load(path))
    assert error.input == str(path)
    assert error.error.startswith("no rows")


def test_five_megabyte_jsonl_line_loads(tmp_path: Path) -> None:
    text = ARTICLE * (5_000_000 // len(ARTICLE))
    path = write_jsonl(tmp_path / "big.jsonl", [{"id": "big", "text": text}])
    started = time.perf_counter()
    article = only_article(load(path))
    assert time.perf_counter() - started < 30  # a linearity guard, as above
    assert article.text == text


# --- labels -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "label"),
    [
        *[(0, 0), (1, 1), (True, 1), (False, 0), ("0", 0), ("1", 1), ("TRUE", 1), ("false", 0)],
        *[(1.0, 1), (None, None), ("", None), (float("nan"), None)],
    ],
)
def test_accepted_labels(value: object, label: int | None) -> None:
    assert parse_label(value) == (label, None)


@pytest.mark.parametrize("value", [2, "yes", "maybe", 0.5, [1]])
def test_other_labels_are_dropped_with_a_warning(value: object) -> None:
    label, warning = parse_label(value)
    assert label is None
    assert warning is not None and "expected 0/1 or true/false" in warning


def test_bad_label_on_a_row_is_a_warning_not_an_error(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "rows.jsonl", [{"text": "Said so.", "label": "maybe"}])
    article = only_article(load(path))
    assert article.label is None
    assert article.warnings == ("label 'maybe' ignored: expected 0/1 or true/false",)


# --- CSV -------------------------------------------------------------------------------


def test_csv_rows_are_numbered_from_one_excluding_the_header(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    pd.DataFrame(
        {
            "id": ["a", ""],
            "text": ['He said, "yes."\nThen left.', "NA"],
            "label": ["1", "false"],
            "extra": ["x", "y"],
        }
    ).to_csv(path, index=False)
    first, second = load(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.input, first.label) == ("a", f"{path}:1", 1)
    assert first.text == 'He said, "yes."\nThen left.'
    # "NA" is text, not a missing value, and an empty id falls back to the input.
    assert (second.id, second.text, second.label) == (f"{path}:2", "NA", 0)


def test_utf16_csv_with_bom_loads(tmp_path: Path) -> None:
    # Spreadsheets export "Unicode text" as UTF-16; it used to be called a binary file.
    path = tmp_path / "export.csv"
    pd.DataFrame({"id": ["a"], "text": [ARTICLE]}).to_csv(path, index=False, encoding="utf-16")
    article = only_article(load(path))
    assert (article.id, article.text) == ("a", ARTICLE)
    assert article.warnings == ("decoded as utf-16",)


def test_jsonl_line_nested_too_deeply_is_that_lines_error(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    path = write_jsonl(tmp_path / "rows.jsonl", [{"text": "One said so."}])
    path.write_text(f"{path.read_text(encoding='utf-8')}{deep}\n", encoding="utf-8")
    first, second = load(path)
    assert isinstance(first, Article)
    assert second == LoadError(f"{path}:2", "line 2: invalid JSON: nested too deeply at column 1")


def test_jsonl_error_says_at_column_once() -> None:
    # json's own message ends in "at" here: "Invalid control character at".
    error = only_error(load("-", stdin=io.StringIO('{"text": "a\tb"}\n')))
    assert error == LoadError("-:1", "line 1: invalid JSON: Invalid control character at column 12")


def test_stdin_nested_too_deeply_is_one_jsonl_error() -> None:
    deep = '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    error = only_error(load("-", stdin=io.StringIO(deep)))
    assert error == LoadError("-:1", "line 1: invalid JSON: nested too deeply at column 1")


def test_jsonl_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    # "\\ud83d" alone (half an emoji, a string cut short) is valid JSON but not Unicode.
    path = tmp_path / "rows.jsonl"
    line = '{"id": "a\\ud800", "text": "\\ud83d Said so.", "title": "T\\udc00"}\n'
    path.write_text(line, encoding="utf-8")
    article = only_article(load(path))
    assert (article.id, article.text, article.title) == ("a\ufffd", "\ufffd Said so.", "T\ufffd")
    assert article.warnings == ("lone surrogates (not Unicode) in the text replaced by U+FFFD",)


def test_utf16_jsonl_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes((json.dumps({"text": ARTICLE}) + "\n").encode("utf-16"))
    error = only_error(load(path))
    assert error.error == "UTF-16 text: JSON Lines must be UTF-8; re-save it as UTF-8"


def test_csv_row_with_empty_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,text\na,Officials said so.\nb,\n", encoding="utf-8")
    items = load(path)
    assert isinstance(items[0], Article)
    assert items[1] == LoadError(f"{path}:2", "row 2: empty text", id="b")


def test_csv_without_text_column_raises_usage_error_naming_columns(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("id,body,title\na,Some text,T\n", encoding="utf-8")
    with pytest.raises(
        UsageError, match=r"no 'text' column \(columns found: 'id', 'body', 'title'\)"
    ):
        load(path)


@pytest.mark.parametrize(
    ("name", "header", "said"),
    [
        ("semi.csv", "id;text;title", "semicolon-separated, not comma-separated: re-save it"),
        ("tabs.csv", "id\ttext", "tab-separated, not comma-separated: rename the file .tsv"),
        ("commas.tsv", "id,text", "comma-separated, not tab-separated: rename the file .csv"),
    ],
)
def test_a_header_split_by_another_separator_is_said_to_be(
    tmp_path: Path, name: str, header: str, said: str
) -> None:
    # The error named the columns found ('id;text;title') and said to rename one 'text'.
    path = tmp_path / name
    path.write_text(f"{header}\n", encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        iter_articles([str(path)])
    assert f"the header seems to be {said}" in raised.value.message
    assert "name the column" not in raised.value.message


def test_a_named_tsv_is_read_as_a_tab_separated_csv(tmp_path: Path) -> None:
    # It was an error: "unsupported file type '.tsv'".
    path = tmp_path / "rows.tsv"
    path.write_text('id\ttext\ttitle\na\tOfficials said, "so"\tT\nb\t\n', encoding="utf-8")
    first, second = load(path)
    assert first == Article(id="a", text='Officials said, "so"', input=f"{path}:1", title="T")
    assert second == LoadError(f"{path}:2", "row 2: empty text", id="b")


def test_a_plain_tsv_keeps_the_quotation_marks_a_field_opens_with(tmp_path: Path) -> None:
    # CSV quoting applied: a text opening with a quotation was the row's error (' ' expected
    # after '"'), and an unclosed one took the rows after it.
    path = tmp_path / "plain.tsv"
    path.write_text(
        'id\ttext\na\t"Quoted," he said.\nb\t"Unclosed, he said.\nc\tThe mayor said "no".\n',
        encoding="utf-8",
    )
    assert [(item.id, item.text, item.input) for item in load(path)] == [
        ("a", '"Quoted," he said.', f"{path}:1"),
        ("b", '"Unclosed, he said.', f"{path}:2"),
        ("c", 'The mayor said "no".', f"{path}:3"),
    ]


def test_a_tsv_written_by_pandas_with_quoting_is_still_read(tmp_path: Path) -> None:
    texts = ['"Quoted," he said.', "A tab\there, a line\nbreak.", 'Plain "so".', "Plain."]
    path = tmp_path / "quoted.tsv"
    pd.DataFrame({"id": list("abcd"), "text": texts}).to_csv(path, sep="\t", index=False)
    assert '"""Quoted,"" he said."' in path.read_text(encoding="utf-8")
    assert [(item.id, item.text) for item in load(path)] == list(zip("abcd", texts, strict=True))


def test_a_tsv_in_a_folder_is_skipped_as_labels_are(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a.txt").write_text("Aye said so.", encoding="utf-8")
    (tmp_path / "labels.tsv").write_text("path\tlabel\na.txt\t1\n", encoding="utf-8")
    (article,) = load(tmp_path)
    assert isinstance(article, Article) and "skipped 1 .tsv" in caplog.text


def test_a_named_json_array_gives_each_element_an_article_or_its_error(tmp_path: Path) -> None:
    # It was an error: "unsupported file type '.json'".
    path = tmp_path / "articles.json"
    elements = [
        {"id": "a", "text": "Officials said so.", "title": "T", "source": "Wire", "label": 1},
        {"text": "A spokesperson confirmed it.", "published": "2024-05-01"},
        {"id": "c", "title": "no text here"},
        "not an object",
    ]
    path.write_text(json.dumps(elements, indent=2), encoding="utf-8")
    first, second, third, fourth = load(path)
    assert first == Article(
        id="a", text="Officials said so.", input=f"{path}:0", title="T", source="Wire", label=1
    )
    assert second == Article(
        id=f"{path}:1",
        text="A spokesperson confirmed it.",
        input=f"{path}:1",
        published="2024-05-01",
    )
    assert third == LoadError(f"{path}:2", "item 2: no text: add a non-empty 'text' field", id="c")
    assert fourth == LoadError(
        f"{path}:3", "item 3: not a JSON object (got a string): need {'text': ...}"
    )


def test_a_named_json_object_is_one_article_as_a_whole_file_is(tmp_path: Path) -> None:
    path = tmp_path / "article.json"
    path.write_text('\ufeff{"text": "The mayor said so.", "url": "https://x.test/a"}', "utf-8")
    assert only_article(load(path)) == Article(
        id=str(path), text="The mayor said so.", input=str(path), url="https://x.test/a"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[]", "no articles: the JSON array is empty"),
        ('"just a string"', "not a JSON array or object (got a string): need [{'text': ...}, ...]"),
        ('[{"text": "Said."},\n  oops]', "invalid JSON: Expecting value at line 2 column 3"),
        ("", "empty text: the file is empty or whitespace only"),
    ],
)
def test_a_json_file_with_no_objects_is_one_error_saying_why(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "rows.json"
    path.write_text(content, encoding="utf-8")
    assert only_error(load(path)) == LoadError(str(path), reason, id=str(path))


def test_a_json_file_in_a_folder_is_skipped_as_settings_are(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a.txt").write_text("Aye said so.", encoding="utf-8")
    (tmp_path / "config.json").write_text('{"threshold": 0.5}', encoding="utf-8")
    (article,) = load(tmp_path)
    assert isinstance(article, Article) and article.id == str(tmp_path / "a.txt")
    assert "skipped 1 .json" in caplog.text and ".json files are read when named" in caplog.text


def test_usage_error_is_a_sourcecheck_error_with_exit_code_2() -> None:
    error = UsageError("bad")
    assert isinstance(error, SourcecheckError)
    assert error.exit_code == 2
    assert SourcecheckError("x", exit_code=4).exit_code == 4


def test_cp1252_csv_loads_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes("id,text\na,“Café” owner said so – twice.\n".encode("cp1252"))
    article = only_article(load(path))
    assert article.text == "“Café” owner said so – twice."
    assert article.warnings == ("decoded as cp1252",)


def test_header_only_csv_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("id,text\n", encoding="utf-8")
    assert only_error(load(path)).error.startswith("no rows")


def test_empty_csv_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "nothing.csv"
    path.write_bytes(b"")
    assert only_error(load(path)).error.startswith("empty CSV")


def test_csv_row_with_an_unclosed_quote_is_that_rows_error(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text('id,text\na,Officials said so.\nb,"unterminated\n', encoding="utf-8")
    first, second = load(path)
    assert isinstance(first, Article) and first.id == "a"
    assert second == LoadError(
        f"{path}:2",
        "row 2: malformed CSV: a quote is never closed, so the rest of the file was read as "
        "one field",
    )


def test_csv_row_with_a_stray_quote_is_that_rows_error_and_later_rows_load(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rows.csv"
    path.write_text('id,text\na,"Said" so.\nb,Officials said so.\n', encoding="utf-8")
    first, second = load(path)
    assert first == LoadError(f"{path}:1", "row 1: malformed CSV: ',' expected after '\"'")
    assert isinstance(second, Article) and (second.id, second.input) == ("b", f"{path}:2")


def test_csv_lines_a_stray_quote_took_into_its_row_are_named(tmp_path: Path) -> None:
    # The rows read into the bad one vanished unsaid: 4 rows gave 2 records.
    path = tmp_path / "rows.csv"
    path.write_text(
        'id,text\n1,"Unclosed said Bob\n2,Police said so.\n3,"Quoted, said Ann."\n4,Fine.\n',
        encoding="utf-8",
    )
    first, second = load(path)
    assert first == LoadError(
        f"{path}:1",
        "row 1: malformed CSV (lines 2 to 4 of the file, read as one row): ',' expected after '\"'",
    )
    assert isinstance(second, Article) and second.text == "Fine."


def test_csv_empty_fields_past_the_header_are_no_error(tmp_path: Path) -> None:
    # A delimiter ending every line made every row an error ("3 fields, the header has 2").
    path = tmp_path / "rows.csv"
    path.write_text("id,text\n1,Officials said so.,\n2,Police said so., \n", encoding="utf-8")
    assert [item.id for item in load(path) if isinstance(item, Article)] == ["1", "2"]


def test_csv_columns_not_read_need_not_be_text(tmp_path: Path) -> None:
    # A NUL in a "notes" column failed the row whose text was fine.
    path = tmp_path / "rows.csv"
    path.write_text("id,text,notes\n1,Officials said so.,a\x00b\n", encoding="utf-8")
    (item,) = load(path)
    assert isinstance(item, Article) and item.text == "Officials said so."


def test_csv_row_with_more_fields_than_the_header_is_that_rows_error(tmp_path: Path) -> None:
    # pandas took the extra leading fields as the index: id " Jane Ortiz", text cut short.
    path = tmp_path / "rows.csv"
    path.write_text(
        "id,text\n1,The mayor, Jane Ortiz, said so.\n2,Police said so.\n", encoding="utf-8"
    )
    first, second = load(path)
    assert first == LoadError(
        f"{path}:1",
        "row 1: 4 fields, the header has 2: quote fields that hold the delimiter",
        id="1",  # the row's own id, as JSONL's errors keep theirs
    )
    assert isinstance(second, Article) and (second.id, second.text) == ("2", "Police said so.")


def test_csv_row_with_fewer_fields_than_the_header_loads(tmp_path: Path) -> None:
    # Spreadsheets leave out empty trailing cells.
    path = tmp_path / "rows.csv"
    path.write_text("id,text,title\na,Officials said so.\n", encoding="utf-8")
    article = only_article(load(path))
    assert (article.id, article.text, article.title) == ("a", "Officials said so.", None)


def test_csv_row_with_a_nul_byte_is_that_rows_error(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(b"id,text\na,Officials said so.\nb,bad\x00cell\nc,Police said so.\n")
    first, second, third = load(path)
    assert isinstance(first, Article) and isinstance(third, Article)
    assert second == LoadError(
        f"{path}:2", "row 2: binary data: not text (contains NUL bytes)", id="b"
    )
    path.write_bytes(b"id,text\na\x00,bad\x00cell\n")
    assert load(path)[0].id is None  # an id cell that is no text is not used


def test_binary_file_named_csv_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    error = only_error(load(path))
    assert error.input == str(path)
    assert error.error == "binary file: not text (no text encoding fits)"


def test_csv_blank_lines_are_not_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("\nid,text\n\na,Officials said so.\n\n", encoding="utf-8")
    article = only_article(load(path))
    assert (article.id, article.input) == ("a", f"{path}:1")


def test_csv_field_longer_than_the_csv_modules_default_limit_loads(tmp_path: Path) -> None:
    text = "Officials said so. " * 10_000  # 190,000 characters; the default limit is 131,072
    path = tmp_path / "long.csv"
    pd.DataFrame({"text": [text]}).to_csv(path, index=False)
    assert only_article(load(path)).text == text


def test_csv_streams_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sourcecheck.scoring.loading.CHUNK_ROWS", 3)
    path = tmp_path / "many.csv"
    pd.DataFrame({"text": [f"Article {n}." for n in range(10)]}).to_csv(path, index=False)
    items = load(path)
    assert [item.input for item in items] == [f"{path}:{n}" for n in range(1, 11)]


# --- Parquet -----------------------------------------------------------------------------


def test_parquet_rows_load_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sourcecheck.scoring.loading.CHUNK_ROWS", 2)
    path = tmp_path / "rows.parquet"
    pd.DataFrame(
        {
            "id": ["a", None, "c"],
            "text": ["Officials said so.", "A spokesperson said so.", None],
            "label": [1, 0, 1],
            "published": pd.to_datetime(["2024-03-04", "2024-03-05", "2024-03-06"]),
        }
    ).to_parquet(path)
    first, second, third = load(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.input, first.label) == ("a", f"{path}:1", 1)
    assert first.published is not None and first.published.startswith("2024-03-04")
    assert second.id == f"{path}:2"
    assert third == LoadError(f"{path}:3", "row 3: no text: add a non-empty 'text' field", id="c")


def test_parquet_without_text_column_raises_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "wrong.parquet"
    pd.DataFrame({"body": ["x"]}).to_parquet(path)
    with pytest.raises(UsageError, match="columns found: 'body'"):
        load(path)


def test_parquet_with_non_string_text_is_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "numbers.parquet"
    pd.DataFrame({"text": [1, 2]}).to_parquet(path)
    errors = load(path)
    assert [getattr(item, "error", None) for item in errors] == [
        "row 1: text is not a string (got int)",
        "row 2: text is not a string (got int)",
    ]


def test_file_that_is_not_parquet_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_text("id,text\n", encoding="utf-8")
    assert only_error(load(path)).error.startswith("not a Parquet file")


# --- folders ---------------------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order_skipping_unknown_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "z.txt").write_text("Zed said so.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Aye said so.", encoding="utf-8")
    (tmp_path / "b" / "deep" / "c.txt").write_text("Sea said so.", encoding="utf-8")
    write_jsonl(tmp_path / "b" / "rows.jsonl", [{"text": "Row said so."}])
    (tmp_path / "b" / "notes.docx").write_bytes(b"PK")
    (tmp_path / ".hidden" / "secret.txt").write_text("Hidden.", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="sourcecheck.scoring.loading"):
        items = load(tmp_path)
    assert [item.input for item in items] == [
        str(tmp_path / "a.md"),
        str(tmp_path / "b" / "deep" / "c.txt"),
        f"{tmp_path / 'b' / 'rows.jsonl'}:1",
        str(tmp_path / "z.txt"),
    ]
    assert all(isinstance(item, Article) for item in items)
    assert "notes.docx" in caplog.text
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "skipped 1 .docx" in warnings[0]  # hidden files not counted


def test_table_without_text_column_in_a_folder_is_that_files_error(tmp_path: Path) -> None:
    # A check corpus keeps pairs.csv beside its articles: the articles must still load.
    (tmp_path / "a.txt").write_text("Aye said so.", encoding="utf-8")
    (tmp_path / "pairs.csv").write_text("attributed_id,unsourced_id\na,b\n", encoding="utf-8")
    pd.DataFrame({"body": ["x"]}).to_parquet(tmp_path / "rows.parquet")
    article, pairs, rows = load(tmp_path)
    assert isinstance(article, Article)
    assert pairs == LoadError(
        str(tmp_path / "pairs.csv"),
        "no 'text' column (columns found: 'attributed_id', 'unsourced_id'); "
        "name the column holding the article text 'text'",
        id=str(tmp_path / "pairs.csv"),
    )
    assert isinstance(rows, LoadError) and "columns found: 'body'" in rows.error


def test_named_table_without_text_column_fails_before_any_article_is_read(
    tmp_path: Path,
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Aye said so.", encoding="utf-8")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,body\n1,x\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"wrong\.csv: no 'text' column"):
        iter_articles([str(good), str(wrong)])  # raised by the call, not by iterating


def test_folder_with_no_article_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "readme.rst").write_text("nothing", encoding="utf-8")
    error = only_error(load(tmp_path))
    assert error.error.startswith("no article files in folder")


def test_inputs_keep_their_order_across_kinds(tmp_path: Path) -> None:
    text_path = tmp_path / "one.txt"
    text_path.write_text("One said so.", encoding="utf-8")
    rows = write_jsonl(tmp_path / "rows.jsonl", [{"text": "Two."}, {"text": "Three."}])
    items = load(rows, tmp_path / "missing.txt", text_path)
    assert [item.input for item in items] == [
        f"{rows}:1",
        f"{rows}:2",
        str(tmp_path / "missing.txt"),
        str(text_path),
    ]


# --- stdin ------------------------------------------------------------------------------


def test_stdin_plain_text_is_one_article_with_id_dash() -> None:
    article = only_article(load("-", stdin=io.StringIO(ARTICLE)))
    assert (article.id, article.input, article.text) == ("-", "-", ARTICLE)


def test_stdin_given_twice_is_a_usage_error() -> None:
    # The second read an emptied stream: an error record "stdin is empty".
    with pytest.raises(UsageError, match="given more than once"):
        load("-", "-", stdin=io.StringIO(ARTICLE))


def test_stdin_json_lines_are_rows_numbered_by_line() -> None:
    stream = io.StringIO('\n{"id": "x", "text": "One."}\nnot json\n{"text": "Two."}\n')
    items = load("-", stdin=stream)
    assert [item.input for item in items] == ["-:2", "-:3", "-:4"]
    assert isinstance(items[1], LoadError) and items[1].error.startswith("line 3: invalid JSON")
    assert isinstance(items[2], Article) and items[2].id == "-:4"


def test_stdin_json_lines_with_a_malformed_first_line_stay_json_lines() -> None:
    # Sniffed as text, a malformed first record turned the whole stream into one article.
    stream = io.StringIO('{"id": "x", "text": "One.\n{"id": "y", "text": "Two."}\n')
    first, second = load("-", stdin=stream)
    assert isinstance(first, LoadError) and first.error.startswith("line 1: invalid JSON")
    assert isinstance(second, Article) and second.id == "y"


def test_stdin_text_starting_with_a_brace_but_not_json_is_plain_text() -> None:
    text = "{Editor's note} The mayor said so.\n"
    assert only_article(load("-", stdin=io.StringIO(text))).text == text


def test_stdin_bytes_keep_crlf_and_decode_cp1252() -> None:
    class BinaryStdin(io.StringIO):
        buffer = io.BytesIO("Café said so.\r\n".encode("cp1252"))

    article = only_article(load("-", stdin=BinaryStdin()))
    assert article.text == "Café said so.\r\n"
    assert article.warnings == ("decoded as cp1252",)


def test_stdin_with_a_stray_byte_is_utf8_with_that_byte_as_cp1252() -> None:
    class BinaryStdin(io.StringIO):
        buffer = io.BytesIO(STRAY)

    assert only_article(load("-", stdin=BinaryStdin())).text == STRAY_TEXT


def test_stdin_json_lines_in_cp1252_stay_json_lines() -> None:
    # A first line that was not UTF-8 made the whole stream one article of braces.
    class BinaryStdin(io.StringIO):
        buffer = io.BytesIO('{"id": "a", "text": "Café said so."}\n'.encode("cp1252"))

    article = only_article(load("-", stdin=BinaryStdin()))
    assert (article.id, article.text) == ("a", "Café said so.")
    assert article.warnings[0].startswith("decoded as cp1252")


def test_empty_stdin_is_an_error() -> None:
    assert only_error(load("-", stdin=io.StringIO(""))).error.startswith("empty text")


# --- DataFrames -----------------------------------------------------------------------


def test_dataframe_rows_load_like_table_rows() -> None:
    frame = pd.DataFrame({"text": ["Said so.", None], "label": [1, None]})
    first, second = iter_frame_articles(frame, name="corpus")
    assert isinstance(first, Article) and (first.input, first.label) == ("corpus:1", 1)
    assert isinstance(second, LoadError) and second.input == "corpus:2"


def test_dataframe_without_text_column_raises_usage_error() -> None:
    with pytest.raises(UsageError, match="columns found: 'body'"):
        list(iter_frame_articles(pd.DataFrame({"body": ["x"]})))


def test_html_page_with_only_scripts_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "app.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body></body></html>", "utf-8")
    assert only_error(load(path)).error.startswith("HTML with no main text")


def test_a_single_path_string_is_one_path_not_characters(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert only_article(list(iter_articles(str(path)))).text == ARTICLE


def test_importing_the_loader_does_not_import_heavy_libraries() -> None:
    # CLI start-up: pandas, pyarrow and trafilatura load only when a file needs them.
    code = (
        "import sys, sourcecheck.scoring.loading; "
        "print([m for m in ('pandas', 'pyarrow', 'trafilatura', 'charset_normalizer') "
        "if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_csv_row_that_stops_being_utf8_past_the_sample_is_read_as_cp1252(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It was that row's error, where the same line in JSON Lines is read as cp1252.
    monkeypatch.setattr("sourcecheck.scoring.loading.ENCODING_SAMPLE_BYTES", 16)
    path = tmp_path / "mixed.csv"
    good_rows = b"Officials said so.\n" * 50_000  # far past the sample
    late = "Café said “so”.\n".encode("cp1252") + b"Caf\x81 said so.\n"  # 0x81: no cp1252
    path.write_bytes(b"text\n" + good_rows + late + b"Later.\n")
    items = load(path)
    assert len(items) == 50_003
    recoded, undefined = items[50_000], items[50_001]
    assert isinstance(recoded, Article) and recoded.text == "Café said “so”."
    assert "decoded as cp1252 (the rest of the file is UTF-8)" in recoded.warnings
    assert undefined == LoadError(
        f"{path}:50002", "row 50002: not valid utf-8-sig text: re-save the file as UTF-8"
    )
    assert all(isinstance(item, Article) for item in items[:50_000] + items[50_002:])


def test_csv_header_that_is_not_text_in_the_sampled_encoding_is_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sourcecheck.scoring.loading.ENCODING_SAMPLE_BYTES", 4)
    path = tmp_path / "mixed.csv"
    path.write_bytes("id,tëxt,text\na,b,Officials said so.\n".encode("cp1252"))
    error = only_error(load(path))
    assert error.error == "not valid utf-8-sig text: re-save the file as UTF-8"


def test_stdin_html_page_is_extracted_as_an_html_file_is(tmp_path: Path) -> None:
    # `curl URL | sourcecheck score -` scored the markup as prose: tags counted as words.
    path = tmp_path / "page.html"
    path.write_text(NEWS_PAGE, "utf-8")
    from_file = only_article(load(path))
    from_stdin = only_article(load("-", stdin=io.StringIO("\n" + NEWS_PAGE)))
    assert from_stdin.text == from_file.text and "<" not in from_stdin.text
    assert (from_stdin.id, from_stdin.input, from_stdin.derived) == ("-", "-", True)
    assert from_stdin.title == from_file.title


@pytest.mark.parametrize(
    "opening",
    [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        "<!-- saved from url=(0030)https://example.org/ -->\n",
        "\ufeff  <!--a--><!-- b -->\n",
    ],
)
def test_stdin_html_page_after_comments_or_an_xml_declaration_is_extracted(
    opening: str,
) -> None:
    # Scored as plain text, its markup measured as words.
    article = only_article(load("-", stdin=io.StringIO(opening + NEWS_PAGE)))
    assert article.derived and "<" not in article.text


@pytest.mark.parametrize("tag", ["<head>", "<HEAD>", "<body class='x'>", '<meta charset="utf-8">'])
def test_stdin_html_opening_with_a_page_element_is_extracted(tag: str) -> None:
    page = NEWS_PAGE[NEWS_PAGE.index("<head>") :].replace("<head>", tag, 1)
    article = only_article(load("-", stdin=io.StringIO("\n" + page)))
    assert article.derived and "<" not in article.text


def test_stdin_prose_mentioning_a_tag_is_plain_text() -> None:
    for text in (
        "<b>Editor's note</b> The mayor said so on Monday.\n",
        "<header> and <headline> tags were debated, the mayor said on Monday.\n",
        "<?xml is a prolog?> The mayor said so on Monday.\n",
    ):
        article = only_article(load("-", stdin=io.StringIO(text)))
        assert article.text == text and not article.derived


def test_stdin_sniffing_is_linear_in_leading_comments() -> None:
    # WordPress block content: a regex of lazy comments backtracked exponentially on it
    # (40 blocks ran past 90 s); each comment is now skipped with one find.
    blocks = "<!-- wp:paragraph --><p>The mayor said so.</p><!-- /wp:paragraph -->\n" * 400
    started = time.process_time()
    assert not loading._looks_like_html_page(blocks + "plain text")
    assert not loading._looks_like_html_page("<!---->" * 100_000 + " plain")
    assert time.process_time() - started < 2
    assert loading._looks_like_html_page("<!-- c -->\n" * 400 + "<html><body>x</body></html>")


def test_stdin_json_array_is_one_error_not_an_article() -> None:
    # `cat articles.json | sourcecheck score -` scored the array's braces and quotes as prose.
    for array in ('[{"id": "a", "text": "The mayor said so."}]', '[\n  {"id": "a"}\n]\n'):
        error = only_error(load("-", stdin=io.StringIO(array)))
        assert error.input == "-" and "jq -c" in error.error and "name the file" in error.error
    text = "[Editor's note] The mayor said so.\n"
    assert only_article(load("-", stdin=io.StringIO(text))).text == text


def test_stdin_csv_table_is_one_error_not_an_article() -> None:
    # `cat rows.csv | sourcecheck score -` scored the header and the commas as prose.
    table = 'id,text,source\nx,"The mayor said so.",wire\n'
    error = only_error(load("-", stdin=io.StringIO(table)))
    assert "CSV table is not read from standard input" in error.error
    for prose in ("Text, images and video were seized.\n", "Note, text follows\n"):
        assert only_article(load("-", stdin=io.StringIO(prose))).text == prose


def test_stdin_tsv_table_is_one_error_as_a_csv_one_is() -> None:
    # `sourcecheck score - < rows.tsv` scored the header and the tabs as one article.
    table = 'id\ttext\tsource\nx\t"The mayor said so."\twire\n'
    error = only_error(load("-", stdin=io.StringIO(table)))
    assert error.error == (
        "a TSV table is not read from standard input: name the file "
        "(sourcecheck score rows.tsv), or give JSON Lines"
    )
    prose = "Text\tand a tab, then more prose.\n"
    assert only_article(load("-", stdin=io.StringIO(prose))).text == prose


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_stdin_json_lines_in_utf16_are_refused_as_a_utf16_jsonl_file_is(encoding: str) -> None:
    # UTF-16 JSON Lines on stdin were scored as one plain-text article of braces; the
    # same bytes in a .jsonl file are one clear error.
    rows = '{"id": "a", "text": "Officials said so."}\n{"id": "b", "text": "Said."}\n'
    data = (
        rows.encode(encoding)
        if encoding == "utf-16"
        else codecs.BOM_UTF16_BE + rows.encode(encoding)
    )

    class BinaryStdin(io.StringIO):
        buffer = io.BytesIO(data)

    error = only_error(load("-", stdin=BinaryStdin()))
    assert error.error == "UTF-16 text: JSON Lines must be UTF-8; re-save it as UTF-8"


def test_stdin_utf16_prose_and_tables_are_read_as_before() -> None:
    class Prose(io.StringIO):
        buffer = io.BytesIO("\r\n{Editor's note} The mayor said so.\r\n".encode("utf-16"))

    article = only_article(load("-", stdin=Prose()))
    assert article.text == "\r\n{Editor's note} The mayor said so.\r\n"
    assert article.warnings == ("decoded as utf-16",) and article.derived

    class Table(io.StringIO):
        buffer = io.BytesIO("id,text\na,Said so.\n".encode("utf-16"))

    assert only_error(load("-", stdin=Table())).error.startswith("a CSV table is not read")

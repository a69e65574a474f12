import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcecheck.features.document import (
    _EMPHASIS,
    _NON_WORD_ENDS,
    _OTHER_LINE_BREAK_CHARS,
    WORD,
    Document,
    _has_any,
    as_document,
    find_quotes,
    find_words,
    reading_text,
    split_sentences,
)

# Characters of words, their joiners and their ends: letters, digits, "_" and a superscript
# (word characters of \w besides letters), non-ASCII letters, marks, spaces, line breaks.
WORDY = st.text(
    alphabet=st.sampled_from(list("ab Cé_2²9 .,;:!?\"“”‘’'()[]—–-…*/\n\t\u00a0")), max_size=200
)


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_split_sentences_on_terminal_punctuation() -> None:
    assert sentences("The vote failed. Nobody knew why! Was it fixed?") == [
        "The vote failed.",
        "Nobody knew why!",
        "Was it fixed?",
    ]


def test_split_sentences_keeps_abbreviations_and_initials() -> None:
    text = "Dr. Smith met Sen. J. R. Jones in Sept. last year. The U.S. Army agreed."
    assert sentences(text) == [
        "Dr. Smith met Sen. J. R. Jones in Sept. last year.",
        "The U.S. Army agreed.",
    ]


def test_split_sentences_after_closing_quote() -> None:
    text = "“It is serious,” Austin said. “We will act.” Then he left."
    assert sentences(text) == ["“It is serious,” Austin said.", "“We will act.”", "Then he left."]


def test_split_sentences_after_emoji_that_end_one() -> None:
    # "more. 🙏 The mayor" was one sentence: the stop had to be followed by a space and a capital.
    text = "We need more. 🙏 The mayor agreed!😀😀 Dr. 🙂 Smith said so."
    assert sentences(text) == ["We need more. 🙏", "The mayor agreed!😀😀", "Dr. 🙂 Smith said so."]


def test_split_sentences_at_full_width_stops_and_dandas_without_a_space() -> None:
    assert sentences("日本語の文。これは二番目の文です。") == [
        "日本語の文。",
        "これは二番目の文です。",
    ]
    assert sentences("他说：“我们会赢！”然后离开了。真的吗？？好吧") == [
        "他说：“我们会赢！”",  # the closing quote stays with its sentence
        "然后离开了。",
        "真的吗？？",
        "好吧",
    ]
    assert sentences("「本当です。」彼は笑った。") == ["「本当です。」", "彼は笑った。"]
    # the quotative particle after the closing bracket: the quotation is part of a sentence
    assert sentences("首相は「行きます。」と述べた。次の文。") == [
        "首相は「行きます。」と述べた。",
        "次の文。",
    ]
    assert sentences("「本当です！」って言った。") == ["「本当です！」って言った。"]
    assert sentences("यह पहला वाक्य है। यह दूसरा है।") == ["यह पहला वाक्य है।", "यह दूसरा है।"]
    # Latin-script text splits as before: no space and capital, no sentence end
    assert sentences("It costs $5.99 or e.g. 3.5. fine. Next one.") == [
        "It costs $5.99 or e.g. 3.5. fine.",
        "Next one.",
    ]


def test_split_sentences_at_line_breaks_but_not_hard_wraps() -> None:
    text = "A Headline\nThe first line goes\non here. Next one.\n\nNew paragraph"
    assert sentences(text) == [
        "A Headline",
        "The first line goes\non here.",
        "Next one.",
        "New paragraph",
    ]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("**Mayor Jane Ortiz** said", "  Mayor Jane Ortiz   said"),
        ("_Jane Ortiz_ and *the mayor*", " Jane Ortiz  and  the mayor "),
        ("a [UN report](https://un.org/r) found", "a  UN report (https://un.org/r) found"),
        ("***Jane Ortiz*** and __*the mayor*__", "   Jane Ortiz    and    the mayor   "),
        ("5*3*2 and file_name_here and * a list", "5*3*2 and file_name_here and * a list"),
        ("https://x.org/_a_/b and @_jane_", "https://x.org/_a_/b and @_jane_"),  # not apart
        ("**mismatched* marks", "**mismatched* marks"),
        ("**never closed\nand not** here", "**never closed\nand not** here"),  # one line only
        ("line\rnext\r\nlast\u2028end", "line\nnext\r\nlast\nend"),
    ],
)
def test_reading_text_blanks_markdown_and_reads_line_separators(text: str, read: str) -> None:
    assert reading_text(text) == read
    assert len(read) == len(text)


@pytest.mark.parametrize("line_break", ["\r", "\u2028", "\x0c"])
def test_document_reads_other_line_breaks_as_line_feeds(line_break: str) -> None:
    text = "Officials met\nThe vote was close\nIt passed"
    assert Document(text.replace("\n", line_break)).sentences == Document(text).sentences


def test_split_sentences_is_linear_on_long_runs_of_stops() -> None:
    # A run of stops that no capital follows was tried at every stop, each try scanning the
    # rest of the run: 20,000 dots took 4 to 7 s, 100,000 would take minutes.
    started = time.perf_counter()
    for run in ("." * 100_000, "?!" * 50_000, "…" * 100_000):
        assert split_sentences(f"It ends{run} and on") == [(0, 100_014)]
        assert split_sentences(f"It ends{run}") == [(0, 100_007)]
    for run in ("。" * 100_000, "？!" * 50_000, "।" * 100_000):
        assert split_sentences(f"It ends{run}and on") == [(0, 100_007), (100_007, 100_013)]
    assert time.perf_counter() - started < 10  # generous on a loaded machine


def test_sentence_offsets_index_the_text_as_read() -> None:
    text = "  First one.\r\n\r\nSecond one.  "
    for start, end in split_sentences(text):
        assert text[start:end].strip() == text[start:end]
    assert sentences(text) == ["First one.", "Second one."]


def test_lowered_is_python_lower_casing_with_final_sigma() -> None:
    # the compiled build's own lower-casing gave "σασ σ." (no final form)
    assert Document("ΣΑΣ Σ. Police SAID").lowered == "σας σ. police said"


def test_find_quotes_straight_and_curly() -> None:
    text = 'He said "yes" and she said “no way”.'
    assert [text[s:e] for s, e in find_quotes(text)] == ['"yes"', "“no way”"]


def test_find_quotes_spanning_sentences() -> None:
    text = "“We came. We saw. We left,” she said."
    assert [text[s:e] for s, e in find_quotes(text)] == ["“We came. We saw. We left,”"]


def test_find_quotes_running_over_paragraphs() -> None:
    text = "“First paragraph of the quote.\n“Second paragraph,” he said."
    spans = find_quotes(text)
    assert [text[s:e] for s, e in spans] == [
        "“First paragraph of the quote.",
        "“Second paragraph,”",
    ]


def test_find_quotes_drops_unclosed_quote_at_line_end() -> None:
    assert find_quotes("An “open quote that never closes\nNext line.") == []


def test_document_tokens_and_word_count() -> None:
    doc = Document("The U.S. sent 1,500 troops.")
    assert [doc.text[s:e] for s, e in doc.tokens] == ["The", "U.S", "sent", "1,500", "troops"]
    assert doc.n_words == 5


def test_document_sentence_index_and_in_quote() -> None:
    doc = Document('One. He said "two words" here.')
    assert doc.sentence_index(0) == 0
    assert doc.sentence_index(doc.text.index("two")) == 1
    assert doc.in_quote(doc.text.index("two"))
    assert not doc.in_quote(doc.text.index("here"))


def test_document_sentence_indexes_match_sentence_index() -> None:
    doc = Document("  Lead in. One. He said two. Three!  ")
    offsets = list(range(-1, len(doc.text) + 2))
    assert doc.sentence_indexes(offsets) == [doc.sentence_index(o) for o in offsets]
    assert Document("").sentence_indexes([0, 3]) == [0, 0]


def test_document_memo_computes_once() -> None:
    doc = Document("x")
    calls: list[int] = []
    assert doc.memo("k", lambda d: calls.append(1) or 7) == 7
    assert doc.memo("k", lambda d: calls.append(1) or 8) == 7
    assert calls == [1]


def test_as_document_passes_documents_through() -> None:
    doc = Document("x")
    assert as_document(doc) is doc
    assert as_document("y").text == "y"


def test_find_quotes_doubled_apostrophes() -> None:
    text = "He said ''we will win'' and left."
    assert [text[s:e] for s, e in find_quotes(text)] == ["''we will win''"]


def test_find_quotes_curly_nested_in_straight() -> None:
    text = '"The memo said “no deal” today," she wrote.'
    assert [text[s:e] for s, e in find_quotes(text)] == ['"The memo said “no deal” today,"']


def test_find_quotes_opening_mark_typed_as_closer() -> None:
    text = "“It is unusual,“ said Larry Noble."
    assert [text[s:e] for s, e in find_quotes(text)] == ["“It is unusual,“"]


def test_statement_ends() -> None:
    doc = Document('Top Stories\nIt rained. "Stay in!" Is it over? (It was.)')
    assert doc.statement_ends == [False, True, True, False, True]


def test_claim_sentences_skip_headings_questions_and_stubs() -> None:
    doc = Document(
        "Why Troops Leave\nThe troops have left their posts near the border. Why? "
        "Is it true? They left."
    )
    assert [doc.sentence_text(i) for i in doc.claim_sentences] == [
        "The troops have left their posts near the border."
    ]


def test_find_quotes_closing_mark_typed_as_opener() -> None:
    text = "Readers wrote.\n”Fear. I am truly afraid.” ― Edwin Monroy\nIt ends ” here."
    quotes = [text[start:end] for start, end in Document(text).quotes]
    assert quotes == ["”Fear. I am truly afraid.”"]


def finditer_words(text: str) -> tuple[list[int], list[int]]:
    matches = list(WORD.finditer(text))
    return [m.start() for m in matches], [m.end() for m in matches]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "  two  spaces  ",
        "said, “We don’t know.” U.S. 1,000.5 1,000s 2015-16 1.5-fold",
        "(Reuters) — “—” ... x_y _a_ é² ½ 3.5. a.\nB end",
        "dogs’ 'quoted' -dash- it's",
    ],
)
def test_find_words_are_the_word_matches(text: str) -> None:
    assert find_words(text) == finditer_words(text)


@settings(max_examples=300, deadline=None)
@given(WORDY)
def test_find_words_are_the_word_matches_of_any_text(text: str) -> None:
    assert find_words(text) == finditer_words(text)


def test_non_word_ends_are_no_word_characters() -> None:
    # find_words strips them from a part's ends: one of them in a word would be cut off
    assert not any(re.match(r"\w", char) for char in _NON_WORD_ENDS)


def test_has_any() -> None:
    assert not _has_any("plain text, ‘curly’", _OTHER_LINE_BREAK_CHARS)
    assert _has_any("a\u2029b", _OTHER_LINE_BREAK_CHARS)
    assert _has_any("“a”\rb", _OTHER_LINE_BREAK_CHARS)  # a lone CR in a wide string
    assert not _has_any("", "ab")


# The emphasis pattern as first written: the look-behind before the first mark.
_EMPHASIS_LOOKBEHIND_FIRST = re.compile(
    r"(?<![^\s(\"'“‘\[])([*_]{1,3})(?=[^\s*_])([^\n*_]+?)(?<=[^\s*_])([*_]{1,3})"
    r"(?![^\s.,;:!?)\"'”’\]])"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab *_*_ (\n"“‘[.,)]’x')), max_size=40))
def test_emphasis_finds_what_its_look_behind_first_form_finds(text: str) -> None:
    def spans(pattern: re.Pattern[str]) -> list[tuple[tuple[int, int], ...]]:
        return [(m.span(1), m.span(2), m.span(3)) for m in pattern.finditer(text)]

    assert spans(_EMPHASIS) == spans(_EMPHASIS_LOOKBEHIND_FIRST)


def test_find_quotes_doubled_apostrophes_beside_single_ones() -> None:
    # three apostrophes are a doubled one and a single one; a single apostrophe ("don't",
    # "dogs'") is no quote mark
    text = "He said '''We don't know the dogs' names,'' adding ''Not yet.''"
    assert [text[s:e] for s, e in find_quotes(text)] == [
        "'''We don't know the dogs' names,''",
        "''Not yet.''",
    ]

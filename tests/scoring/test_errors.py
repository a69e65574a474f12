"""Project exceptions and message helpers: one test per function of scoring/errors.py."""

from __future__ import annotations

import errno

from sourcecheck.scoring.errors import OutputError, listed, located, one_line, visible


def test_one_line_joins_lines_and_runs_of_space() -> None:
    assert one_line(" bad\n  row\tthree ") == "bad row three"


def test_listed_names_a_few_and_counts_the_rest() -> None:
    assert listed(["a", "b", "c"], 2) == "a, b and 1 more"
    assert listed(["a", "b"], 2, "; ") == "a; b"


def test_visible_shows_control_characters_one_for_one() -> None:
    assert visible("a\x1b[2J\r\b\x7f\x85\tb\n") == "a␛[2J␍␈␡\ufffd\tb\n"


def test_visible_inline_also_shows_tab_and_newline() -> None:
    assert visible("a\tb\n::warning::x\x1b", inline=True) == "a␉b␊::warning::x␛"


def test_located_says_the_place_of_an_item_error_once() -> None:
    assert located("a.jsonl:2", "line 2: empty text") == ("a.jsonl line 2", "empty text")
    assert located("t.csv:2", "row 2: empty text") == ("t.csv row 2", "empty text")
    assert located("a.txt", "empty text: the file is empty") == (
        "a.txt",
        "empty text: the file is empty",
    )
    assert located("a.jsonl:2", "line 3: x") == ("a.jsonl:2", "line 3: x")  # another place: kept


def test_output_error_writing_names_the_place_and_the_system_reason() -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    error = OutputError.writing("'out.jsonl'", full)
    assert error.message == "cannot write 'out.jsonl': No space left on device"
    assert error.exit_code == 5
    assert OutputError.writing("x", OSError("odd")).message == "cannot write x: odd"

"""``sourcecheck index build`` and ``index add`` through the CLI."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcecheck.scoring.cli import app
from sourcecheck.scoring.reference_index import open_index


def test_skipped_inputs_are_named_up_to_a_limit_then_counted(tmp_path: Path) -> None:
    # Adding a corpus again named every duplicate id on stderr: thousands of lines.
    rows = tmp_path / "news.jsonl"
    text = "Mayor Jane Doe said on Tuesday that the Riverside bridge will close for {} days."
    lines = [json.dumps({"id": f"a{i}", "text": text.format(i + 2)}) for i in range(25)]
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    index = str(tmp_path / "index")
    runner = CliRunner()
    assert (
        runner.invoke(app, ["index", "build", str(rows), "--out", index, "-j", "1"]).exit_code == 0
    )
    result = runner.invoke(app, ["index", "add", index, str(rows), "-j", "1"])
    assert result.exit_code == 0, result.output
    named = [line for line in result.stderr.splitlines() if "skipped a" in line]
    assert len(named) == 20
    assert result.stderr.splitlines()[-1] == (
        "sourcecheck: 25 input(s) skipped, 25 of them ids already indexed (5 not shown)"
    )


def test_unreadable_inputs_are_named_before_ids_already_indexed(tmp_path: Path) -> None:
    # They came after 20 duplicate ids, so no line named them.
    rows = tmp_path / "news.jsonl"
    text = "Mayor Jane Doe said on Tuesday that the Riverside bridge will close for {} days."
    lines = [json.dumps({"id": f"a{i}", "text": text.format(i + 2)}) for i in range(25)]
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    index = str(tmp_path / "index")
    runner = CliRunner()
    assert runner.invoke(app, ["index", "build", str(rows), "--out", index]).exit_code == 0
    result = runner.invoke(app, ["index", "add", index, str(rows), str(tmp_path / "empty.txt")])
    assert result.exit_code == 4, result.output
    assert "empty.txt" in result.stderr.splitlines()[0]


def test_an_unreadable_input_is_named_and_exits_4_the_rest_indexed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(
        "Mayor Jane Doe said on Tuesday that the Riverside bridge will close for ten days.",
        encoding="utf-8",
    )
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = str(tmp_path / "index")
    result = CliRunner().invoke(app, ["index", "build", str(good), str(empty), "--out", out])
    assert result.exit_code == 4, result.output
    assert "indexed 1 article(s)" in result.stdout
    assert f"skipped {empty}" in result.stderr


def test_stdin_articles_are_indexed_under_ids_of_their_text(tmp_path: Path) -> None:
    # Every stdin article had the id '-': 'index add IDX -' skipped all but the first.
    first = "Mayor Jane Doe said on Tuesday that the Riverside bridge will close for ten days."
    second = "Police chief Tom Reed said on Friday that 40 officers were hired in March."
    index = str(tmp_path / "index")
    runner = CliRunner()
    built = runner.invoke(app, ["index", "build", "-", "--out", index], input=first)
    assert built.exit_code == 0, built.output
    added = runner.invoke(app, ["index", "add", index, "-"], input=second)
    assert added.exit_code == 0, added.output
    assert "added 1 article(s)" in added.stdout
    again = runner.invoke(app, ["index", "add", index, "-"], input=second)
    assert "added 0 article(s)" in again.stdout
    digest = hashlib.sha256(second.encode()).hexdigest()[:12]
    assert f"skipped -:{digest}: duplicate id" in again.stderr


def test_a_tsv_table_on_stdin_is_not_indexed_as_one_article(tmp_path: Path) -> None:
    table = "id\ttext\na\tMayor Jane Doe said on Tuesday that the Riverside bridge will close.\n"
    out = str(tmp_path / "index")
    result = CliRunner().invoke(app, ["index", "build", "-", "--out", out, "-j", "1"], input=table)
    assert result.exit_code == 2
    assert "a TSV table is not read from standard input" in result.stderr


def test_an_out_that_cannot_be_an_index_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file as --out, a file in its path, or a folder that cannot be written to were
    # internal errors (NotADirectoryError, FileExistsError, exit 3).
    article = tmp_path / "a.txt"
    article.write_text("Mayor Jane Doe said on Tuesday that the bridge will close.", "utf-8")
    afile = tmp_path / "afile"
    afile.touch()
    runner = CliRunner()
    for out, why in ((afile, "it is a file, not a folder"), (afile / "sub", "is a file")):
        result = runner.invoke(app, ["index", "build", str(article), "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert why in result.stderr and len(result.stderr.splitlines()) == 1
    added = runner.invoke(app, ["index", "add", str(afile), str(article)])
    assert added.exit_code == 2
    assert "it is a file, not an index folder" in added.stderr

    def refused(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    out = tmp_path / "readonly" / "index"
    result = runner.invoke(app, ["index", "build", str(article), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"cannot make a folder in '{out.parent}': Permission denied" in result.stderr


def test_build_indexes_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = os.path.join(os.fsencode(corpus), b"caf\xe9.txt")
    with open(name, "wb") as handle:
        handle.write(b"Mayor Jane Doe said on Tuesday that the Riverside bridge will close.")
    index = str(tmp_path / "index")
    result = CliRunner().invoke(app, ["index", "build", str(corpus), "--out", index, "-j", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("indexed 1 article(s)")
    assert "caf\ufffd.txt: the file name or id is not valid Unicode" in result.stderr


def test_two_file_names_that_repair_to_one_id_are_both_indexed(tmp_path: Path) -> None:
    # caf\xe9.txt and caf\xe8.txt both repair to caf\ufffd.txt: the second was skipped as
    # "duplicate id: already indexed", though no file was given twice.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for byte, day in ((b"\xe8", "Monday"), (b"\xe9", "Tuesday")):
        with open(os.path.join(os.fsencode(corpus), b"caf" + byte + b".txt"), "wb") as handle:
            handle.write(f"Mayor Jane Doe said on {day} that the bridge will close.".encode())
    index = str(tmp_path / "index")
    build = CliRunner().invoke(app, ["index", "build", str(corpus), "--out", index, "-j", "1"])
    assert build.exit_code == 0, build.output
    assert build.stdout.startswith("indexed 2 article(s)")
    assert open_index(index).ids == [f"{corpus}/caf\ufffd.txt", f"{corpus}/caf\\xe9.txt"]
    assert (
        f"{corpus}/caf\\xe9.txt: indexed under this id (its undecodable bytes escaped), as "
        f"{corpus}/caf\ufffd.txt, its name with U+FFFD for them, is already the id of "
        f"{corpus}/caf\\xe8.txt\n"
    ) in build.stderr
    again = CliRunner().invoke(app, ["index", "add", index, str(corpus), "-j", "1"])
    assert again.exit_code == 0 and again.stdout.startswith("added 0 article(s)")  # the same ids


def test_a_second_writer_of_an_index_is_a_usage_error_and_a_reader_says_why_it_fails(
    tmp_path: Path, claimed_elsewhere: Callable[[Path], subprocess.Popen[bytes]]
) -> None:
    # A build during an add replaced the folder the add wrote, its articles lost; a score
    # --against it meanwhile said the index was broken: "rebuild it".
    article = tmp_path / "a.txt"
    article.write_text("Mayor Jane Doe said on Tuesday that the bridge will close.", "utf-8")
    index = tmp_path / "index"
    runner = CliRunner()
    built = runner.invoke(app, ["index", "build", str(article), "--out", str(index), "-j", "1"])
    assert built.exit_code == 0
    (index / "articles.sqlite").unlink()  # as a reader finds it between an add's writes
    holder = claimed_elsewhere(index)
    busy = f"sourcecheck: error: another sourcecheck run is writing {str(index)!r}: wait for it"
    for command in (["index", "add", str(index)], ["index", "build", "--out", str(index)]):
        result = runner.invoke(app, [*command, str(article)])
        assert result.exit_code == 2
        assert result.stderr == f"{busy} (an index build or add) to finish\n"
    scored = runner.invoke(app, ["score", str(article), "--against", str(index)])
    assert "another sourcecheck run is writing it (index build or add)" in scored.stderr
    holder.communicate()  # it ends: the index is only broken now
    scored = runner.invoke(app, ["score", str(article), "--against", str(index)])
    assert "rebuild it" in scored.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "index"]

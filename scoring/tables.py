"""Terminal tables (rich) for people reading results; machine formats live in writers."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from sourcecheck.scoring.by_sentence import evidence_by_sentence, notes
from sourcecheck.scoring.errors import visible
from sourcecheck.scoring.reasons import corroboration_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def _plain(value: object, style: str = "") -> Text:
    """``value`` as literal text: ids, paths, errors and article text come from the input,
    and rich would read them as markup ("[b]" dropped, a stray "[/x]" failing, ":smile:"
    an emoji, a trailing backslash doubled by escaping). A Text is never parsed, and its
    control characters are shown as symbols."""
    from rich.text import Text

    return Text(visible(str(value)), style=style)


def _warnings(record: dict[str, Any]) -> list[Text]:
    """The record's warnings as marked lines (a guessed encoding, a short or non-English
    text): a reader of the table must see them beside the numbers they qualify."""
    return [_plain(f"warning: {w}", "yellow") for w in record.get("warnings") or []]


def _console(stream: IO[str], **options: Any) -> Console:
    """A console onto ``stream`` that lets a closed pipe (``| head``) raise BrokenPipeError,
    which the CLI turns into exit 141; rich's own handler exits 1, the code of a failed
    check."""
    from rich.console import Console

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return _PipeConsole(file=stream, highlight=False, emoji=False, **options)


def _hanging(line: str, width: int, first: int, rest: int) -> str:
    """``line`` wrapped to ``width`` columns after a prefix of ``first`` columns (the
    caller prints it), later lines indented by ``rest`` spaces, ending in a newline; a word
    wider than a line is folded, not cut."""
    import textwrap

    wrapped = textwrap.fill(
        line,
        width,
        initial_indent=" " * first,
        subsequent_indent=" " * rest,
        break_on_hyphens=False,
    )
    return wrapped[first:] + "\n"


_BAND_COLOURS = {"high": "green", "medium": "yellow", "low": "red"}
# The colour of each kind of note under a sentence: what lowers the score is red or yellow.
_NOTE_STYLES = {
    "claim": "red",
    "authorial": "yellow",
    "attribution": "green",
    "attributed": "cyan",
    "marker": "dim",
}


def _print_evidence_by_sentence(console: Console, record: dict[str, Any], heading: Text) -> None:
    """The record's text sentence by sentence under ``heading``, each sentence followed by
    what its evidence says (the record needs its ``text`` and ``evidence``)."""
    from rich.text import Text

    text = record["text"]
    console.rule(heading, align="left")
    grouped = evidence_by_sentence(text, record.get("evidence") or [])
    # Wrapped here, as one Text per article, with a hanging indent: a rich grid measured
    # every row of every article (about 25 ms an article, ten times the scoring).
    margin = len(str(len(grouped))) + 1
    width = max(console.width, margin + 12)
    lines = Text(no_wrap=True, end="")
    for number, ((start, end), items) in enumerate(grouped, 1):
        sentence = " ".join(text[start:end].split())
        lines.append(f"{number:>{margin - 1}} ", "dim")
        lines.append(_plain(_hanging(sentence, width, margin, margin)))
        for kind, note in notes(items, text):
            lines.append(" " * margin)
            note_lines = _hanging(f"↳ {note}", width, margin, margin + 2)
            lines.append(_plain(note_lines, _NOTE_STYLES[kind]))
    console.print(lines, soft_wrap=True)
    console.print()


class FeatureTable:
    """One small feature/value table per article, printed as records arrive. With
    ``evidence``, each article's text follows sentence by sentence with what its evidence
    says (records need their ``text``)."""

    def __init__(self, stream: IO[str], evidence: bool = False) -> None:
        self.console = _console(stream, soft_wrap=False)
        self.evidence = evidence

    def write(self, record: dict[str, Any]) -> None:
        from rich.table import Table
        from rich.text import Text

        ident, where = record["id"], record["input"]
        title = ident if ident == where else f"{ident}  ({where})"  # a file's id is its path
        if record["status"] != "ok":
            self.console.print(
                Text.assemble(_plain(title, "bold red"), ": ", _plain(record["error"]))
            )
            return
        table = Table(
            title=_plain(title), title_justify="left", show_header=True, box=None, pad_edge=False
        )
        table.add_column("feature")
        table.add_column("value", justify="right")
        for name, value in record["features"].items():
            table.add_row(name, "n/a" if value is None else f"{value:.3g}")
        self.console.print(table)
        for line in _warnings(record):
            self.console.print(line)
        self.console.print()
        if self.evidence and isinstance(record.get("text"), str):
            _print_evidence_by_sentence(self.console, record, _plain(f"{ident}: evidence"))

    def close(self) -> None:
        self.console.file.flush()


class ScoreTable:
    """Score, band and the top reasons of each article, in one table printed at the end.
    With ``explain``, each article is first shown sentence by sentence as it arrives, each
    sentence followed by what its evidence says (records need their ``text``)."""

    def __init__(self, stream: IO[str], explain: bool = False) -> None:
        from rich.table import Table

        self.console = _console(stream)
        self.explain = explain
        self.table = Table(show_lines=True)
        self.table.add_column("article", overflow="fold")
        self.table.add_column("score", justify="right")
        self.table.add_column("band")
        # Folded, not cut with "…": a narrow terminal must not lose a word of a reason.
        self.table.add_column("top reasons", overflow="fold")

    def write(self, record: dict[str, Any]) -> None:
        from rich.text import Text

        name = _plain(record["id"])
        if record["status"] != "ok":
            self.table.add_row(name, "-", "[red]error[/]", _plain(record["error"]))
            return
        colour = _BAND_COLOURS[record["band"]]
        contributions = record.get("contributions") or []
        weighed = any(c["feature"].startswith("corroboration__") for c in contributions)
        lines = [*(record.get("reasons") or []), corroboration_line(record["features"], weighed)]
        reasons = Text("\n").join([_plain(line) for line in lines if line] + _warnings(record))
        self.table.add_row(
            name, f"{record['score']:.2f}", f"[{colour}]{record['band']}[/]", reasons
        )
        if self.explain and isinstance(record.get("text"), str):
            self._print_sentences(record)

    def _print_sentences(self, record: dict[str, Any]) -> None:
        from rich.text import Text

        colour = _BAND_COLOURS[record["band"]]
        score = (f"{record['score']:.2f} {record['band']}", colour)
        heading = Text.assemble(_plain(record["id"]), ": ", score)
        _print_evidence_by_sentence(self.console, record, heading)

    def close(self) -> None:
        self.console.print(self.table)

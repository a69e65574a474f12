"""Project exceptions; the CLI turns them into exit codes at the edge.

Per-item problems (a bad file, a malformed row) are not exceptions: loaders yield a
:class:`~sourcecheck.scoring.articles.LoadError` for them and go on. These exceptions are
for problems that make the whole request wrong, such as a CSV with no ``text`` column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def one_line(text: str) -> str:
    """``text`` on one line: messages and error records are one line each."""
    return " ".join(text.split())


# Control characters shown, not sent: an ESC from a scraped page or an id would drive the
# terminal ("\x1b[2J" clears it), and rich drops "\r" and "\b" unseen. C0 and DEL become
# their Unicode control pictures (␛, ␍, ␡), C1 the replacement character; one for one.
_VISIBLE_CONTROLS = {
    **{code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n"},
    0x7F: 0x2421,
    **{code: 0xFFFD for code in range(0x80, 0xA0)},
}
# On one line, tab and newline too (␉, ␊): an id with a newline would split a stderr line,
# and its second line could pass for a CI workflow command ("::warning::...").
_INLINE_CONTROLS = {**_VISIBLE_CONTROLS, 0x09: 0x2409, 0x0A: 0x240A}


def listed(items: Sequence[str], shown: int, separator: str = ", ") -> str:
    """The first ``shown`` of ``items`` joined, and how many more there are: a message
    names a few, not thousands."""
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return separator.join(items[:shown]) + more


def visible(text: str, *, inline: bool = False) -> str:
    """``text`` with its control characters (but tab and newline, unless ``inline``) shown
    as symbols, for a terminal: input that reaches stdout or stderr must not drive it."""
    return text.translate(_INLINE_CONTROLS if inline else _VISIBLE_CONTROLS)


# The loaders' item errors start with the row they are about ("line 2: empty text").
_ROW_PREFIX = re.compile(r"(line|row|text) (\d+): ")


def located(input: str, error: str) -> tuple[str, str]:
    """Where an item error is and why, for one line of stderr, the place said once: input
    ``a.jsonl:2`` and error ``line 2: empty text`` are ``a.jsonl line 2`` and ``empty
    text``. A whole file's error, or one about another row, is kept as it is."""
    prefix = _ROW_PREFIX.match(error)
    if prefix is None or not input.endswith(f":{prefix[2]}"):
        return input, error
    return f"{input.removesuffix(':' + prefix[2])} {prefix[1]} {prefix[2]}", error[prefix.end() :]


class SourcecheckError(Exception):
    """A problem the user has to fix; ``exit_code`` is the process exit code for it."""

    exit_code: int = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class UsageError(SourcecheckError):
    """The command was called wrongly (exit code 2, like typer's own usage errors)."""

    exit_code = 2


class OutputError(SourcecheckError):
    """The output could not be written (a full disk, a quota, a device's I/O error): the
    system's problem, neither a usage error nor a bug, so exit code 5."""

    exit_code = 5

    @classmethod
    def writing(cls, where: str, error: OSError) -> OutputError:
        """``error``, raised writing ``where``, as the one-line message a user sees."""
        return cls(f"cannot write {where}: {error.strerror or error}")


class DataError(UsageError, ValueError):
    """Labelled data that cannot support a fit or a grouped evaluation (one label only,
    too few publishers): the user's data, not a bug, so exit code 2. Also a ValueError,
    as scikit-learn estimators raise for bad data."""

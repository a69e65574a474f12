"""Project exceptions; the CLI turns them into exit codes at the edge.

Per-item problems (a bad file, a malformed row) are not exceptions: loaders yield a
:class:`~sourcecheck.scoring.articles.LoadError` for them and go on. These exceptions are
for problems that make the whole request wrong, such as a CSV with no ``text`` column.
"""

from __future__ import annotations


def one_line(text: str) -> str:
    """``text`` on one line: messages and error records are one line each."""
    return " ".join(text.split())


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


class DataError(UsageError, ValueError):
    """Labelled data that cannot support a fit or a grouped evaluation (one label only,
    too few publishers): the user's data, not a bug, so exit code 2. Also a ValueError,
    as scikit-learn estimators raise for bad data."""

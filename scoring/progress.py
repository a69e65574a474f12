"""A progress bar on standard error, only when a person is watching it."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
DELAY_SECONDS = 2.0


def _progress() -> Any:
    from rich.console import Console
    from rich.progress import Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:.0f}/s" if task.speed else "")

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description} {task.completed}"),
        RateColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def with_progress(
    items: Iterable[T], description: str, *, enabled: bool | None = None
) -> Iterator[T]:
    """``items`` unchanged; a count, rate and elapsed time on stderr when it is a terminal.

    Never on stdout, where machine formats go. The bar appears only once a run has taken
    a couple of seconds, so a quick run prints nothing extra.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield from items
        return
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        progress, task = None, None
        for done, item in enumerate(items, start=1):
            yield item
            if progress is None and time.monotonic() - started > DELAY_SECONDS:
                progress = stack.enter_context(_progress())
                task = progress.add_task(description, total=None, completed=done)
            elif progress is not None:
                progress.advance(task)

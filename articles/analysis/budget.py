"""A time budget for one analysis, so that one runaway file fails alone.

Cooperative: nothing interrupts the analysis from outside (a signal cannot reach a
web or worker thread, and killing a thread is not possible in Python). `analyze`
sets a deadline for the text it is given; the pipeline's stages, and the loops
inside the longest of them, call `check`, which raises `BudgetExceeded` once the
deadline has passed. The analysis is linear in its input, so the checks between
paragraphs and sentences come at steady intervals. The deadline lives in a context
variable: concurrent analyses in threads of one process keep their own.
"""

import contextvars
from contextlib import contextmanager
from time import monotonic

from .text import InputError

_deadline = contextvars.ContextVar("analysis_deadline", default=None)


class BudgetExceeded(InputError):
    """The analysis of one text ran past its time budget."""


@contextmanager
def time_budget(seconds):
    """Analyses run inside this block stop after `seconds` (None: no limit)."""
    if seconds is None:
        yield
        return
    token = _deadline.set((monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check(stage):
    """Raise BudgetExceeded if the current analysis is past its deadline."""
    deadline = _deadline.get()
    if deadline is not None and monotonic() > deadline[0]:
        raise BudgetExceeded(
            f"analysis stopped at its {deadline[1]:g}-second time budget "
            f"(in {stage}): the text is too long or too unusual to analyze; "
            "split it or remove what is not the story"
        )

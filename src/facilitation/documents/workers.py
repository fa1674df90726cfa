"""Render a build's documents on every core of the machine.

A build renders dozens of documents that do not depend on one another; each takes a tenth of a
second to a second, and one Python process uses one core. The documents are rendered by worker
processes forked from the build, so that they share what the build has read and checked (nothing
is sent to them but the index of a document) and send back the bytes of the document and the
warnings its template gave.

Why by hand: :class:`concurrent.futures.ProcessPoolExecutor` does the work; what it cannot know is
that a render is a closure over the checked workshop (which forking shares and pickling would copy
for every document) and how a template's error is told apart from a failure of the program.

Workers are forked on Linux only: elsewhere a new process would import and read everything again
(macOS forbids forking a process that has used some system libraries), so the build renders in
its own process there, as it does with ``--jobs 1`` or a single document.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from facilitation.errors import Diagnostic, TemplateError

#: Renders one document; its template's warnings go to the list it is given.
Render = Callable[[list[Diagnostic]], bytes]


@dataclass(frozen=True)
class Job:
    """One document to render, and the name the progress line shows while it renders."""

    label: str
    render: Render
    #: It draws charts (see :func:`_batches`).
    charts: bool = False


@dataclass
class Rendered:
    """What rendering one document gave: its bytes, or the template error that stopped it."""

    data: bytes = b""
    warnings: list[Diagnostic] = field(default_factory=list)
    error: Diagnostic | None = None


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def render_all(
    jobs: Sequence[Job], workers: int, announce: Callable[[str], None] | None = None
) -> list[Rendered]:
    """Render every job, in ``workers`` processes at most; the results in the order of ``jobs``.

    ``announce`` hears each job's label as its document is finished (in the order they finish).
    An error that is not a template's (a bug, a full memory) stops the build as it would in one
    process.
    """
    if workers < 2 or len(jobs) < 2 or not sys.platform.startswith("linux"):
        results = []
        for job in jobs:
            if announce:
                announce(job.label)
            results.append(_render(job))
        return results
    return _render_in_workers(jobs, min(workers, len(jobs)), announce)


def _render(job: Job) -> Rendered:
    warnings: list[Diagnostic] = []
    try:
        data = job.render(warnings)
    except TemplateError as error:
        return Rendered(warnings=warnings, error=error.diagnostic)
    return Rendered(data, warnings)


#: The jobs of the build in progress, read by the forked workers (by index).
_JOBS: Sequence[Job] = ()


def _render_at(indices: Sequence[int]) -> list[Rendered]:
    return [_render(_JOBS[index]) for index in indices]


#: Rough costs, in documents with charts (about 0.3 s each where measured): loading the chart
#: library in a worker, and rendering a document without charts.
_CHART_LIBRARY_COST = 2.5
_OTHER_DOCUMENT_COST = 0.2


def _batches(jobs: Sequence[Job], workers: int) -> list[list[int]]:
    """The indices of ``jobs`` in the groups that one worker renders at a time.

    A worker loads the chart library (matplotlib, most of a second) before its first chart: the
    documents that draw charts are dealt into as few groups as keep the build short
    (:func:`_chart_groups`), handed out first, so that the other workers never load it and
    render the rest meanwhile. Every other document is a group of its own, handed out in order
    as workers come free.
    """
    charted = [index for index, job in enumerate(jobs) if job.charts]
    groups = _chart_groups(len(charted), len(jobs) - len(charted), workers)
    batches = [charted[start::groups] for start in range(groups)]
    return [batch for batch in batches if batch] + [
        [index] for index, job in enumerate(jobs) if not job.charts
    ]


def _chart_groups(charted: int, others: int, workers: int) -> int:
    """How many workers draw the ``charted`` documents: the fewest with the earliest end.

    The build ends no sooner than its longest group of charts, nor before the work of every
    group and every other document is shared out among the workers (costs in
    :data:`_CHART_LIBRARY_COST`'s units).
    """

    def end(groups: int) -> float:
        longest = _CHART_LIBRARY_COST + -(-charted // groups)
        shared = groups * _CHART_LIBRARY_COST + charted + others * _OTHER_DOCUMENT_COST
        return max(longest, shared / workers)

    return min(range(1, max(1, min(workers, charted)) + 1), key=end)


def _quiet_interrupt() -> None:
    """Ctrl-C is the build's to handle: a worker would print a traceback for each document."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_in_workers(
    jobs: Sequence[Job], workers: int, announce: Callable[[str], None] | None
) -> list[Rendered]:
    import multiprocessing

    global _JOBS
    _JOBS = jobs
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_interrupt)
    results: dict[int, Rendered] = {}
    try:
        futures = {pool.submit(_render_at, batch): batch for batch in _batches(jobs, workers)}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                # A failure of the program stops the build here.
                for index, rendered in zip(futures[future], future.result(), strict=True):
                    results[index] = rendered
                    if announce:
                        announce(jobs[index].label)
        return [results[index] for index in range(len(jobs))]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _JOBS = ()

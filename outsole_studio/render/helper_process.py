"""A process of its own beside the sheet's work: spawned (the same on every platform), with
its first job already given, or None where no process can be started (a daemon process, such as
the window's worker)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

log = logging.getLogger(__name__)


def started(fn: Callable[..., Any], *args: Any) -> tuple[ProcessPoolExecutor, Future[Any]] | None:
    """One spawned worker process running ``fn(*args)`` first; None (said in the log) where no
    process can be started."""
    try:
        import multiprocessing

        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        return pool, pool.submit(fn, *args)
    except Exception as exc:  # noqa: BLE001 - no process here: the caller works in this one
        log.info("no helper process here (%s)", exc)
        return None

"""Where the per-chunk work runs: in this process, in a pool of processes, or on Dask.

Every engine offers ``submit(func, *args) -> future`` (``future.done()``,
``future.result()``), ``wait_any(futures)`` (blocks until one of them is done) and
``shutdown(stop=False)`` (with ``stop``: at once, running work abandoned, for a run that
failed or was interrupted); :func:`make_executor` picks one.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from typing import Any


class _InlineFuture:
    def __init__(self, func: Callable, *args: Any) -> None:
        self._value = func(*args)

    def done(self) -> bool:
        return True

    def result(self) -> Any:
        return self._value


class _InlineExecutor:
    def submit(self, func: Callable, *args: Any) -> _InlineFuture:
        return _InlineFuture(func, *args)

    def wait_any(self, futures: list[_InlineFuture]) -> None:
        pass  # done when made

    def shutdown(self, stop: bool = False) -> None:
        pass


class _DaskExecutor:
    def __init__(self, scheduler: str | None, jobs: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:  # pragma: no cover - depends on the install
            raise ValueError("--engine dask needs the dask extra: pip install '.[dask]'") from error
        if scheduler:
            self._cluster = None
            self._client = Client(scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=jobs, threads_per_worker=1, dashboard_address=None
            )
            self._client = Client(self._cluster)

    def submit(self, func: Callable, *args: Any) -> Future:
        return self._client.submit(func, *args, pure=False)

    def wait_any(self, futures: list[Future]) -> None:
        from distributed import wait as wait_futures

        wait_futures(futures, return_when="FIRST_COMPLETED")

    def shutdown(self, stop: bool = False) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(engine: str, jobs: int, scheduler: str | None) -> Any:
    """An executor for ``engine`` ("local" or "dask") with ``jobs`` workers.

    Local with one job runs in this process; more jobs fork worker processes. Dask uses the
    scheduler at ``scheduler``, or starts a local cluster of ``jobs`` workers.

    Raises:
        ValueError: an unknown engine.
    """
    if engine == "dask":
        return _DaskExecutor(scheduler, jobs)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")
    if jobs <= 1:
        return _InlineExecutor()
    return _ProcessExecutor(jobs)


class _ProcessExecutor:
    def __init__(self, jobs: int) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=get_context("fork"),
            initializer=_start_worker,
            initargs=(os.getpid(),),
        )

    def submit(self, func: Callable, *args: Any) -> Future:
        return self._pool.submit(func, *args)

    def wait_any(self, futures: list[Future]) -> None:
        wait(futures, return_when=FIRST_COMPLETED)

    def shutdown(self, stop: bool = False) -> None:
        """Shut the pool down after its running tasks; with ``stop``, end the workers first
        (SIGTERM), abandoning their tasks: a failed or interrupted run does not wait for them.
        """
        if stop:
            # ``_processes`` is the pool's own table of its worker processes (Python 3.14
            # has ``terminate_workers()`` for this).
            for process in list((getattr(self._pool, "_processes", None) or {}).values()):
                with contextlib.suppress(OSError, ValueError):  # already ended
                    process.terminate()
        self._pool.shutdown(cancel_futures=True)


def _start_worker(parent: int) -> None:
    """Set up a pool worker: it ignores Ctrl-C and ends when its parent ends.

    Ctrl-C reaches every process of the terminal's process group; the parent alone handles
    it and stops the workers, which otherwise printed a traceback each. A parent killed
    with SIGKILL cannot stop them, and a worker waiting for its next task reads a pipe that
    no one closes (forked workers hold its write end too), so the kernel ends the worker
    when its parent goes (Linux ``PR_SET_PDEATHSIG``); elsewhere a thread of the worker
    checks its parent every second.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _exit_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent ended before that was set up
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _exit_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent ends; False where that is not
    available. (The "parent" is the thread that forked this process: the pool forks its
    workers in the thread that first submits work, the main thread of ``analysis process``.)
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux: no prctl
        return False


def _watch_parent(parent: int) -> None:
    """End this process once its parent ``parent`` has ended."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)

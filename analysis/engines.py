"""Where the per-chunk work runs: in this process, in a pool of processes, or on Dask.

Every engine offers ``submit(func, *args) -> future`` (``future.done()``,
``future.result()``), ``wait_any(futures)`` (blocks until one of them is done) and
``shutdown()``; :func:`make_executor` picks one.
"""

from __future__ import annotations

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

    def shutdown(self) -> None:
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

    def shutdown(self) -> None:
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
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"))

    def submit(self, func: Callable, *args: Any) -> Future:
        return self._pool.submit(func, *args)

    def wait_any(self, futures: list[Future]) -> None:
        wait(futures, return_when=FIRST_COMPLETED)

    def shutdown(self) -> None:
        self._pool.shutdown(cancel_futures=True)

"""Run a check over many records: in this process, in N local processes, or on Dask.

Every engine gives the same results in the same (input) order as a plain one-process run;
only the speed differs. Ids are assigned here, in the parent, before records are shared
out, because a repeated id can only be detected by someone who sees all records.

Memory stays flat however long the input: records are read lazily, and at most
``jobs * IN_FLIGHT_PER_JOB`` batches are being processed or waiting to be written at any
time (``multiprocessing.Pool.imap`` would read the whole input ahead; we do not use it).

Each worker process builds its :class:`~aligner.pipeline.Checker` once (models loaded once
per process) and reuses it for every batch it receives.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from aligner.errors import AlignerError, ConfigurationError
from aligner.pipeline import Checker, CheckerConfig
from aligner.records import CheckResult, InputRecord
from aligner.validate import assign_ids

ENGINES = ("local", "dask")
IN_FLIGHT_PER_JOB = 4


def available_cores() -> int:
    """Cores this process may use (respects CPU affinity, e.g. in containers and batch jobs)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class RunOptions:
    """How to run: ``jobs`` processes (0 = all cores) with the local engine, or Dask."""

    jobs: int = 0
    engine: str = "local"
    scheduler: str | None = None
    batch_size: int = 8
    skip: int = 0
    skip_last_id: str | None = None

    def effective_jobs(self) -> int:
        return self.jobs if self.jobs > 0 else available_cores()


def run_check(
    records: Iterable[InputRecord], config: CheckerConfig, options: RunOptions | None = None
) -> Iterator[CheckResult]:
    """Check every record, yielding results in input order.

    ``options.skip`` leaves out the first results (already written by an interrupted run)
    while still assigning their ids, so the ids of the rest are the same as in a full run.
    """
    options = options or RunOptions()
    if options.engine not in ENGINES:
        raise ConfigurationError(f"unknown engine {options.engine!r}; use one of {ENGINES}")
    prepared = _skip(assign_ids(records), options.skip, options.skip_last_id)
    if options.engine == "dask":
        yield from _run_dask(prepared, config, options)
        return
    jobs = options.effective_jobs()
    head = list(itertools.islice(prepared, jobs * options.batch_size * 2))
    rest = itertools.chain(head, prepared)
    if jobs == 1 or len(head) < jobs * options.batch_size * 2:
        # Small input: starting processes would cost more than it saves.
        checker = new_checker(config)
        yield from (checker.check(record) for record in rest)
        return
    yield from _run_processes(rest, config, jobs, options.batch_size)


def _skip(records: Iterator[InputRecord], count: int, last_id: str | None) -> Iterator[InputRecord]:
    """Leave out the first ``count`` records, checking that the last of them is ``last_id``.

    That check is what makes ``--resume`` safe: an output file from another input (or the
    same input reordered) is refused instead of being silently extended.
    """
    seen = 0
    for record in records:
        seen += 1
        if seen < count:
            continue
        if seen == count:
            if last_id is not None and record.id != last_id:
                raise AlignerError(
                    f"cannot resume: the output's record {count} has id '{last_id}' but input "
                    f"record {count} has id '{record.id}'; the output does not come from this "
                    "input (start afresh without --resume, or use the original input)"
                )
            continue
        yield record
    if seen < count:
        raise AlignerError(
            f"cannot resume: the output already holds {count} records but the input has only "
            f"{seen}; the output does not come from this input"
        )


def batched(records: Iterable[InputRecord], size: int) -> Iterator[list[InputRecord]]:
    """Consecutive lists of ``size`` records (the last may be shorter)."""
    iterator = iter(records)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# --- local processes --------------------------------------------------------------------

_WORKER_CHECKER: Checker | None = None


def _init_worker(config: CheckerConfig, threads: int) -> None:
    """Build this worker's Checker once; every batch it gets reuses it.

    Native code (the e5 engine uses OpenMP) would otherwise start one thread per core in
    every worker and oversubscribe the machine; each worker gets its share of the cores.
    """
    global _WORKER_CHECKER
    # Ctrl-C reaches the whole process group; the parent alone handles it (closes the
    # output, says how far it got), so workers neither die mid-batch nor print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    _WORKER_CHECKER = new_checker(config)


def new_checker(config: CheckerConfig) -> Checker:
    """A Checker for this process, with BLAS limited to one thread (see
    :func:`limit_blas_threads`; after the Checker, numpy and its BLAS are loaded by then)."""
    checker = Checker(config)
    limit_blas_threads(1)
    return checker


def limit_blas_threads(threads: int) -> None:
    """Make the BLAS that numpy loaded use at most ``threads`` threads in this process.

    Our matrix products are small (one document's sentence vectors), so extra BLAS threads
    only wait, spinning: on 2 cores, 2 OpenBLAS threads per process cost 1-5 ms of CPU per
    record. OpenBLAS reads ``OMP_NUM_THREADS`` once, when numpy is imported (in the parent,
    before workers are forked), so the environment cannot change it afterwards;
    threadpoolctl sets it through the library's own API. The e5 engine uses OpenMP, not
    BLAS, and is not affected. Results are identical with any thread count.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # an install without it only costs CPU
        return
    threadpool_limits(limits=threads, user_api="blas")


def _check_batch_in_worker(batch: list[InputRecord]) -> list[CheckResult]:
    assert _WORKER_CHECKER is not None, "worker was not initialised"
    return [_WORKER_CHECKER.check(record) for record in batch]


def _run_processes(
    records: Iterable[InputRecord], config: CheckerConfig, jobs: int, batch_size: int
) -> Iterator[CheckResult]:
    """A bounded window of batches over ``jobs`` processes, yielded in submission order.

    ``fork`` is used where available: workers start in milliseconds and inherit the
    imported modules; the parent never loads a model, so nothing unsafe is forked.
    """
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    window: deque[Future[list[CheckResult]]] = deque()
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_init_worker,
        initargs=(config, max(1, available_cores() // jobs)),
    ) as pool:
        try:
            for batch in batched(records, batch_size):
                window.append(pool.submit(_check_batch_in_worker, batch))
                if len(window) >= jobs * IN_FLIGHT_PER_JOB:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
        finally:
            # Stopped early (Ctrl-C, a closed pipe, a full disk): drop the queued batches
            # instead of checking them for nobody before the pool can shut down.
            for future in window:
                future.cancel()


# --- Dask -------------------------------------------------------------------------------

_DASK_CHECKERS: dict[CheckerConfig, Checker] = {}


def check_batch_on_dask_worker(batch: list[InputRecord], config: CheckerConfig) -> list[Any]:
    """Runs on a Dask worker: one Checker per worker process and config, kept between tasks."""
    checker = _DASK_CHECKERS.get(config)
    if checker is None:
        checker = _DASK_CHECKERS[config] = new_checker(config)
    return [checker.check(record) for record in batch]


def _run_dask(
    records: Iterable[InputRecord], config: CheckerConfig, options: RunOptions
) -> Iterator[CheckResult]:
    """Partition records into batches and run them on a Dask cluster, results in order.

    Without ``--scheduler`` a local cluster of ``jobs`` worker processes is started (and
    stopped at the end); with one, the existing cluster is used and left running. Workers
    must have the same version of ``aligner`` installed.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigurationError(
            "the dask engine needs the [dask] extra: pip install 'aligner[dask]'"
        ) from exc
    cluster = None
    if options.scheduler:
        client = Client(options.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=options.effective_jobs(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    try:
        window: deque[Any] = deque()
        in_flight = max(1, options.effective_jobs()) * IN_FLIGHT_PER_JOB
        for batch in batched(records, options.batch_size):
            window.append(client.submit(check_batch_on_dask_worker, batch, config, pure=False))
            if len(window) >= in_flight:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

"""JSONL files across worker processes (``--jobs N``), in byte ranges cut at line boundaries.

The parent cuts each file into pieces (:func:`split`), a few per worker and at most
:data:`MAX_PIECE` bytes, and keeps at most two pieces per worker in flight. Each worker has
the validator once: inherited compiled (fork, on Linux when the parent runs no other thread)
or received as a :class:`~generator.payloads.spec.ValidatorSpec` and executed by its
initializer (spawn). It reads its pieces from the file itself and returns only the problems and
the line count. The parent takes the results in file order, numbers the lines and writes them:
the output and the exit code are those of ``--jobs 1``, and memory stays flat however large the
file (a piece at a time per worker, the problems of at most ``2 * jobs`` pieces in the parent).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, Any

from generator.payloads.check import ChunkResult, Problem, check_chunk, check_piece
from generator.payloads.spec import Functions, ValidatorSpec

CHUNK = 1 << 16
"""Bytes read at a time on the in-process path (whole lines, so a bit more or less): small enough that a chunk's
line objects stay in the CPU's cache (1 MB chunks are slower than reading line by line)."""
MIN_PIECE = 1 << 16
MAX_PIECE = 4 << 20
PARALLEL_MIN = 4 << 20
"""A file smaller than this is checked in-process even with ``--jobs`` > 1 (starting workers costs more)."""

Emit = Callable[[int, Problem], None]
"""Called with the line number and the problem (whose own index is relative to its chunk)."""
Progress = Callable[[int, int], None]
"""Called with the bytes and lines done so far."""


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def read_chunks(stream: IO[bytes], size: int = CHUNK) -> Iterator[bytes]:
    """Whole lines, about ``size`` bytes at a time; the last chunk may lack its final newline."""
    while True:
        block = stream.read(size)
        if not block:
            return
        if not block.endswith(b"\n"):
            block += stream.readline()
        yield block


def check_stream(chunks: Iterable[bytes], functions: Functions, fast: bool, emit: Emit, progress: Progress) -> int:
    """The in-process path: every chunk in turn (see :func:`read_chunks`); return how many payloads were invalid."""
    is_valid, iter_errors = functions
    invalid = done = lines = 0
    for chunk in chunks:
        result = check_chunk(chunk, is_valid, iter_errors, fast=fast)
        _deliver(result, lines, emit)
        invalid += result.invalid
        lines += result.lines
        done += len(chunk)
        progress(done, lines)
    return invalid


def _deliver(result: ChunkResult, before: int, emit: Emit) -> None:
    for problem in result.problems:
        emit(before + problem[0] + 1, problem)


def split(path: str, size: int, piece: int, opener: Callable[[str], IO[bytes]] | None = None) -> list[tuple[int, int]]:
    """Byte ranges ``[start, end)`` of about ``piece`` bytes covering the file, each starting a line."""
    bounds = [0]
    with (opener or _open)(path) as handle:
        while bounds[-1] + piece < size:
            handle.seek(bounds[-1] + piece - 1)
            handle.readline()  # to just past the newline at or after the cut
            position = handle.tell()
            if position >= size:
                break
            bounds.append(position)
    bounds.append(size)
    return list(itertools.pairwise(bounds))


def _open(path: str) -> IO[bytes]:
    return open(path, "rb")


_WORKER: dict[str, Any] = {}


def _start_worker(spec: ValidatorSpec, fast: bool) -> None:
    """Each worker's initializer: compile the validator once."""
    _WORKER["functions"] = spec.load()
    _WORKER["fast"] = fast


def _check_range(path: str, start: int, end: int) -> ChunkResult:
    is_valid, iter_errors = _WORKER["functions"]
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    return check_piece(data, is_valid, iter_errors, fast=_WORKER["fast"])


class Workers:
    """A pool of ``jobs`` worker processes over the JSONL files of one run, each with the validator compiled once.

    ``files`` are the run's JSONL inputs in order, with their sizes. When there are several jobs
    and the files hold at least :data:`PARALLEL_MIN` bytes in all, every one of them goes to the
    workers: their pieces are queued in order across files, so that small files run side by side
    too, and :meth:`check_file` takes each file's results in turn.
    """

    def __init__(self, spec: ValidatorSpec, jobs: int, fast: bool, files: list[tuple[str, int]]) -> None:
        self.spec = spec
        self.jobs = jobs
        self.fast = fast
        total = sum(size for _, size in files)
        self.files = files if jobs > 1 and total >= PARALLEL_MIN else []
        self.piece = max(MIN_PIECE, min(MAX_PIECE, total // (4 * jobs) + 1))
        self._next = 0  # the index in files of the next file to check
        self._queue = self._pieces()
        self._pending: deque[tuple[int, Future[ChunkResult], int]] = deque()
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def wanted(self, name: str) -> bool:
        """Whether ``name`` is the next input the workers have (inputs are checked in order)."""
        return self._next < len(self.files) and self.files[self._next][0] == name

    def _pieces(self) -> Iterator[tuple[int, str, int, int]]:
        for index, (path, size) in enumerate(self.files):
            for start, end in split(path, size, self.piece):
                yield index, path, start, end

    def _fill(self) -> None:
        if self._executor is None:
            # fork where it is safe (Linux, no other thread): the workers inherit the compiled validator and
            # start in milliseconds; spawn elsewhere (the workers import this module and compile it once)
            fork = sys.platform == "linux" and threading.active_count() == 1
            sys.stdout.flush()  # a fork must not inherit unwritten output (the child flushes it at exit)
            sys.stderr.flush()
            self._executor = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("fork" if fork else "spawn"),
                initializer=_start_worker,
                initargs=(self.spec, self.fast),
            )
        while len(self._pending) < 2 * self.jobs:
            item = next(self._queue, None)
            if item is None:
                return
            index, path, start, end = item
            self._pending.append((index, self._executor.submit(_check_range, path, start, end), end - start))

    def check_file(self, emit: Emit, progress: Progress) -> int:
        """The results of the next file's pieces, in order; return how many payloads were invalid."""
        index = self._next
        self._next += 1
        invalid = lines = done = 0
        while True:
            self._fill()
            if not self._pending or self._pending[0][0] != index:
                return invalid
            _, future, length = self._pending.popleft()
            result = future.result()
            _deliver(result, lines, emit)
            invalid += result.invalid
            lines += result.lines
            done += length
            progress(done, lines)

"""Stopping a build cleanly: SIGTERM, SIGINT and SIGHUP end it like an error, on every path.

A build runs worker processes (readers, PDF renderers) and writes into temporary folders. The
invariants: no worker outlives the build that started it, and a stopped build leaves no
temporary folder and the previous site exactly as it was. So a signal becomes an exception
(`BuildInterrupted`) that unwinds through the
same clean-up as any failure, and the workers ignore both signals and are stopped by the build.
Renaming a new site into place is one step no signal may split (`uninterrupted`).
"""
from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded by worker_pool: a build that is up to date never starts one
    from concurrent.futures import ProcessPoolExecutor

_STOPPING = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class BuildInterrupted(BaseException):
    """The build was asked to stop (SIGTERM, SIGINT or SIGHUP); a BaseException, as KeyboardInterrupt
    is, so no `except Exception` on the way swallows it."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


_received: list[int] = []  # the signals that came while `interruptible`


def _raise(signum: int, _frame: object) -> None:
    _received.append(signum)
    raise BuildInterrupted(signum)


def check() -> None:
    """Raise BuildInterrupted if a signal came, even one whose exception was swallowed.

    A handler's exception can be lost: raised inside a finaliser or a fork hook (logging's
    lock release at fork), Python prints "Exception ignored" and carries on. The build calls
    this at each point where it would go on to the next stage.
    """
    if _received:
        raise BuildInterrupted(_received[0])


@contextmanager
def interruptible() -> Iterator[None]:
    """While inside, SIGTERM, SIGINT and SIGHUP raise BuildInterrupted.

    Only the main thread can own signal handlers; elsewhere (a preview server's thread) this
    does nothing and that thread's owner decides.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _received.clear()
    previous = {sig: signal.signal(sig, _raise) for sig in (signal.SIGTERM, signal.SIGHUP)}
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, _raise)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold back the stopping signals while inside; one that came meanwhile is delivered after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _worker_start() -> None:
    # A worker never handles a stop itself: a Ctrl-C reaches the whole process group, and the
    # build, which owns the workers, stops them. SIGTERM kills a worker outright (the default).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
    _die_with_parent()


def _die_with_parent() -> None:
    # A build killed outright (SIGKILL) cannot stop its workers; on Linux the kernel does
    # (prctl PR_SET_PDEATHSIG), so none is left rendering for a build that is gone.
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # no prctl in this C library: SIGKILL may leave workers
        return
    if os.getppid() == 1:  # the build died before prctl took effect
        os._exit(1)


@contextmanager
def _quiet_pool_thread() -> Iterator[None]:
    """While a stopped pool is torn down, its manager thread may fail a future that the
    interrupted `map` has just cancelled (CPython 3.11 raises InvalidStateError there and prints
    a traceback from that thread). The stop is clean: only that one error is silenced, only then."""
    import threading
    from concurrent.futures import InvalidStateError

    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if not (args.exc_type is InvalidStateError and type(args.thread).__name__ == "_ExecutorManagerThread"):
            previous(args)

    threading.excepthook = hook
    try:
        yield
    finally:
        threading.excepthook = previous


@contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Forked worker processes that never outlive the `with`: on any exception, an interruption
    included, they are killed and reaped before it propagates.

    fork: the workers start with the parent's modules imported (WeasyPrint, Markdown), which
    is most of the point of them.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_start)
    try:
        with uninterrupted():
            # All workers are forked now (fork pools start them all on the first task), while no
            # signal can arrive: a signal's exception raised inside the fork's own hooks would be
            # lost with an "Exception ignored" traceback. Workers unblock them as they start.
            pool.submit(int)
        yield pool
    except BaseException:
        with uninterrupted(), _quiet_pool_thread():
            ours = [p for p in multiprocessing.active_children() if p not in before]
            for process in ours:
                process.kill()
            for process in ours:
                process.join()
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    check()


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (another build's, for stale folders)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True

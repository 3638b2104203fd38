"""A per-article time limit for extraction that works in any thread (web request, db_worker thread, test).

signal.alarm only works on a process's main thread, and a subprocess per article costs a fork and
a copy of the upload; so extraction runs in a daemon thread and the caller stops waiting at the
limit. Extraction is pure (no database, no shared state), so an abandoned run can finish later
without harm; it only uses a CPU until then, which is why slow shapes are bounded before the
parsers (newsroom.reader.bounds) and this limit is the backstop, not the defence.
"""

import threading
from collections.abc import Callable


class TimeLimitExceeded(Exception):
    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


def call_with_time_limit[T](function: Callable[..., T], seconds: float, /, *args, **kwargs) -> T:
    """function(*args, **kwargs), or TimeLimitExceeded after `seconds`; its own exceptions pass through."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error

    worker = threading.Thread(target=run, name=f"time-limited {getattr(function, '__name__', 'call')}", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeLimitExceeded(seconds)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]

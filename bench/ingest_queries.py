"""Where an upload's wall time goes beyond its CPU time: per step, the queries and their time, the commits, and
(PostgreSQL on this machine) the server backend's own CPU and the time both processes waited for a core.

Used by `bench/ingest.py --queries`. Per step of one upload it records:
- queries: statements sent (an executemany counts once), and `db`: their wall time as the client sees it
  (round trip, server work, result transfer), with `db_cpu`: the client's own CPU inside those calls;
- commit: wall time of the COMMITs, which Django sends outside cursor.execute (so the wrapper never sees them);
- server: the PostgreSQL backend's time on a CPU, and `server_wait`: its time runnable but waiting for a core;
- wait: this process's time runnable but waiting for a core (main thread and the extraction thread).
The last two come from /proc/<pid>/schedstat (nanoseconds on the CPU, nanoseconds waiting on a run queue),
so they need the server on this machine and a readable /proc; otherwise they stay 0.
Per statement and step (SQL with runs of placeholders folded, so an IN list of any length is one statement):
count and wall time.
"""

import re
import threading
import time
from pathlib import Path

# "%s, %s, %s" (an IN list or a multi-row VALUES) and "(%s, %s), (%s, %s)" fold to one shape.
PLACEHOLDER_RUN = re.compile(r"%s(?:\s*,\s*%s)+")
VALUES_RUN = re.compile(r"\((?:%s|\.\.\.)(?:, (?:%s|\.\.\.))*\)(?:\s*,\s*\((?:%s|\.\.\.)(?:, (?:%s|\.\.\.))*\))+")
SAVEPOINT_NAME = re.compile(r'(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) "?\w+"?')


def normalize(sql: str) -> str:
    """A statement's shape: placeholder runs, multi-row VALUES and savepoint names folded."""
    shape = PLACEHOLDER_RUN.sub("...", sql)
    shape = VALUES_RUN.sub("(...), ...", shape)
    return SAVEPOINT_NAME.sub(r"\1 s", shape)


def schedstat(path: str) -> tuple[int, int]:
    """(ns on a CPU, ns waiting on a run queue) of one task; (0, 0) where /proc does not tell."""
    try:
        on_cpu, waiting, _ = Path(path).read_text().split()
    except (OSError, ValueError):
        return 0, 0
    return int(on_cpu), int(waiting)


class QueryLog:
    """An execute wrapper (connection.execute_wrapper) that books every statement to the step being timed."""

    FIELDS = ("queries", "db", "db_cpu", "commit", "server", "server_wait", "wait")

    def __init__(self):
        self.step = "other"
        self.upload: dict[str, dict[str, float]] = {}
        self.statements: dict[tuple[str, str], list] = {}  # (raw SQL, step) -> [count, wall seconds]
        self.backend = ""  # /proc path of the PostgreSQL backend's schedstat
        self.thread_wait = 0  # run-queue ns of extraction threads, added by timed_thread

    # Per upload ------------------------------------------------------------------------------------------

    def start_upload(self) -> None:
        self.upload = {}

    def book(self, step: str, field: str, value: float) -> None:
        fields = self.upload.setdefault(step, dict.fromkeys(self.FIELDS, 0.0))
        fields[field] += value

    def find_backend(self, connection) -> None:
        """Remember the backend's pid (PostgreSQL) so its CPU can be read per step (the window keeps one connection)."""
        self.backend = ""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            if Path(f"/proc/{pid}/schedstat").exists():
                self.backend = f"/proc/{pid}/schedstat"

    def mark(self) -> tuple:
        """Counters to subtract later: backend on-CPU and waiting, this main thread's waiting, extraction threads'."""
        server = schedstat(self.backend) if self.backend else (0, 0)
        return server[0], server[1], schedstat("/proc/thread-self/schedstat")[1], self.thread_wait

    def book_marks(self, step: str, before: tuple, after: tuple) -> None:
        self.book(step, "server", (after[0] - before[0]) / 1e9)
        self.book(step, "server_wait", (after[1] - before[1]) / 1e9)
        self.book(step, "wait", (after[2] - before[2] + after[3] - before[3]) / 1e9)

    # The wrappers ----------------------------------------------------------------------------------------

    def __call__(self, execute, sql, params, many, context):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return execute(sql, params, many, context)
        finally:
            wall = time.perf_counter() - t0
            self.book(self.step, "queries", 1)
            self.book(self.step, "db", wall)
            self.book(self.step, "db_cpu", time.process_time() - c0)
            entry = self.statements.setdefault((sql, self.step), [0, 0.0])
            entry[0] += 1
            entry[1] += wall

    def time_commits(self, connection) -> None:
        """Book COMMIT's wall time to the current step: Django commits through _commit, not a cursor."""
        commit = connection._commit

        def timed_commit():
            t0 = time.perf_counter()
            try:
                return commit()
            finally:
                self.book(self.step, "commit", time.perf_counter() - t0)

        connection._commit = timed_commit

    def timed_thread(self, call_with_time_limit):
        """call_with_time_limit, adding the run-queue wait of the thread it starts (extraction) to thread_wait."""

        def wrapper(function, seconds, /, *args, **kwargs):
            def run(*args, **kwargs):
                before = schedstat("/proc/thread-self/schedstat")[1]
                try:
                    return function(*args, **kwargs)
                finally:
                    with self._lock:
                        self.thread_wait += schedstat("/proc/thread-self/schedstat")[1] - before

            run.__name__ = getattr(function, "__name__", "call")
            return call_with_time_limit(run, seconds, *args, **kwargs)

        return wrapper

    _lock = threading.Lock()

    # The report ------------------------------------------------------------------------------------------

    def statement_shapes(self, uploads: int) -> list[dict]:
        """Every statement shape, costliest first: how often per upload, its time, and the steps that sent it."""
        shapes: dict[tuple[str, str], list] = {}
        for (sql, step), (count, wall) in self.statements.items():
            entry = shapes.setdefault((normalize(sql), step), [0, 0.0])
            entry[0] += count
            entry[1] += wall
        ranked = sorted(shapes.items(), key=lambda item: item[1][1], reverse=True)
        return [{"sql": sql, "step": step, "per_upload": count / uploads, "ms_per_upload": wall * 1000 / uploads,
                 "ms_each": wall * 1000 / count} for (sql, step), (count, wall) in ranked]

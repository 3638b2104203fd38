"""Telling every web process that what readers see has changed, so cached pages made before stop being served.

A change is announced once per committed transaction: on PostgreSQL by NOTIFY, which each web process
hears on a connection of its own (a thread started at its first cached page); on SQLite by replacing a
small file beside the database. Each process also counts its own changes at once, committed or not,
so the process that made a change (and a test inside one transaction) never reads its own stale page.
Reading the stamp costs no query: a hit on the page cache touches no database at all.
"""

import logging
import os
import threading
import time
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

CHANNEL = "newsroom_content_changed"
# The models whose rows appear on a reader's page (headlines, texts, marks, quotes, search documents).
WATCHED_MODELS = (
    "articles.Source", "articles.Article",
    "stories.Story", "stories.StorySlug", "stories.Membership",
    "quotes.Speaker", "quotes.Quote", "quotes.QuoteOccurrence", "quotes.SharedPassage", "quotes.ArticleHighlights",
    "search.ArticleSearchDocument",
)

_changes_here = 0  # this process's own changes, counted before they commit
_announcers: dict[str, partial] = {}


def content_changed(using: str = "default") -> None:
    """Call after changing anything readers see without a model's save() or delete() (a queryset's
    update(), bulk_create, raw SQL): every process stops serving pages cached before the change.
    save() and delete() of the watched models call it already (connected in FrontConfig.ready)."""
    global _changes_here
    _changes_here += 1
    announce = _announcers.setdefault(using, partial(_announce, using))
    connection = connections[using]
    # Once per transaction: a processed article saves a dozen rows. Django drops the callback if the
    # savepoint it was registered in rolls back, so a later change registers it again. Outside a
    # transaction on_commit runs it at once; robust, as the change itself is already saved.
    if not any(callback is announce for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(announce, using=using, robust=True)


def _announce(using: str) -> None:
    """After commit: tell the other processes (PostgreSQL NOTIFY, or a new stamp file on SQLite)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])
    else:
        stamp = stamp_file()
        stamp.parent.mkdir(parents=True, exist_ok=True)
        scratch = stamp.with_name(f"{stamp.name}.{os.getpid()}.{threading.get_ident()}")
        scratch.write_text(f"{time.time_ns()}\n")
        os.replace(scratch, stamp)  # a new inode every time: the stamp never repeats, even within one clock tick


def _changed_row(sender, using="default", **kwargs) -> None:
    content_changed(using)


def watch_content_models() -> None:
    """Connect save and delete of every watched model to content_changed (from FrontConfig.ready)."""
    from django.apps import apps

    for label in WATCHED_MODELS:
        model = apps.get_model(label)
        post_save.connect(_changed_row, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(_changed_row, sender=model, dispatch_uid=f"page-cache-delete-{label}")


def stamp_file() -> Path:
    return Path(settings.DATA_DIR) / "content-changed"


# --- reading the stamp -----------------------------------------------------------------------------

def change_stamp() -> tuple | None:
    """What every cached page's key carries: it changes whenever content changed, in this process or
    any other. None when other processes' changes cannot be heard (PostgreSQL listener not connected
    yet, or lost): then nothing may be served from the cache."""
    if connections["default"].vendor == "postgresql":
        heard = _listener().heard()
        return None if heard is None else (_changes_here, heard)
    try:
        found = os.stat(stamp_file())
    except FileNotFoundError:
        return (_changes_here, 0, 0)
    return (_changes_here, found.st_ino, found.st_mtime_ns)


class ChangeListener:
    """LISTEN on a connection of its own, in a daemon thread; counts the notifications it hears.

    Reconnects after losing the database, and counts the reconnection itself as a change: anything
    may have changed while it was deaf. Until it listens, `heard()` is None and pages are not served
    from the cache, so a missed notification can never leave a stale page behind.
    """

    RETRY_SECONDS = 2.0

    def __init__(self):
        self._count = 0
        self._listening = False
        self._stopped = threading.Event()
        self._connection = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="page-cache-listener", daemon=True)
        self._thread.start()
        # The first page of a new process waits a moment for the listener, so it can be cached.
        self._ready.wait(timeout=1.0)

    def heard(self) -> int | None:
        return self._count if self._listening else None

    def stop(self) -> None:
        self._stopped.set()
        connection = self._connection
        if connection is not None:
            try:
                connection.cancel_safe()
            except Exception:  # noqa: BLE001 -- stopping must not fail on a connection already gone
                pass
        self._thread.join(timeout=5)

    def _run(self) -> None:
        import psycopg

        params = connections["default"].get_connection_params()
        while not self._stopped.is_set():
            try:
                with psycopg.connect(**params, autocommit=True) as connection:
                    self._connection = connection
                    connection.execute(f"LISTEN {CHANNEL}")
                    self._count += 1  # whatever happened before LISTEN counts as a change
                    self._listening = True
                    self._ready.set()
                    while not self._stopped.is_set():
                        for _ in connection.notifies(timeout=1.0):
                            self._count += 1
            except (psycopg.Error, DatabaseError, OSError) as error:
                if not self._stopped.is_set():
                    logger.warning("page cache listener lost the database (%s); pages are not cached until it is back", error)
            finally:
                self._listening = False
                self._connection = None
                self._ready.set()
            self._stopped.wait(self.RETRY_SECONDS)


_listeners: dict[int, ChangeListener] = {}
_listeners_lock = threading.Lock()


def _listener() -> ChangeListener:
    """This process's listener; a process forked from one that had a listener starts its own."""
    pid = os.getpid()
    listener = _listeners.get(pid)
    if listener is None:
        with _listeners_lock:
            listener = _listeners.get(pid)
            if listener is None:
                _listeners.clear()
                listener = _listeners[pid] = ChangeListener()
    return listener


def stop_listening() -> None:
    """Stop this process's listener and close its connection (tests, before their database is dropped)."""
    listener = _listeners.pop(os.getpid(), None)
    if listener is not None:
        listener.stop()

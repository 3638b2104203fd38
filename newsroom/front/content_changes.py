"""Telling every web process which reader pages changed, so kept pages that show a change stop being served.

A change is announced once per committed transaction with the scopes it touched (newsroom.front.scopes):
on PostgreSQL in a NOTIFY payload, which each web process hears on a connection of its own (a thread
started at its first cached page); on SQLite as a line appended to a small log beside the database.
Each process also marks its own changes at once, committed or not (the scopes its rows name; what a
lookup adds is marked at commit), so the process that made a change (and a test inside one
transaction) never reads its own stale page. Reading costs no query: a hit on the page cache touches
no database at all.
"""

import logging
import os
import threading
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models.signals import post_delete, post_save

from newsroom.front import scopes as scoped
from newsroom.front.scopes import EVERYTHING, Changes

logger = logging.getLogger(__name__)

CHANNEL = "newsroom_content_changed"
# The models whose rows appear on a reader's page (headlines, texts, marks, quotes, search documents).
WATCHED_MODELS = (
    "articles.Source", "articles.Article",
    "stories.Story", "stories.StorySlug", "stories.Membership",
    "quotes.Speaker", "quotes.Quote", "quotes.QuoteOccurrence", "quotes.SharedPassage", "quotes.ArticleHighlights",
    "search.ArticleSearchDocument",
)
# "Everything changed" on the wire; an empty payload (a process of the code before scopes) means the same.
EVERYTHING_PAYLOAD = "*"
# pg_notify refuses payloads of 8,000 bytes or more.
LONGEST_PAYLOAD = 7_900
# The SQLite log starts again (a new file: every reader drops everything once) past this size.
LONGEST_LOG = 1_000_000
PENDING = "newsroom_pending_changes"  # on a database connection: this transaction's changes, announced at commit

_changes_here = 0  # this process's own changes, counted before they commit
_announcers: dict[str, partial] = {}


class ChangesSeen:
    """The changes this process knows of, numbered in the order it learned them, and for every scope the
    number of the last change that touched it: a page made when the count was N is still right while
    none of its scopes changed after N (the listener thread marks, request threads read)."""

    # Scopes remembered at most (about 10 MB); past it everything counts as changed once and they are forgotten.
    MOST_REMEMBERED = 100_000

    def __init__(self):
        self._lock = threading.Lock()
        self.number = 0
        self._everything_at = 0
        self._changed_at: dict[str, int] = {}
        # Changes made here whose looked-up scopes are not known until their transaction commits, by
        # connection: until then this process serves no page kept before them (the process that made a
        # change never reads its own stale page; only a test keeps a transaction open for long).
        self._unresolved: dict[int, int] = {}
        self._unresolved_since = 0

    def mark(self, scopes: Iterable[str] | None) -> None:
        """A change to `scopes` (None: to everything)."""
        with self._lock:
            self.number += 1
            if scopes is None or len(self._changed_at) >= self.MOST_REMEMBERED:
                self._everything_at = self.number
                self._changed_at.clear()
            if scopes is not None:
                for scope in scopes:
                    self._changed_at[scope] = self.number

    def unresolved(self, connection_id: int) -> None:
        """The change just marked, made on this connection, touches more than its own rows tell."""
        with self._lock:
            self._unresolved[connection_id] = self.number
            self._unresolved_since = max(self._unresolved.values())

    def resolved(self, connection_id: int) -> None:
        """The connection's changes are committed and every scope they touched marked."""
        with self._lock:
            self._unresolved.pop(connection_id, None)
            self._unresolved_since = max(self._unresolved.values(), default=0)

    def unchanged_since(self, number: int, scopes: Iterable[str] | None) -> bool:
        """Whether nothing in `scopes` changed after change `number` (None: nothing at all changed)."""
        if scopes is None:
            return self.number == number
        if self._everything_at > number or self._unresolved_since > number:
            return False
        changed_at = self._changed_at.get
        return all(changed_at(scope, 0) <= number for scope in scopes)


seen = ChangesSeen()


def content_changed(using: str = "default", changes: Changes | None = None) -> None:
    """Call after changing anything readers see without a model's save() or delete() (a queryset's
    update(), bulk_create, raw SQL). Without `changes` every page in every process is dropped; name
    what changed (scopes.Changes: scopes, or articles, quotes, speakers to look up) to drop only its pages.
    save() and delete() of the watched models call it already (connected in FrontConfig.ready)."""
    global _changes_here
    changes = EVERYTHING if changes is None else changes
    _changes_here += 1
    seen.mark(None if changes.everything else changes.scopes)
    connection = connections[using]
    if changes.needs_lookup():
        seen.unresolved(id(connection))
    pending = connection.__dict__.setdefault(PENDING, Changes())
    pending.add(changes)
    announce = _announcers.setdefault(using, partial(_announce_pending, using))
    # Once per savepoint, not per row: a processed article saves a dozen rows. Django drops the callback
    # if the savepoint it was registered in rolls back, so a later change registers it again (the
    # rolled-back changes stay pending and are announced with it: too much, never too little); the
    # first callback to run announces everything pending, the others find nothing left. Outside a
    # transaction on_commit runs it at once; robust, as the change itself is already saved.
    savepoints = set(connection.savepoint_ids)
    if not any(callback is announce and sids == savepoints for sids, callback, _ in connection.run_on_commit):
        transaction.on_commit(announce, using=using, robust=True)


def _announce_pending(using: str) -> None:
    """After commit: look up what the transaction's changes touched, mark it here and tell the other processes."""
    connection = connections[using]
    changes = connection.__dict__.pop(PENDING, None)
    if not changes:  # announced by an earlier callback of the same transaction
        seen.resolved(id(connection))
        return
    try:
        touched = scoped.resolved(changes, using)
    except Exception:  # noqa: BLE001 -- a lookup that fails must not lose the announcement: drop everything
        logger.exception("looking up the pages a change touched failed; announcing a change to everything")
        touched = None
    seen.mark(touched)
    seen.resolved(id(connection))
    _announce(using, touched)


def _announce(using: str, touched: Iterable[str] | None = None) -> None:
    """Tell the other processes that `touched` changed (None: everything), by NOTIFY or a line of the SQLite log."""
    payload = EVERYTHING_PAYLOAD if touched is None else " ".join(sorted(touched))
    if not payload:
        return
    if len(payload) > LONGEST_PAYLOAD:
        payload = EVERYTHING_PAYLOAD
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])
    else:
        _append_to_log(payload)


def heard(payload: str) -> frozenset[str] | None:
    """The scopes an announcement names; None for everything."""
    return None if payload in ("", EVERYTHING_PAYLOAD) else frozenset(payload.split())


def _changed_row(sender, instance, using="default", created=False, **kwargs) -> None:
    content_changed(using, scoped.of_row(sender._meta.label, instance, created=created))


def watch_content_models() -> None:
    """Connect save and delete of every watched model to content_changed (from FrontConfig.ready)."""
    from django.apps import apps

    for label in WATCHED_MODELS:
        model = apps.get_model(label)
        post_save.connect(_changed_row, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(_changed_row, sender=model, dispatch_uid=f"page-cache-delete-{label}")


# --- the SQLite log ------------------------------------------------------------------------------

def changes_log() -> Path:
    return Path(settings.DATA_DIR) / "content-changes.log"


def _append_to_log(payload: str) -> None:
    """One line per announcement, written by one O_APPEND write so lines of two processes never mix."""
    log = changes_log()
    log.parent.mkdir(parents=True, exist_ok=True)
    line = f"{payload}\n".encode()
    while True:
        try:
            if os.stat(log).st_size > LONGEST_LOG:
                scratch = log.with_name(f"{log.name}.{os.getpid()}.{threading.get_ident()}")
                scratch.write_bytes(b"")
                os.replace(scratch, log)  # a new file: readers drop everything once
        except FileNotFoundError:
            pass
        descriptor = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, line)
            written_to = os.fstat(descriptor).st_ino
        finally:
            os.close(descriptor)
        try:
            if os.stat(log).st_ino == written_to:
                return
        except FileNotFoundError:
            pass
        # Another process started a new log between our open and write: the line went to the old one.


class LogReader:
    """This process's place in the SQLite log: new lines are marked as they are read (on each reader
    page's request, one stat() when nothing changed); a new file means everything changed."""

    def __init__(self):
        self._lock = threading.Lock()
        self._inode = None
        self._offset = 0

    def read(self) -> tuple[int, int]:
        log = changes_log()
        with self._lock:
            try:
                found = os.stat(log)
            except FileNotFoundError:
                return (0, 0)
            if found.st_ino != self._inode:
                if self._inode is not None:
                    seen.mark(None)
                # A process's first look: it has kept nothing yet, so the lines before it do not matter.
                self._inode, self._offset = found.st_ino, found.st_size
            elif found.st_size > self._offset:
                with open(log, "rb") as lines:
                    lines.seek(self._offset)
                    new = lines.read(found.st_size - self._offset)
                complete = new[: new.rfind(b"\n") + 1]  # a line being written is read next time
                for line in complete.decode().splitlines():
                    seen.mark(heard(line.strip()))
                self._offset += len(complete)
            return (self._inode, self._offset)


_log_reader = LogReader()


# --- reading the stamp -----------------------------------------------------------------------------

def change_stamp() -> tuple | None:
    """Brings this process up to date with the other processes' announcements (SQLite: reads the log's new
    lines) and returns a stamp that moves with every change, here or anywhere. None when other processes'
    changes cannot be heard (PostgreSQL listener not connected yet, or lost): then nothing may be
    served from the cache."""
    if connections["default"].vendor == "postgresql":
        listened = _listener().heard()
        return None if listened is None else (_changes_here, listened)
    return (_changes_here, *_log_reader.read())


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
                    seen.mark(None)  # whatever happened before LISTEN counts as a change to everything
                    self._count += 1
                    self._listening = True
                    self._ready.set()
                    while not self._stopped.is_set():
                        for notification in connection.notifies(timeout=1.0):
                            seen.mark(heard(notification.payload))
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

"""Pieces of reader pages rendered once per process and reused while what they show is unchanged.

A page made afresh (the first view after any change, a logged-in reader, a new search) spends most of
its CPU in the template language: at 100k articles (bench/reading.py) home renders 30 story cards,
search 20 hits, a quote page its occurrences, a story page its timeline and columns. Most of those
pieces are the same as in the last page made, so each is kept under the values it shows: the key is
the data, a change to any of it is a new key, and no invalidation is needed. The caller names every
value its partial shows (its key function beside the view); a value shown but left out of the key
would be served stale, which is what tests/front/test_fragments.py changes field by field to catch.
"""

import threading
from collections import OrderedDict
from collections.abc import Hashable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.utils.safestring import SafeString

# Bounded by size, not count: a story card is 0.6 KB, a story column 8 KB at bench/reading.py's
# 100k articles and much more for a long article. 20 million characters is the page cache's order
# of size (1,000 pages of 7-26 KB) and holds thousands of cards and columns.
MAX_CHARACTERS = 20_000_000

_kept: OrderedDict[tuple, tuple[SafeString, int]] = OrderedDict()  # key -> (html, characters held)
_kept_characters = 0
_lock = threading.Lock()


def kept_fragment(partial: str, key: tuple[Hashable, ...], context: dict) -> SafeString:
    """`partial` ("app/page.html#name") rendered with `context`, reused while `key` (every value the
    partial shows, including those in `context`) is the same."""
    global _kept_characters
    full_key = (partial, *key)
    with _lock:
        found = _kept.get(full_key)
        if found is not None:
            _kept.move_to_end(full_key)
            return found[0]
    html = get_template(partial).render(context)
    # The key holds its strings too (a column's key carries the column's marked HTML).
    characters = len(html) + sum(len(part) for part in key if isinstance(part, str))
    with _lock:
        if full_key not in _kept:
            _kept[full_key] = (html, characters)
            _kept_characters += characters
        while _kept_characters > MAX_CHARACTERS and len(_kept) > 1:
            _, (_, dropped) = _kept.popitem(last=False)
            _kept_characters -= dropped
    return html


def forget_fragments() -> None:
    global _kept_characters
    with _lock:
        _kept.clear()
        _kept_characters = 0


@receiver(setting_changed)
def forget_fragments_made_under_other_settings(**kwargs) -> None:
    """Settings shape fragments (NEWSROOM_REMOTE_IMAGES, the time zone…); they change inside a running
    process only in tests (override_settings)."""
    forget_fragments()

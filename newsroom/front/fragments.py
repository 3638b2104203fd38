"""Pieces of reader pages rendered once per process and reused while what they show is unchanged.

A page made afresh (the first view after any change, a logged-in reader, a new search) spends most of
its CPU in the template language: at 100k articles (bench/reading.py) home renders 30 story cards,
search 20 hits, a quote page its occurrences, a story page its timeline and columns. Most of those
pieces are the same as in the last page made, so each is kept under the values it shows: the key is
the data, a change to any of it is a new key, and no invalidation is needed (nor possible to forget).
The caller names every value its partial shows; the partial is rendered with only those values.
"""

import threading
from collections import OrderedDict
from collections.abc import Hashable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.utils.safestring import SafeString

# About 2 MB per process at home's 0.6 KB cards and the story page's 8 KB columns: the pieces of
# the pages readers are on, not of the whole corpus.
MAX_FRAGMENTS = 2000

_kept: OrderedDict[tuple, SafeString] = OrderedDict()
_lock = threading.Lock()


def kept_fragment(partial: str, key: tuple[Hashable, ...], context: dict) -> SafeString:
    """`partial` ("app/page.html#name") rendered with `context`, reused while `key` (every value the
    partial shows, including those in `context`) is the same."""
    full_key = (partial, *key)
    with _lock:
        html = _kept.get(full_key)
        if html is not None:
            _kept.move_to_end(full_key)
            return html
    html = get_template(partial).render(context)
    with _lock:
        _kept[full_key] = html
        if len(_kept) > MAX_FRAGMENTS:
            _kept.popitem(last=False)
    return html


def forget_fragments() -> None:
    with _lock:
        _kept.clear()


@receiver(setting_changed)
def forget_fragments_made_under_other_settings(**kwargs) -> None:
    """Settings shape fragments (NEWSROOM_REMOTE_IMAGES, the time zone…); they change inside a running
    process only in tests (override_settings)."""
    forget_fragments()

"""Which articles a side-by-side comparison shows, and the shared-quote marks made usable by keyboard.

Pure Python: ids in, ids out; marked HTML in (quotes.sharing.marked_columns), marked HTML out.
"""

import re
from dataclasses import dataclass

# Four columns of a 60-character measure fill a 1440-pixel screen; more would be unreadable.
MAX_COLUMNS = 4
# The permalink's parameters, one per column: /stories/<id>-<slug>/compare/?a=…&b=…&c=…&d=…
COLUMN_KEYS = ("a", "b", "c", "d")


def chosen_columns(member_ids: list[int], requested: list[str]) -> list[int]:
    """The articles to show: the requested ids that belong to the story, in the order asked, at most
    four and no repeats; when none is usable, the story's first four."""
    members = set(member_ids)
    chosen: list[int] = []
    for value in requested:
        try:
            article_id = int(value)
        except (TypeError, ValueError):
            continue
        if article_id in members and article_id not in chosen:
            chosen.append(article_id)
        if len(chosen) == MAX_COLUMNS:
            break
    return chosen or member_ids[:MAX_COLUMNS]


def permalink_query(article_ids: list[int]) -> str:
    """`a=1&b=2…` for the chosen columns, in their order."""
    return "&".join(f"{key}={article_id}" for key, article_id in zip(COLUMN_KEYS, article_ids))


@dataclass(frozen=True)
class SharedQuote:
    """One quote lit up on the page: its badge number, colour, speaker and how many columns carry it."""

    number: int
    quote_id: int
    colour: int
    speaker: str
    columns: int

    @property
    def label_id(self) -> str:
        return f"shared-quote-{self.quote_id}"


_SHARED_MARK = re.compile(
    r'<mark class="quote shared colour-(?P<colour>\d+)" data-quote="(?P<quote>\d+)"'
    r'(?: data-speaker="(?P<speaker>[^"]*)")? data-occurrence="\d+"(?P<first> id="q-\d+")?'
)


def shared_quotes(columns: list[str]) -> list[SharedQuote]:
    """The shared quotes of the shown columns, numbered in reading order of the columns."""
    found: dict[int, dict] = {}
    for index, markup in enumerate(columns):
        for match in _SHARED_MARK.finditer(markup):
            quote_id = int(match["quote"])
            entry = found.setdefault(quote_id, {"colour": int(match["colour"]), "speaker": match["speaker"] or "", "columns": set()})
            entry["columns"].add(index)
    return [
        SharedQuote(number, quote_id, entry["colour"], _unescape_attribute(entry["speaker"]), len(entry["columns"]))
        for number, (quote_id, entry) in enumerate(found.items(), start=1)
    ]


def focusable_marks(markup: str, quotes: list[SharedQuote]) -> str:
    """Give the first piece of every shared-quote mark a keyboard stop, its badge number and a
    description (the legend entry naming the speaker), so hover, focus and click reach everyone."""
    numbers = {quote.quote_id: quote for quote in quotes}

    def replace(match: re.Match) -> str:
        quote = numbers.get(int(match["quote"]))
        if quote is None or not match["first"]:
            return match.group()
        return f'{match.group()} data-n="{quote.number}" tabindex="0" aria-describedby="{quote.label_id}"'

    return _SHARED_MARK.sub(replace, markup)


def _unescape_attribute(value: str) -> str:
    # html.escape's output, reversed for the legend (the template escapes it again).
    for escaped, char in (("&quot;", '"'), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        value = value.replace(escaped, char)
    return value

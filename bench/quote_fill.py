"""What `record_quotes` would have stored after N articles, computed in memory, for bulk-inserting.

The same steps as newsroom/quotes/recording.py, one article at a time in upload order, on Python
dicts instead of rows: statements found by the pure core, candidate quotes ranked from the QuoteKey
postings (crowded keys skipped), `align_quotes`, merges, the canonical text, counts; PassageKey
postings and the candidate articles whose texts `find_shared_passages` compares (run later, in
parallel: its result changes nothing later recordings look up). Ids are given in creation order, as
the database's sequences would.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from newsroom.quotes.matching import MIN_KEY_WORDS, align_quotes, content_words, index_keys
from newsroom.quotes.recording import (
    _KIND_RANK,
    COMMON_PASSAGE_KEY,
    COMMON_QUOTE_KEY,
    MAX_PASSAGE_CANDIDATES,
    MAX_PASSAGE_KEYS,
    MAX_QUOTE_CANDIDATES,
    MIN_SHARED_PASSAGE_KEYS,
)


def prepare_article(text: str, html: str) -> dict:
    """The per-article part of record_quotes that depends on nothing stored: statements, their HTML
    spans and the text's passage keys (pure, so it runs in worker processes)."""
    from newsroom.quotes.finding import find_quotes
    from newsroom.quotes.highlighting import html_span, text_map

    positions = text_map(html, text)
    statements = []
    for found in find_quotes(text):  # as recording._statements
        if not found.speaker and len(content_words(found.text)) < MIN_KEY_WORDS:
            continue
        span = html_span(positions, found.start, found.end)
        statements.append({
            "text": found.text, "start": found.start, "end": found.end, "kind": found.kind,
            "speaker": found.speaker, "role": found.speaker_role, "paragraph": text.count("\n\n", 0, found.start),
            "keys": sorted(index_keys(found.text)), "span": span,
        })
    return {"statements": statements, "passage_keys": sorted(index_keys(text))[:MAX_PASSAGE_KEYS]}


def canonical_rank(text: str, kind: str) -> tuple[int, int, int]:
    return _KIND_RANK.get(kind, 0), len(content_words(text)), len(text)


@dataclass
class QuoteRow:
    pk: int
    text: str
    kind: str
    speaker: int | None
    occurrence_count: int = 0
    article_count: int = 0
    keys: set = field(default_factory=set)
    occurrences: list = field(default_factory=list)  # occurrence pks


class QuoteFill:
    """The quotes tables as record_quotes leaves them, article after article."""

    def __init__(self):
        self.speakers: dict[str, list] = {}  # slug -> [pk, name, role]
        self.quotes: dict[int, QuoteRow] = {}
        self.postings: dict[str, set[int]] = defaultdict(set)  # QuoteKey: key -> quote pks
        self.occurrences: list[dict] = []  # by pk - 1
        self.article_quotes: dict[int, set[int]] = {}  # article pk -> its quote pks (kept current through merges)
        self.passage_postings: dict[str, list[int]] = defaultdict(list)  # PassageKey: key -> article pks
        self.passage_keys: dict[int, list[str]] = {}  # article pk -> its stored PassageKey keys
        self.pairs: list[tuple[int, int]] = []  # (new article, candidate), in the order record_quotes compares them
        self.next_quote = 1

    # --- speakers and quotes ---

    def _speaker(self, name: str, role: str) -> int | None:
        from django.utils.text import slugify

        name = " ".join(name.split())[:200]
        slug = slugify(name)[:220]
        if not slug:
            return None
        row = self.speakers.get(slug)
        if row is None:
            row = self.speakers[slug] = [len(self.speakers) + 1, name, role[:200]]
        elif role and not row[2]:
            row[2] = role[:200]
        return row[0]

    def _create(self, text: str, kind: str, speaker: int | None) -> QuoteRow:
        quote = QuoteRow(self.next_quote, text, kind, speaker)
        self.quotes[quote.pk] = quote
        self.next_quote += 1
        return quote

    def _usable(self, keys) -> list[str]:
        return [key for key in keys if len(self.postings.get(key, ())) < COMMON_QUOTE_KEY]

    def _add_keys(self, quote: QuoteRow, keys) -> None:
        for key in keys:
            self.postings[key].add(quote.pk)
            quote.keys.add(key)

    def _candidates(self, keys) -> list[QuoteRow]:
        shared: dict[int, int] = defaultdict(int)
        for key in self._usable(keys):
            for pk in self.postings.get(key, ()):
                shared[pk] += 1
        best = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:MAX_QUOTE_CANDIDATES]
        return [self.quotes[pk] for pk, _ in best]

    def _merge_into(self, other: QuoteRow, survivor: QuoteRow) -> None:
        for pk in other.occurrences:
            occurrence = self.occurrences[pk - 1]
            occurrence["quote"] = survivor.pk
            quotes = self.article_quotes[occurrence["article"]]
            quotes.discard(other.pk)
            quotes.add(survivor.pk)
        survivor.occurrences += other.occurrences
        self._add_keys(survivor, other.keys)
        if canonical_rank(other.text, other.kind) > canonical_rank(survivor.text, survivor.kind):
            survivor.text, survivor.kind = other.text, other.kind
        if survivor.speaker is None and other.speaker is not None:
            survivor.speaker = other.speaker
        for key in other.keys:
            self.postings[key].discard(other.pk)
        del self.quotes[other.pk]

    def record(self, article: int, prepared: dict) -> set[int]:
        """record_quotes for a new article (id `article`); returns the quote ids it now carries."""
        statements = [dict(s, quote=None, match="") for s in prepared["statements"]]
        speakers: dict[str, int] = {}
        for s in statements:
            if s["speaker"] and s["speaker"] not in speakers:
                pk = self._speaker(s["speaker"], s["role"])
                if pk is not None:
                    speakers[s["speaker"]] = pk
        merged: dict[int, int] = {}

        def current(pk: int) -> int:
            while pk in merged:
                pk = merged[pk]
            return pk

        for s in statements:
            if not s["keys"]:
                continue
            matches = []
            for quote in self._candidates(s["keys"]):
                quote = self.quotes[current(quote.pk)]
                alignment = align_quotes(s["text"], quote.text)
                if alignment is not None and all(quote.pk != other.pk for _, other in matches):
                    matches.append((alignment, quote))
            if not matches:
                s["quote"] = self._create(s["text"], s["kind"], speakers.get(s["speaker"])).pk
            else:
                matches.sort(key=lambda pair: (-pair[0].score, -pair[1].occurrence_count, pair[1].pk))
                alignment, best = matches[0]
                for _, other in matches[1:]:
                    if best.speaker is None or other.speaker is None or best.speaker == other.speaker:
                        self._merge_into(other, best)
                        merged[other.pk] = best.pk
                s["quote"], s["match"] = best.pk, alignment.kind
            self._add_keys(self.quotes[s["quote"]], self._usable(s["keys"]))
        for s in statements:
            if s["keys"]:
                continue
            near = [o for o in statements if o["keys"] and o["quote"] is not None
                    and o["paragraph"] == s["paragraph"] and o["speaker"] == s["speaker"]]
            if near:
                nearest = min(near, key=lambda o: abs(o["start"] - s["start"]))
                s["quote"], s["match"] = current(nearest["quote"]), "fragment"
            else:
                s["quote"] = self._create(s["text"], s["kind"], speakers.get(s["speaker"])).pk
        carried = self.article_quotes.setdefault(article, set())
        for s in statements:
            s["quote"] = current(s["quote"])
            pk = len(self.occurrences) + 1
            self.occurrences.append({
                "pk": pk, "article": article, "quote": s["quote"], "start": s["start"], "end": s["end"],
                "text": s["text"], "span": s["span"], "kind": s["kind"], "speaker_name": s["speaker"][:200],
                "speaker_role": s["role"][:200], "match": s["match"],
            })
            self.quotes[s["quote"]].occurrences.append(pk)
            carried.add(s["quote"])
        for s in statements:  # as recording._promote_canonical
            quote, speaker = self.quotes[s["quote"]], speakers.get(s["speaker"])
            if canonical_rank(s["text"], s["kind"]) > canonical_rank(quote.text, quote.kind):
                quote.text, quote.kind = s["text"], s["kind"]
                if speaker is not None:
                    quote.speaker = speaker
            elif quote.speaker is None and speaker is not None:
                quote.speaker = speaker
        for pk in {s["quote"] for s in statements}:  # as recording._update_quotes
            quote = self.quotes[pk]
            quote.occurrence_count = len(quote.occurrences)
            quote.article_count = len({self.occurrences[o - 1]["article"] for o in quote.occurrences})
        return set(carried)

    # --- shared passages ---

    def record_passage_keys(self, article: int, keys: list[str]) -> list[int]:
        """Post the article's uncommon passage keys; returns its candidate articles, compared newest first
        (the Article queryset's default order, -created_at)."""
        usable = [key for key in keys if len(self.passage_postings.get(key, ())) < COMMON_PASSAGE_KEY]
        shared: dict[int, int] = defaultdict(int)
        for key in usable:
            for other in self.passage_postings.get(key, ()):
                shared[other] += 1
        ranked = sorted(((n, pk) for pk, n in shared.items() if n >= MIN_SHARED_PASSAGE_KEYS),
                        key=lambda item: (-item[0], item[1]))[:MAX_PASSAGE_CANDIDATES]
        for key in usable:
            self.passage_postings[key].append(article)
        self.passage_keys[article] = usable
        candidates = sorted((pk for _, pk in ranked), reverse=True)
        self.pairs += [(article, other) for other in candidates]
        return candidates

    def shared_quote_counts(self, article: int, story_of_article, candidate_stories) -> dict[int, int]:
        """Per candidate story: how many of the article's quotes its other members carry (assignment.shared_quote_counts)."""
        counts: dict[int, int] = defaultdict(int)
        for pk in self.article_quotes.get(article, ()):
            stories = set()
            for occurrence in self.quotes[pk].occurrences:
                other = self.occurrences[occurrence - 1]["article"]
                if other != article:
                    story = story_of_article(other)
                    if story in candidate_stories:
                        stories.add(story)
            for story in stories:
                counts[story] += 1
        return dict(counts)

    def shared_quote_texts(self, article: int, story_of_article, story: int, limit: int) -> list[str]:
        """The first `limit` (by id) of the article's quotes that other members of `story` carry (assignment._shared_quotes)."""
        found = []
        for pk in sorted(self.article_quotes.get(article, ())):
            quote = self.quotes[pk]
            if any(self.occurrences[o - 1]["article"] != article and story_of_article(self.occurrences[o - 1]["article"]) == story
                   for o in quote.occurrences):
                found.append(quote.text[:200])
                if len(found) == limit:
                    break
        return found

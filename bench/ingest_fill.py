"""Bulk fill for the ingest benchmark: the rows N uploads of the ingest corpus would have stored, without N pipeline runs.

Three stages, each cached in bench/data/ingest_fill/ (git-ignored), so a later run (other database,
other code) fills the same corpus without recomputing them:

1. `extract`: every page rendered and extracted by `extract_article`, each with the site boilerplate
   learned from the fingerprints of the previous (up to LEARNING_WINDOW) articles of its source, as
   `Article.extract` does; then the quote statements, their HTML spans and the passage keys
   (`quote_fill.prepare_article`). Pure, in two processes (each takes half of the sources: a source's
   articles depend only on that source's earlier ones), in chunks of CHUNK articles.
2. `simulate`: in upload order, `QuoteFill.record` (record_quotes' look-ups, merges and counts) then
   `story_fill.Fill.add` (assign_story's, automatic merges of small stories included, with the shared
   quotes counted from the simulated occurrences); the state at each size is pickled. Then
   `find_shared_passages` on every candidate pair, in two processes.
3. `insert`: bulk-insert one size's state into the (migrated, empty) database Django is connected to,
   marked HTML made by `mark_html` in two processes, search vectors on PostgreSQL.

What it skips, compared with N real runs: the uploaded bytes (ArticleOriginal rows; nothing later
reads another article's original); StorySlug rows; KeyCount.stories counts a crowded key once per
story (as bench/story_fill.py). The fidelity check (`bench/ingest.py --check-fill 600`) compares
every other table with real runs (memberships' explanations and stories' redirects included).
"""

import hashlib
import pickle
import sys
import time
from collections import defaultdict, deque
from datetime import UTC, datetime, timedelta
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench/data/ingest_fill"
CHUNK = 5000
PROCESSES = 2
# Fill articles were processed one second apart, in upload order, from this moment: site boilerplate
# reads a source's latest articles by processed_at.
PROCESSED_FROM = datetime(2026, 1, 1, tzinfo=UTC)


def _log(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


# 1. Extraction ----------------------------------------------------------------------------------------

def _extract_sources(job) -> tuple[list[dict], dict]:
    """Render and extract the articles start..stop-1 of the given sources; `history` holds each source's
    earlier fingerprints (latest last). Runs in a worker process."""
    from ingest_corpus import Corpus

    from newsroom.articles.boilerplate import LEARNING_WINDOW
    from newsroom.reader.errors import ExtractionError
    from newsroom.reader.extraction import extract_article
    from newsroom.reader.site_boilerplate import MIN_ARTICLES, learn_site_boilerplate
    from quote_fill import prepare_article

    seed, start, stop, sources, history = job
    history = {name: deque(fingerprints, maxlen=LEARNING_WINDOW) for name, fingerprints in history.items()}
    corpus = Corpus(seed)
    records = []
    for number in range(stop):
        plan = corpus.plan(number)
        if number < start or plan.source not in sources:
            continue
        data = corpus.render(plan).encode("utf-8")
        record = {"number": number, "source": plan.source, "published": plan.published,
                  "content_hash": hashlib.sha256(data).hexdigest(), "size": len(data)}
        seen = history.setdefault(plan.source, deque(maxlen=LEARNING_WINDOW))
        boilerplate = learn_site_boilerplate(seen, MIN_ARTICLES) if len(seen) >= MIN_ARTICLES else frozenset()
        try:
            extracted = extract_article(data, filename=f"ingest-{number}.html",
                                        content_type="text/html; charset=utf-8", site_boilerplate=boilerplate)
        except ExtractionError as error:
            record.update(status="failed", error_code=error.code, error=error.reason)
        except Exception as error:  # as Article._extract_or_fail
            record.update(status="failed", error_code="internal_error",
                          error=f"Processing stopped on an internal error ({type(error).__name__}).")
        else:
            record.update(
                status="ready", title=extracted.title[:500], byline=extracted.byline[:500],
                canonical_url=extracted.canonical_url[:2000], site_name=extracted.site_name[:200],
                language=extracted.language[:20], lead_image=extracted.lead_image[:2000], excerpt=extracted.excerpt,
                html=extracted.html, text=extracted.text, kind=extracted.kind, encoding=extracted.encoding[:40],
                fingerprints=tuple(dict.fromkeys(extracted.fingerprints)),
                quotes=prepare_article(extracted.text, extracted.html),
            )
            seen.append(record["fingerprints"])
        records.append(record)
    return records, {name: list(fingerprints) for name, fingerprints in history.items()}


def _chunk_path(seed: int, start: int) -> Path:
    from newsroom.reader.extraction import EXTRACTOR_VERSION

    return CACHE / f"extracted_s{seed}_v{EXTRACTOR_VERSION}_{start:07d}.pickle"


def extracted(seed: int, count: int) -> list[dict]:
    """The first `count` articles of the corpus as the pipeline's extraction leaves them (cached by chunk)."""
    from ingest_corpus import SOURCES

    from newsroom.articles.boilerplate import LEARNING_WINDOW

    CACHE.mkdir(parents=True, exist_ok=True)
    halves = [set(SOURCES[0::2]), set(SOURCES[1::2])]
    records: list[dict] = []
    history: dict[str, list] = {}
    for start in range(0, count, CHUNK):
        path = _chunk_path(seed, start)
        if path.exists():
            with path.open("rb") as f:
                chunk = pickle.load(f)
        else:
            started = time.perf_counter()
            jobs = [(seed, start, start + CHUNK, half, {k: v for k, v in history.items() if k in half}) for half in halves]
            with Pool(PROCESSES) as pool:
                parts = pool.map(_extract_sources, jobs)
            chunk = sorted((r for part, _ in parts for r in part), key=lambda r: r["number"])
            with path.open("wb") as f:
                pickle.dump(chunk, f, protocol=pickle.HIGHEST_PROTOCOL)
            _log(f"extracted articles {start:,}-{start + CHUNK - 1:,} in {time.perf_counter() - started:.0f} s")
        for record in chunk:
            if record["status"] == "ready":
                history.setdefault(record["source"], []).append(record["fingerprints"])
                del history[record["source"]][:-LEARNING_WINDOW]
        records += chunk
    return records[:count]


# 2. Simulation -------------------------------------------------------------------------------------------

def story_row(record: dict) -> dict:
    return {"title": record["title"], "text": record["text"], "published": record["published"].isoformat(),
            "source": record["source"]}


def _state_path(seed: int, size: int) -> Path:
    from newsroom.reader.extraction import EXTRACTOR_VERSION

    return CACHE / f"state_s{seed}_v{EXTRACTOR_VERSION}_{size:07d}.pickle"


def _passages_of(pair_texts) -> list:
    from newsroom.quotes.matching import find_shared_passages

    return [find_shared_passages(a, b) for a, b in pair_texts]


def prepare(seed: int, sizes: list[int], fresh: bool = False) -> None:
    """Make the state of every size (stage 2), unless cached."""
    from newsroom.stories.assignment import EXPLAINED_QUOTES
    from newsroom.stories.features import EventFeatures
    from quote_fill import QuoteFill
    from story_fill import Fill, fill_features

    if not fresh and all(_state_path(seed, size).exists() for size in sizes):
        return
    records = extracted(seed, max(sizes))
    ready = [r for r in records if r["status"] == "ready"]
    rows = [story_row(r) for r in ready]
    from newsroom.reader.extraction import EXTRACTOR_VERSION

    features_path = CACHE / f"features_s{seed}_v{EXTRACTOR_VERSION}_{len(rows)}.pickle"
    if fresh:  # the story features depend on the stories code too
        features_path.unlink(missing_ok=True)
    features_dicts, keys = fill_features(rows, features_path, PROCESSES)
    passages_path = CACHE / f"passages_s{seed}_v{EXTRACTOR_VERSION}_{max(sizes)}.pickle"
    stories = Fill([EventFeatures.from_dict(d) for d in features_dicts])
    quotes = QuoteFill()
    position_of: dict[int, int] = {}  # article id -> its place among ready articles (story_fill's index)
    started = time.perf_counter()
    done = 0
    for size in sizes:
        for record in records[done:size]:
            if record["status"] != "ready":
                continue
            pk = record["number"] + 1
            quotes.record(pk, record["quotes"])
            quotes.record_passage_keys(pk, record["quotes"]["passage_keys"])
            position = position_of[pk] = len(stories.story_of)
            story_of = lambda other: stories.story_of[position_of[other]]  # noqa: E731

            def explain(story, explanation, pk=pk):  # as assignment._explanation, before any merge
                if any("shared quote" in reason for reason in explanation["reasons"]):
                    explanation["shared_quotes"] = quotes.shared_quote_texts(pk, story_of, story, EXPLAINED_QUOTES)

            stories.add(rows[position], stories.features[position], keys[position],
                        shared_quotes=lambda candidates, pk=pk: quotes.shared_quote_counts(pk, story_of, candidates),
                        explain=explain)
        done = size
        features, stories.features = stories.features, []  # stored once, in the features cache
        with _state_path(seed, size).open("wb") as f:
            pickle.dump({"size": size, "quotes": quotes, "stories": stories, "features": features_path,
                         "passages": passages_path},
                        f, protocol=pickle.HIGHEST_PROTOCOL)
        stories.features = features
        _log(f"simulated {size:,} uploads ({len(stories.members):,} stories, {len(quotes.quotes):,} quotes, "
             f"{len(quotes.pairs):,} passage pairs) in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    text_of = {r["number"] + 1: r["text"] for r in ready}
    pair_texts = [(text_of[a], text_of[b]) for a, b in quotes.pairs]
    with Pool(PROCESSES) as pool:
        found = [p for block in pool.imap(_passages_of, [pair_texts[i:i + 200] for i in range(0, len(pair_texts), 200)])
                 for p in block]
    with passages_path.open("wb") as f:
        pickle.dump({"pairs": quotes.pairs, "passages": found}, f, protocol=pickle.HIGHEST_PROTOCOL)
    _log(f"shared passages of {len(pair_texts):,} pairs in {time.perf_counter() - started:.0f} s")


# 3. Insert -------------------------------------------------------------------------------------------------

def _marked(job) -> list[tuple[int, str, list]]:
    """Marked HTML and the found quotes' spans (ArticleHighlights) of some articles; runs in a worker process."""
    from newsroom.quotes.highlighting import Mark, mark_html
    from newsroom.quotes.matching import find_quote_spans

    out = []
    for pk, html, text, occurrences, passages in job:
        marks = [Mark(start, end, f'class="quote" data-occurrence="{o}"', f'id="q-{o}"') for o, start, end in occurrences]
        marks += [Mark(start, end, f'class="passage" data-passage="{p}"') for p, start, end in passages]
        # Found here rather than in the cached extraction stage, which then stays valid.
        out.append((pk, mark_html(html, text, marks), [list(span) for span in find_quote_spans(text)]))
    return out


def insert(seed: int, size: int) -> None:
    """Bulk-insert the state after `size` uploads into the database Django is connected to (migrated, empty)."""
    from django.db import connection, transaction

    from newsroom.articles.boilerplate import SourceBlock
    from newsroom.articles.models import Article, Source, _domain_of
    from newsroom.quotes.models import ArticleHighlights, PassageKey, Quote, QuoteKey, QuoteOccurrence, SharedPassage, Speaker
    from newsroom.reader.extraction import EXTRACTOR_VERSION
    from newsroom.stories.models import Membership, Story, StoryKey
    from story_fill import insert_stories, reset_sequences

    started = time.perf_counter()
    records = extracted(seed, size)
    with _state_path(seed, size).open("rb") as f:
        state = pickle.load(f)
    with state["passages"].open("rb") as f:
        passages = pickle.load(f)
    quotes, stories = state["quotes"], state["stories"]
    ready = [r for r in records if r["status"] == "ready"]

    with transaction.atomic():
        sources: dict[str, Source] = {}
        for record in ready:  # Source.for_name: created on first sight, its domain filled in once known
            domain = _domain_of(record["canonical_url"])
            if record["source"] not in sources:
                sources[record["source"]] = Source(pk=len(sources) + 1, name=record["source"], domain=domain[:253])
            elif domain and not sources[record["source"]].domain:
                sources[record["source"]].domain = domain[:253]
        Source.objects.bulk_create(sources.values())
        articles = []
        for r in records:
            common = dict(
                pk=r["number"] + 1, filename=f"ingest-{r['number']}.html", content_type="text/html; charset=utf-8",
                content_hash=r["content_hash"], size=r["size"], given_source=r["source"], given_published=r["published"],
                extractor_version=EXTRACTOR_VERSION, processed_at=PROCESSED_FROM + timedelta(seconds=r["number"]),
            )
            if r["status"] == "ready":
                articles.append(Article(
                    **common, status=Article.Status.READY, title=r["title"], byline=r["byline"], published=r["published"],
                    source=sources[r["source"]], canonical_url=r["canonical_url"], site_name=r["site_name"],
                    language=r["language"], lead_image=r["lead_image"], excerpt=r["excerpt"], html=r["html"],
                    text=r["text"], word_count=len(r["text"].split()), kind=r["kind"], encoding=r["encoding"],
                ))
            else:
                articles.append(Article(**common, status=Article.Status.FAILED, error_code=r["error_code"][:40],
                                        error=r["error"]))
        Article.objects.bulk_create(articles, batch_size=1000)
        with connection.cursor() as cursor:  # uploaded one after another, as processed_at says
            cursor.execute("UPDATE articles_article SET created_at = processed_at")
        SourceBlock.objects.bulk_create(
            (SourceBlock(source=sources[r["source"]], article_id=r["number"] + 1, fingerprint=value)
             for r in ready for value in r["fingerprints"]), batch_size=5000)
        _log(f"inserted {len(records):,} articles in {time.perf_counter() - started:.0f} s")

        Speaker.objects.bulk_create(
            Speaker(pk=pk, name=name, slug=slug, role=role) for slug, (pk, name, role) in quotes.speakers.items())
        Quote.objects.bulk_create(
            (Quote(pk=q.pk, text=q.text, text_kind=q.kind, speaker_id=q.speaker, occurrence_count=q.occurrence_count,
                   article_count=q.article_count) for q in quotes.quotes.values()), batch_size=2000)
        QuoteOccurrence.objects.bulk_create(
            (QuoteOccurrence(pk=o["pk"], article_id=o["article"], quote_id=o["quote"], start=o["start"], end=o["end"],
                             text=o["text"], html_start=o["span"][0] if o["span"] else None,
                             html_end=o["span"][1] if o["span"] else None, kind=o["kind"],
                             speaker_name=o["speaker_name"], speaker_role=o["speaker_role"], match=o["match"])
             for o in quotes.occurrences), batch_size=2000)
        QuoteKey.objects.bulk_create(
            (QuoteKey(key=key, quote_id=pk) for key, posted in quotes.postings.items() for pk in sorted(posted)),
            batch_size=5000)
        PassageKey.objects.bulk_create(
            (PassageKey(key=key, article_id=pk) for pk, keys in quotes.passage_keys.items() for key in keys),
            batch_size=5000)
        _log(f"inserted quotes and keys in {time.perf_counter() - started:.0f} s")

        shared = []
        marks_of: dict[int, list] = defaultdict(list)
        for (article, other), found in zip(passages["pairs"][:len(quotes.pairs)], passages["passages"]):
            for passage in found:
                a, b = (article, passage.a_start, passage.a_end), (other, passage.b_start, passage.b_end)
                first, second = (a, b) if article < other else (b, a)
                pk = len(shared) + 1
                shared.append(SharedPassage(pk=pk, first_id=first[0], first_start=first[1], first_end=first[2],
                                            second_id=second[0], second_start=second[1], second_end=second[2],
                                            score=passage.score))
                marks_of[first[0]].append((False, pk, first[1], first[2]))
                marks_of[second[0]].append((True, pk, second[1], second[2]))
        SharedPassage.objects.bulk_create(shared, batch_size=2000)
        occurrences_of: dict[int, list] = defaultdict(list)
        for o in quotes.occurrences:
            occurrences_of[o["article"]].append((o["pk"], o["start"], o["end"]))
        # Marks in the order rebuild_highlights reads them: occurrences by start; passages as the OR query returns
        # them (SQLite: through the `first` index, then the `second` one; PostgreSQL: a bitmap scan, in id order).
        by_index = connection.vendor == "sqlite"
        jobs = [(r["number"] + 1, r["html"], r["text"], sorted(occurrences_of[r["number"] + 1], key=lambda o: (o[1], o[0])),
                 [mark[1:] for mark in sorted(marks_of[r["number"] + 1], key=lambda m: (m[0] and by_index, m[1]))])
                for r in ready]
        with Pool(PROCESSES) as pool:
            for block in pool.imap(_marked, [jobs[i:i + 100] for i in range(0, len(jobs), 100)]):
                ArticleHighlights.objects.bulk_create(ArticleHighlights(article_id=pk, marked_html=html, quote_spans=spans)
                                                      for pk, html, spans in block)
        _log(f"inserted {len(shared):,} shared passages and marked HTML in {time.perf_counter() - started:.0f} s")

        with state["features"].open("rb") as f:
            features_dicts, _ = pickle.load(f)
        insert_stories(stories, [story_row(r) for r in ready], features_dicts, [r["number"] + 1 for r in ready])
        _log(f"inserted {len(stories.members):,} stories in {time.perf_counter() - started:.0f} s")
        if connection.vendor == "postgresql":
            from newsroom.search.models import SEARCH_CONFIG, ArticleSearchDocument
            from search_fill import index_search_documents

            ArticleSearchDocument.objects.bulk_create(
                (ArticleSearchDocument(article_id=r["number"] + 1) for r in ready), batch_size=5000)
            index_search_documents(connection, SEARCH_CONFIG)
            _log(f"search vectors in {time.perf_counter() - started:.0f} s")
        reset_sequences([Source, Article, SourceBlock, Speaker, Quote, QuoteOccurrence, QuoteKey, PassageKey,
                         SharedPassage, Story, Membership, StoryKey])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    _log(f"filled {size:,} uploads in {time.perf_counter() - started:.0f} s")

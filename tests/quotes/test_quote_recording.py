"""record_quotes at upload time: occurrences, index look-ups, merges, passages, marked HTML and export."""

import importlib
import json
import re

import lxml.html
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from newsroom.articles.ingest import ingest_text
from newsroom.articles.models import Article
from newsroom.quotes import finding, matching, recording
from newsroom.quotes.highlighting import Mark, mark_html
from newsroom.quotes.matching import index_keys, quote_spans
from newsroom.quotes.models import ArticleHighlights, PassageKey, Quote, QuoteKey, QuoteOccurrence, SharedPassage, Speaker

FIRST = "We will build the largest network of charging stations across every state in the country"
SECOND = "and the stations will run on renewable energy from wind farms that we own ourselves"


def article_with(text: str, title: str):
    return ingest_text(text, title=title).article


def test_a_statement_quoted_whole_joins_the_quotes_of_its_two_halves(db):
    # Two articles carry one sentence each: two quotes. A third carries both: they become one.
    one = article_with(f"Opening of the first report.\n\n\u201c{FIRST},\u201d said Jane Roe.\n\nEnd one.", "One")
    two = article_with(f"Opening of the second report.\n\n\u201c{SECOND},\u201d said Jane Roe.\n\nEnd two.", "Two")
    assert Quote.objects.filter(speaker__name="Jane Roe").count() == 2
    three = article_with(f"Opening of the third report.\n\nJane Roe said: \u201c{FIRST}, {SECOND}.\u201d\n\nEnd.", "Three")
    quotes = Quote.objects.filter(speaker__name="Jane Roe")
    assert quotes.count() == 1
    quote = quotes.get()
    assert set(quote.occurrences.values_list("article_id", flat=True)) == {one.pk, two.pk, three.pk}
    assert quote.article_count == 3
    assert quote.text == f"{FIRST}, {SECOND}."
    # Keys of both halves now lead to the merged quote only.
    assert not QuoteKey.objects.exclude(quote=quote).exists()


def test_a_short_generic_phrase_links_nothing(db):
    article_with("First text here.\n\nThe firm calls it \u201cshared ambition\u201d in its ads.\n\nEnd.", "One")
    article_with("Second text there.\n\nCritics mock the \u201cshared ambition\u201d of the deal.\n\nEnd.", "Two")
    assert not QuoteOccurrence.objects.filter(text="shared ambition").exists()
    assert not QuoteKey.objects.exists()


def test_keys_shared_by_too_many_quotes_are_not_used_or_stored(db, monkeypatch):
    monkeypatch.setattr(recording, "COMMON_QUOTE_KEY", 2)
    for number, topic in enumerate(["roads", "bridges", "tunnels", "ports"]):
        article_with(
            f"Report {number}.\n\n\u201cWe will build the largest network of {topic} in the history of "
            f"the region {number}{number}{number},\u201d said Person {topic.title()}.\n\nEnd {number}.",
            f"Report {number}",
        )
    # The shingle "build largest network" is in every statement: after two quotes it is common.
    postings = QuoteKey.objects.values("key").order_by().annotate(n=Count("id"))
    assert max(row["n"] for row in postings) == 2
    assert Quote.objects.filter(article_count=1).count() == 4


def test_it_stores_speakers_once_with_their_role(imported_seeds):
    nadella = Speaker.objects.get(slug="satya-nadella")
    assert nadella.name == "Satya Nadella"
    assert "CEO" in nadella.role


def test_the_marked_html_wraps_every_occurrence_once_and_keeps_the_text(imported_seeds):
    for article in imported_seeds.values():
        marked = ArticleHighlights.objects.get(article=article).marked_html
        for pk in article.quote_occurrences.values_list("pk", flat=True):
            assert marked.count(f'id="q-{pk}"') == 1
        assert re.sub(r"<mark [^>]*>|</mark>", "", marked) == article.html
        tree = lxml.html.fragment_fromstring(marked, create_parent="div")
        for mark in tree.iter("mark"):
            assert mark.getparent().tag != "mark" or mark.get("class") == "quote"


def test_each_marked_occurrence_holds_the_words_of_its_occurrence(imported_seeds):
    article = imported_seeds["004"]
    tree = lxml.html.fragment_fromstring(article.highlights.marked_html, create_parent="div")
    for occurrence in article.quote_occurrences.all():
        pieces = tree.xpath(f'//mark[@data-occurrence="{occurrence.pk}"]')
        assert " ".join("".join(p.text_content() for p in pieces).split()) == " ".join(occurrence.text.split())
        assert article.html[occurrence.html_start:occurrence.html_end].startswith(occurrence.text[:10])


def test_it_finds_the_press_release_passage_that_000_and_002_both_copied(imported_seeds):
    first, second = imported_seeds["000"], imported_seeds["002"]
    passages = SharedPassage.objects.filter(first=first, second=second)
    copied = [p for p in passages if "direct access to OpenAI models" in first.text[p.first_start:p.first_end]]
    assert len(copied) == 1
    assert "direct access to OpenAI models" in second.text[copied[0].second_start:copied[0].second_end]
    assert f'data-passage="{copied[0].pk}"' in first.highlights.marked_html
    assert f'data-passage="{copied[0].pk}"' in ArticleHighlights.objects.get(article=second).marked_html
    assert not SharedPassage.objects.filter(first=imported_seeds["001"]).exists()
    assert not SharedPassage.objects.filter(second=imported_seeds["001"]).exists()


def test_reprocessing_keeps_one_set_of_passages(imported_seeds):
    before = SharedPassage.objects.count()
    imported_seeds["002"].reprocess()
    assert SharedPassage.objects.count() == before


def test_deleting_an_article_deletes_its_occurrences_but_quotes_stay_with_their_other_articles(imported_seeds, occurrence_of):
    quote = occurrence_of(imported_seeds["004"], "We’ve worked together").quote
    imported_seeds["004"].delete()
    assert quote.occurrences.count() == 1


def test_export_includes_each_articles_quotes(imported_seeds, tmp_path, django_assert_max_num_queries):
    output = tmp_path / "export.jsonl"
    with django_assert_max_num_queries(6):
        call_command("export_articles", output=str(output))
    records = {record["filename"][:3]: record for record in map(json.loads, output.read_text().splitlines())}
    quotes = records["000"]["quotes"]
    nadella = [q for q in quotes if q["text"].startswith("We formed our partnership")]
    assert len(nadella) == 1
    assert nadella[0]["speaker"] == "Satya Nadella"
    assert records["000"]["text"][nadella[0]["start"]:nadella[0]["end"]] == nadella[0]["text"]
    assert set(nadella[0]) == {"quote_id", "speaker", "text", "start", "end"}
    assert any(q["quote_id"] == nadella[0]["quote_id"] for q in records["004"]["quotes"])


def test_a_quote_that_no_article_carries_any_more_is_deleted_with_its_keys(db):
    article = article_with(f"Opening line of the report.\n\n\u201c{FIRST},\u201d said Jane Roe.\n\nEnd.", "One")
    assert Quote.objects.count() == 1
    # As after a better extractor: the article's text no longer has the quote.
    article.text = "Opening line of the report.\n\nEnd."
    article.html = "<p>Opening line of the report.</p><p>End.</p>"
    article.save(update_fields=["text", "html"])
    recording.record_quotes(article)
    assert not Quote.objects.exists()
    assert not QuoteKey.objects.exists()
    assert 'class="quote"' not in ArticleHighlights.objects.get(article=article).marked_html


def test_when_its_longest_version_goes_the_quote_takes_the_longest_left(db):
    whole = article_with(f"Opening of the first report.\n\nJane Roe said: \u201c{FIRST}, {SECOND}.\u201d\n\nEnd.", "Whole")
    article_with(f"Opening of the second report.\n\n\u201c{FIRST},\u201d said Jane Roe.\n\nEnd two.", "Half")
    quote = Quote.objects.get()
    assert quote.text == f"{FIRST}, {SECOND}."
    whole.text = "Opening of the first report.\n\nEnd."
    whole.html = "<p>Opening of the first report.</p><p>End.</p>"
    whole.save(update_fields=["text", "html"])
    recording.record_quotes(whole)
    quote.refresh_from_db()
    assert quote.text == FIRST
    assert (quote.article_count, quote.occurrence_count) == (1, 1)


def marked_html_of_one_article_as_first_written(article) -> str:
    """The marked HTML built from the article's own occurrences and passages, one article at a time,
    as before partners were re-marked together: passages where it is the first article, then the
    second, each in id order."""
    marks = [
        Mark(start, end, f'class="quote" data-occurrence="{pk}"', f'id="q-{pk}"')
        for pk, start, end in article.quote_occurrences.order_by("start").values_list("pk", "start", "end")
    ]
    for pk, start, end in SharedPassage.objects.filter(first=article).order_by("pk").values_list("pk", "first_start", "first_end"):
        marks.append(Mark(start, end, f'class="passage" data-passage="{pk}"'))
    for pk, start, end in SharedPassage.objects.filter(second=article).order_by("pk").values_list("pk", "second_start", "second_end"):
        marks.append(Mark(start, end, f'class="passage" data-passage="{pk}"'))
    return mark_html(article.html, article.text, marks)


def test_articles_marked_together_get_the_html_each_gets_alone(imported_seeds):
    assert SharedPassage.objects.exists()
    articles = list(imported_seeds.values())
    ArticleHighlights.objects.all().delete()
    recording.rebuild_highlights(articles)
    for article in articles:
        assert ArticleHighlights.objects.get(article=article).marked_html == marked_html_of_one_article_as_first_written(article)



def test_more_articles_than_one_statement_holds_are_all_written_or_replaced(db):
    # 20 rows: two statements of the highlights upsert; half the rows exist (stale), half are new.
    articles = [
        article_with(f"Note {n} opens.\n\n\u201cWe will open plant {n} next spring,\u201d said Jane Roe.\n\nEnd {n}.", f"Note {n}")
        for n in range(20)
    ]
    ArticleHighlights.objects.filter(article__in=articles[::2]).delete()
    ArticleHighlights.objects.filter(article__in=articles[1::2]).update(marked_html="stale", quote_spans=[[0, 1]])
    recording.rebuild_highlights(articles)
    assert ArticleHighlights.objects.count() == 20
    for article in articles:
        stored = ArticleHighlights.objects.get(article=article)
        assert stored.marked_html == marked_html_of_one_article_as_first_written(article)
        assert stored.quote_spans == [list(span) for span in matching.find_quote_spans(article.text)]
        assert 'class="quote"' in stored.marked_html

PRESS_RELEASE = (
    "The company announced on Tuesday that its new regional distribution centre in northern Ohio will open "
    "next spring, employing four hundred workers across warehouse logistics, trucking and customer service."
)


def test_recording_takes_as_many_queries_with_four_passage_partners_as_with_one(db):
    def report(number: int):
        return article_with(
            f"Report {number} begins with its own story about item {number}.\n\n{PRESS_RELEASE}\n\nIt closes with note {number}.",
            f"Report {number}",
        )

    def queries_recording(article) -> int:
        with CaptureQueriesContext(connection) as captured:
            recording.record_quotes(article)
        return len(captured)

    report(1)
    with_one = report(2)
    one_partner = queries_recording(with_one)
    report(3), report(4)
    with_four = report(5)
    four_partners = queries_recording(with_four)
    assert SharedPassage.objects.filter(second=with_one).count() == 1
    assert SharedPassage.objects.filter(second=with_four).count() == 4
    assert four_partners == one_partner
    for article in Article.objects.all():
        assert article.highlights.marked_html == marked_html_of_one_article_as_first_written(article)


RECALL_NOTICE = (
    "Owners of the affected heaters should stop using them at once, unplug them from the wall, and call the "
    "manufacturer's free helpline to arrange a collection and a full refund of the purchase price."
)


def test_passage_candidates_are_those_the_direct_queries_find(db, monkeypatch):
    # One query finds both the crowded keys and the candidates; it must agree with the two direct
    # look-ups it replaced. Limit 3: the press release (in four articles) is crowded, so only the
    # two articles that also carry the recall notice remain candidates.
    monkeypatch.setattr(recording, "COMMON_PASSAGE_KEY", 3)
    for number in range(1, 5):
        notice = f"\n\n{RECALL_NOTICE}" if number <= 2 else ""
        article_with(f"Report {number} on item {number}.\n\n{PRESS_RELEASE}{notice}\n\nNote {number}.", f"Report {number}")
    keys = sorted(index_keys(f"A new report.\n\n{PRESS_RELEASE}\n\n{RECALL_NOTICE}\n\nThe end."))

    crowded = set(PassageKey.objects.filter(key__in=keys).values("key").annotate(n=Count("id"))
                  .filter(n__gte=3).values_list("key", flat=True))
    uncommon = [key for key in keys if key not in crowded]
    candidates = list(
        PassageKey.objects.filter(key__in=uncommon).values("article_id").annotate(shared=Count("id"))
        .filter(shared__gte=recording.MIN_SHARED_PASSAGE_KEYS).order_by("-shared", "article_id")
        .values_list("article_id", flat=True)[:recording.MAX_PASSAGE_CANDIDATES]
    )
    assert crowded and len(candidates) == 2
    assert recording._passage_candidates(keys) == (uncommon, candidates)
    # The crowded keys got no fourth posting.
    assert not PassageKey.objects.filter(key__in=crowded).values("key").annotate(n=Count("id")).filter(n__gt=3).exists()


def test_each_article_keeps_the_spans_of_its_quotes_that_passages_may_not_be_made_of(imported_seeds):
    for article in imported_seeds.values():
        stored = ArticleHighlights.objects.get(article=article).quote_spans
        assert stored == [list(span) for span in quote_spans(finding.find_quotes(article.text))]
    assert any(ArticleHighlights.objects.values_list("quote_spans", flat=True))


def test_a_passage_partner_s_quotes_are_read_back_not_found_again(db, monkeypatch):
    def report(number: int):
        return article_with(
            f"Report {number} begins with its own story about item {number}.\n\n{PRESS_RELEASE}\n\n"
            f"\u201c{FIRST},\u201d said Jane Roe {number}.\n\nIt closes with note {number}.",
            f"Report {number}",
        )

    partners = [report(1), report(2)]
    searched = []
    find_quotes = finding.find_quotes

    def recording_find_quotes(text):
        searched.append(text)
        return find_quotes(text)

    # Found quotes are cached by text: cleared, so a partner's would have to be found again.
    matching.find_quote_spans.cache_clear()
    monkeypatch.setattr(finding, "find_quotes", recording_find_quotes)
    monkeypatch.setattr(recording, "find_quotes", recording_find_quotes)
    third = report(3)
    assert SharedPassage.objects.filter(second=third).count() == 2
    assert searched == [third.text]
    for article in [*partners, third]:
        assert article.highlights.quote_spans == [list(span) for span in quote_spans(find_quotes(article.text))]
        assert article.highlights.marked_html == marked_html_of_one_article_as_first_written(article)


def test_the_migration_fills_the_quote_spans_of_articles_recorded_before(imported_seeds):
    from django.apps import apps

    ArticleHighlights.objects.update(quote_spans=None)
    migration = importlib.import_module("newsroom.quotes.migrations.0002_articlehighlights_quote_spans")
    migration.fill_quote_spans(apps, None)
    for article in imported_seeds.values():
        stored = ArticleHighlights.objects.get(article=article).quote_spans
        assert stored == [list(span) for span in quote_spans(finding.find_quotes(article.text))]


def test_quote_candidates_are_those_the_direct_queries_find(db, monkeypatch):
    # One statement finds both the statement's crowded keys and its candidate quotes; it must agree
    # with the two querysets it replaced. Limit 2: "build largest network" is in every statement.
    monkeypatch.setattr(recording, "COMMON_QUOTE_KEY", 2)
    for number, topic in enumerate(["roads", "bridges", "tunnels"]):
        article_with(
            f"Report {number}.\n\n\u201cWe will build the largest network of {topic} in the history of "
            f"the region, and of {topic} in the whole country,\u201d said Person {topic.title()}.\n\nEnd {number}.",
            f"Report {number}",
        )
    keys = index_keys("We will build the largest network of tunnels and bridges in the history of the region")

    crowded = set(QuoteKey.objects.filter(key__in=keys).values("key").annotate(n=Count("id"))
                  .filter(n__gte=2).values_list("key", flat=True))
    best = (QuoteKey.objects.filter(key__in=keys - crowded).values("quote_id").annotate(shared=Count("id"))
            .order_by("-shared", "quote_id").values_list("quote_id", flat=True)[:recording.MAX_QUOTE_CANDIDATES])
    found_crowded, candidates = recording._candidate_quotes(keys)
    assert crowded and len(best) == 2
    assert found_crowded == crowded
    assert [quote.pk for quote in candidates] == sorted(best)
    for quote in candidates:
        stored = Quote.objects.get(pk=quote.pk)
        assert (quote.text, quote.text_kind, quote.speaker_id, quote.occurrence_count) == (
            stored.text, stored.text_kind, stored.speaker_id, stored.occurrence_count)
    assert recording._crowded_quote_keys(keys) == crowded

"""The seed articles' quotes stored, grouped and attributed as ../shared/seeds/EXPECTED.md says."""

import pytest

from newsroom.articles.ingest import ingest
from newsroom.articles.models import Article
from newsroom.quotes.models import Quote, QuoteOccurrence


def articles_carrying(quote: Quote) -> set[str]:
    return {filename[:3] for filename in quote.occurrences.values_list("article__filename", flat=True)}


def test_nadellas_2023_statement_is_one_quote_in_000_002_003_and_004(imported_seeds, occurrence_of):
    quote = occurrence_of(imported_seeds["000"], "We formed our partnership with OpenAI").quote
    assert articles_carrying(quote) == {"000", "002", "003", "004"}
    assert quote.speaker.name == "Satya Nadella"
    assert quote.text.startswith("We formed our partnership with OpenAI around a shared ambition")
    assert "build and run their applications" in quote.text
    for key, words in [("002", "We formed our partnership"), ("002", "In this next phase"),
                       ("003", "Our partnership with OpenAI is built"), ("004", "responsibly advance cutting-edge"),
                       ("004", "developers and organizations across industries")]:
        assert occurrence_of(imported_seeds[key], words).quote == quote, (key, words)


def test_the_quote_counts_the_articles_and_occurrences_that_carry_it(imported_seeds, occurrence_of):
    quote = occurrence_of(imported_seeds["000"], "We formed our partnership with OpenAI").quote
    assert quote.article_count == 4
    assert quote.occurrence_count == quote.occurrences.count()


def test_openais_supercomputing_statement_is_one_quote_in_003_and_004(imported_seeds, occurrence_of):
    quote = occurrence_of(imported_seeds["004"], "We’ve worked together to build multiple supercomputing").quote
    assert articles_carrying(quote) == {"003", "004"}
    assert quote.speaker.name == "OpenAI"
    assert occurrence_of(imported_seeds["003"], "We’ve partnered to build").quote == quote


def test_it_keeps_nadellas_2019_quote_apart_from_the_2023_statement(imported_seeds, occurrence_of):
    old = occurrence_of(imported_seeds["001"], "AI is one of the most transformative technologies").quote
    new = occurrence_of(imported_seeds["000"], "We formed our partnership with OpenAI").quote
    assert old != new
    assert articles_carrying(old) == {"001"}
    assert old.speaker.name == "Satya Nadella"


@pytest.mark.parametrize(
    "words, speaker",
    [
        ("The past three years of our partnership have been great", "Sam Altman"),
        ("Microsoft shares our values", "Sam Altman"),
        ("we are witnessing the fastest industrial revolution", "Marshall Choy"),
        ("The next challenge is taking generative AI", "Marshall Choy"),
    ],
)
def test_altmans_and_choys_quotes_appear_once_with_their_speaker(imported_seeds, occurrence_of, words, speaker):
    quote = occurrence_of(imported_seeds["002"], words).quote
    assert articles_carrying(quote) == {"002"}
    assert quote.speaker.name == speaker


def test_every_occurrence_is_the_slice_of_its_article_text_at_its_offsets(imported_seeds):
    occurrences = QuoteOccurrence.objects.select_related("article")
    assert occurrences.count() > 20
    for occurrence in occurrences:
        assert occurrence.article.text[occurrence.start:occurrence.end] == occurrence.text


def test_reprocessing_an_article_duplicates_nothing(imported_seeds):
    before = sorted(QuoteOccurrence.objects.values_list("article_id", "quote_id", "start", "end", "text"))
    quotes = sorted(Quote.objects.values_list("pk", "text", "speaker_id", "occurrence_count", "article_count"))
    for key in ("000", "003"):
        imported_seeds[key].reprocess()
    assert sorted(QuoteOccurrence.objects.values_list("article_id", "quote_id", "start", "end", "text")) == before
    assert sorted(Quote.objects.values_list("pk", "text", "speaker_id", "occurrence_count", "article_count")) == quotes


def grouping() -> set[frozenset[tuple[str, int, int]]]:
    """Quotes as sets of (seed number, start, end): comparable between two imports."""
    groups: dict[int, set] = {}
    for quote_id, filename, start, end in QuoteOccurrence.objects.values_list("quote_id", "article__filename", "start", "end"):
        groups.setdefault(quote_id, set()).add((filename[:3], start, end))
    return {frozenset(group) for group in groups.values()}


def test_upload_order_does_not_change_the_grouping(imported_seeds, seeds_dir):
    forward = grouping()
    Article.objects.all().delete()
    assert not Quote.objects.exists() or not QuoteOccurrence.objects.exists()
    Quote.objects.all().delete()
    for path in sorted(seeds_dir.glob("*.txt"), reverse=True):
        ingest(path.read_bytes(), filename=path.name, content_type="text/plain")
    assert grouping() == forward

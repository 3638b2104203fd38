"""marked_columns: the seed story's articles side by side, their shared quotes in the same colour."""

import re

from newsroom.quotes.sharing import marked_columns


def colours_by_quote(html: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for colour, quote in re.findall(r'class="quote shared colour-(\d+)" data-quote="(\d+)"', html):
        found.setdefault(quote, set()).add(colour)
    return found


def test_nadellas_statement_has_one_colour_in_all_four_2023_articles(imported_seeds, occurrence_of,
                                                                    django_assert_max_num_queries):
    ids = [imported_seeds[key].pk for key in ("000", "002", "003", "004")]
    with django_assert_max_num_queries(2):
        columns = marked_columns(ids)
    nadella = str(occurrence_of(imported_seeds["000"], "We formed our partnership").quote_id)
    colours = [colours_by_quote(columns[pk]).get(nadella) for pk in ids]
    assert all(colours) and len(set.union(*colours)) == 1
    assert 'data-speaker="Satya Nadella"' in columns[ids[0]]


def test_a_quote_shown_in_one_column_only_stays_plain(imported_seeds, occurrence_of):
    ids = [imported_seeds["000"].pk, imported_seeds["002"].pk]
    columns = marked_columns(ids)
    openai = str(occurrence_of(imported_seeds["004"], "We’ve worked together").quote_id)
    assert all(openai not in colours_by_quote(html) for html in columns.values())
    altman = occurrence_of(imported_seeds["002"], "Microsoft shares our values")
    assert f'<mark class="quote" data-occurrence="{altman.pk}"' in columns[imported_seeds["002"].pk]


def test_the_2019_article_beside_a_2023_one_shares_no_quote(imported_seeds):
    columns = marked_columns([imported_seeds["000"].pk, imported_seeds["001"].pk])
    assert "quote shared" not in columns[imported_seeds["001"].pk]

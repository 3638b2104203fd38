"""Which articles a comparison shows, its permalink, and shared-quote marks made focusable (pure core)."""

from newsroom.stories.comparison import chosen_columns, focusable_marks, permalink_query, shared_quotes


def test_it_shows_the_requested_members_in_the_order_asked():
    assert chosen_columns([1, 2, 3, 4, 5], ["5", "2"]) == [5, 2]


def test_it_ignores_outsiders_repeats_and_nonsense_and_stops_at_four():
    assert chosen_columns([1, 2, 3, 4, 5, 6], ["9", "x", None, "2", "2", "1", "3", "4", "5"]) == [2, 1, 3, 4]


def test_without_a_usable_choice_it_shows_the_first_four():
    assert chosen_columns([7, 8, 9, 10, 11], ["99"]) == [7, 8, 9, 10]
    assert chosen_columns([7, 8], []) == [7, 8]


def test_the_permalink_names_one_letter_per_column():
    assert permalink_query([12, 3, 40]) == "a=12&b=3&c=40"


COLUMNS = [
    '<p><mark class="quote shared colour-2" data-quote="7" data-speaker="Satya Nadella" data-occurrence="1" id="q-1">We formed</mark>'
    '<a><mark class="quote shared colour-2" data-quote="7" data-speaker="Satya Nadella" data-occurrence="1">our partnership</mark></a></p>',
    '<p><mark class="quote shared colour-2" data-quote="7" data-speaker="Satya Nadella" data-occurrence="2" id="q-2">We formed</mark>'
    ' <mark class="quote" data-occurrence="3" id="q-3">alone</mark></p>',
]


def test_shared_quotes_are_numbered_with_their_speaker_and_column_count():
    [quote] = shared_quotes(COLUMNS)
    assert (quote.number, quote.quote_id, quote.colour, quote.speaker, quote.columns) == (1, 7, 2, "Satya Nadella", 2)


def test_only_the_first_piece_of_a_shared_quote_becomes_a_keyboard_stop():
    marked = focusable_marks(COLUMNS[0], shared_quotes(COLUMNS))
    assert marked.count('tabindex="0"') == 1
    assert 'id="q-1" data-n="1" tabindex="0" aria-describedby="shared-quote-7">We formed' in marked
    assert focusable_marks(COLUMNS[1], shared_quotes(COLUMNS)).count('tabindex="0"') == 1  # the plain quote stays plain

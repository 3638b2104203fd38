"""Source mentions widened or narrowed to the extent annotators mark (newsroom/quotes/source_extents.py).

The sentences are made up in the style of campaign news; each expected mention was written from
reading the sentence as PolNeAR's guidelines mark a source (title, appositive, relative pronoun).
"""

import pytest

from newsroom.quotes.source_extents import widen


def _widened(sentence: str, found: str, cue: str) -> str:
    start = sentence.index(found)
    start, end = widen(sentence, start, start + len(found), sentence.index(cue) if cue else -1)
    return sentence[start:end]


@pytest.mark.parametrize(("sentence", "found", "cue", "expected"), [
    ("Mr. Garin said the numbers were soft.", "Garin", "said", "Mr. Garin"),
    ("Luis Osuna, the head of the lawyers association, said the rules were unfair.",
     "Luis Osuna", "said", "Luis Osuna, the head of the lawyers association"),
    ("“We will win,” said Dana Whitfield, a precinct captain from Ames.",
     "Dana Whitfield", "said", "Dana Whitfield, a precinct captain from Ames"),
    ("Turnout was low, said Ray Hollis, 61, who has voted in every caucus since 1980.",
     "Ray Hollis", "said", "Ray Hollis, 61, who has voted in every caucus since 1980"),
    ("Campaign spokeswoman Jen Alvarez told reporters the event would go ahead.",
     "Jen Alvarez", "told", "Campaign spokeswoman Jen Alvarez"),
    ("She is the county clerk who insisted the ballots be counted again.",
     "She is the county clerk who", "insisted", "who"),
    ("He’s said that before.", "He’s", "said", "He"),
    ("Governor Lyle Benton on Friday announced he would not run.", "Governor Lyle Benton on Friday",
     "announced", "Governor Lyle Benton"),
    ("While Senator Ames argued the bill was too costly, others disagreed.", "While Senator Ames", "argued",
     "Senator Ames"),
])
def test_it_marks_the_annotated_extent_of_a_source(sentence, found, cue, expected):
    assert _widened(sentence, found, cue) == expected


@pytest.mark.parametrize(("sentence", "found", "cue"), [
    # A list after the name is not an appositive, nor is a quotation.
    ("Warren, Sanders and Booker said they would attend.", "Warren", "said"),
    ("“It is over,” said Tom Reyes, “and we lost.”", "Tom Reyes", "said"),
    # Nothing to widen: a pronoun.
    ("She said the race was close.", "She", "said"),
])
def test_it_leaves_a_source_without_a_title_or_appositive_as_found(sentence, found, cue):
    assert _widened(sentence, found, cue) == found

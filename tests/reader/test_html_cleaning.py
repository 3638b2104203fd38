"""Furniture that survives main-content selection: other stories' headlines, stamps, sign-off boxes."""

from newsroom.reader import extract_article
from newsroom.reader.boilerplate import is_timestamp
from newsroom.reader.html_cleaning import is_dateline_byline, is_tag_list
from tests.harbour_texts import BRIDGE_PARAGRAPHS

PARAGRAPHS = BRIDGE_PARAGRAPHS
URL = "https://harbour.example/news/bridge-to-close"


def extract(middle: str = "", end: str = "") -> str:
    first, rest = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3]), "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    page = (f"<html><head><title>Bridge to close</title></head><body><article><h1>Bridge to close</h1>"
            f"{first}{middle}{rest}{end}</article></body></html>")
    return extract_article(page.encode(), filename="bridge.html", url=URL).text


def test_a_run_of_linked_headlines_of_other_stories_goes():
    middle = ("<p><a href='/news/ferry-prices'>Ferry prices will rise by a third in April</a></p>"
              "<p><a href='/news/fish-market'>The fish market moves to the customs house</a></p>")
    text = extract(middle=middle)
    assert "Ferry prices" not in text and "fish market" not in text
    assert text.split("\n\n") == PARAGRAPHS


def test_a_single_linked_line_between_paragraphs_stays_unless_it_shouts():
    kept = extract(middle="<h3><a href='https://shop.example/lamp'>Harbour Lights Brass Desk Lamp</a></h3>")
    assert "Harbour Lights Brass Desk Lamp" in kept
    shouted = extract(middle="<p><a href='/news/mayor'>MAYOR SAYS FERRY WILL BE FREE FOR CHILDREN</a></p>")
    assert "MAYOR SAYS" not in shouted


def test_prompted_teasers_and_video_captions_go():
    middle = ("<p>READ MORE: Harbour tunnel plan shelved after costs double</p>"
              "<p>Media captionThe mayor explains the closure to residents</p>")
    assert extract(middle=middle).split("\n\n") == PARAGRAPHS


def test_a_sign_off_box_at_the_end_goes():
    end = ("<p>Sign up for The Harbour Briefing, delivered to your inbox every weekday morning. "
           "It is free.</p>")
    assert extract(end=end).split("\n\n") == PARAGRAPHS


def test_time_stamps_and_bylines_alone_on_a_line_are_not_paragraphs():
    assert is_timestamp("November 20, 2019 - 11:28 AMT")
    assert is_timestamp("Updated at 1:23 p.m.")
    # A clock time alone heads an entry of a live blog.
    assert not is_timestamp("4:14 p.m.")
    assert not is_timestamp("The 2019 season ended early")
    assert is_dateline_byline("by Jeff Foust / Monday, November 18, 2019")
    assert not is_dateline_byline("By the numbers")


def test_a_line_of_keywords_is_the_page_tags():
    assert is_tag_list("stock car 2018, stock car brasil, cascavel, interlagos, santa cruz, "
                       "corrida do milhão, goiânia, velopark")
    assert not is_tag_list("The ferry stops at the pier, the market, the museum and the station.")

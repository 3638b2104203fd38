"""Bylines and declared titles: the ways real pages mark them up, read the way they mean it."""

from newsroom.reader.html_extraction import parse_html
from newsroom.reader.metadata import read_metadata

STORY = "<p>The city council voted on Tuesday to close the old harbour bridge to cars from next spring.</p>"


def metadata(head: str, body: str = STORY):
    return read_metadata(parse_html(f"<html><head><title>Bridge to close</title>{head}</head><body>{body}</body></html>"))


def test_json_ld_wrapped_in_cdata_is_read():
    head = """<script type="application/ld+json">
        //<![CDATA[
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge to close",
         "author": {"@type": "Person", "name": "Ann Lee"}, "datePublished": "2026-03-02"}
        //]]>
        </script>"""
    meta = metadata(head)
    assert (meta.byline, meta.published) == ("Ann Lee", "2026-03-02")


def test_a_dublin_core_creator_wins_over_the_generic_author_and_a_property_over_a_name():
    head = """<meta name="author" content="Harbour Times Staff">
        <meta name="DC.creator" content="Bo Ng Declared By Name">
        <meta property="dc:creator" content="Ann Lee">"""
    assert metadata(head).byline == "Ann Lee"


def test_a_web_address_after_the_authors_name_is_not_part_of_it():
    assert metadata('<meta name="author" content="Ann Lee (https://ann.example/)">').byline == "Ann Lee"


def test_co_authors_in_brackets_are_authors_too():
    body = f'<p class="byline">Par <a href="/journaliste/ann-lee/">Ann Lee</a> (avec Bob Nguyen et Cyd Díaz)</p>{STORY}'
    assert metadata("", body).byline == "Ann Lee, Bob Nguyen, Cyd Díaz"


def test_a_linked_name_in_a_byline_is_kept_without_the_job_title_after_it():
    body = f'<div class="author"><a href="/people/ann-lee">Ann Lee</a> Transport Editor</div>{STORY}'
    assert metadata("", body).byline == "Ann Lee"


def test_initials_in_a_commenters_byline_are_not_the_author():
    body = f'{STORY}<div class="byline">J J</div><div class="author-name">Ann Lee</div>'
    assert metadata("", body).byline == "Ann Lee"


def test_a_name_trailed_by_a_dash_before_the_date_is_a_name():
    body = f'{STORY}<aside><span itemprop="author">Ann Lee —</span> <time>2026-03-02</time></aside>'
    assert metadata("", body).byline == "Ann Lee"


def test_the_json_ld_name_is_the_title_where_its_headline_is_a_description():
    head = """<title>New Zealand - Wikipedia</title><script type="application/ld+json">
        {"@type": "Article", "name": "New Zealand", "headline": "constitutional monarchy in Oceania"}</script>"""
    root = parse_html(f"<html><head>{head}</head><body>{STORY}</body></html>")
    assert read_metadata(root).title == "New Zealand"


def test_a_json_ld_headline_stays_the_title_when_the_name_is_the_site():
    head = """<title>Bridge to close | Harbour Times</title><meta property="og:site_name" content="Harbour Times">
        <script type="application/ld+json">{"@type": "NewsArticle", "name": "Harbour Times",
        "headline": "Council closes the old bridge"}</script>"""
    root = parse_html(f"<html><head>{head}</head><body>{STORY}</body></html>")
    assert read_metadata(root).title == "Council closes the old bridge"


def test_byline_markers_each_way_and_author_only_as_a_whole_class_word():
    # "authority" holds "author" but is not the class word "author"; the first marked element wins.
    story = '<div class="authority-box">Harbour Port Authority</div>' + STORY
    assert metadata("", '<p class="post author x">Ann Lee</p>' + story).byline == "Ann Lee"
    assert metadata("", story + '<span rel="author">Bob Nguyen</span>').byline == "Bob Nguyen"
    assert metadata("", '<div id="main-byline">Carla Diaz</div>' + story).byline == "Carla Diaz"
    assert metadata("", story + '<span class="c-byLine">Dan Roe</span>').byline == "Dan Roe"
    assert metadata("", story).byline == ""


def test_author_page_links_name_the_author():
    body = STORY + '<a href="/about/">About us</a><a href="https://harbour.example/people/eve-park">Eve Park</a>'
    assert metadata("", body).byline == "Eve Park"

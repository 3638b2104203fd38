"""Metadata: what the page declares (JSON-LD, OpenGraph, meta tags) wins over guesses."""

from newsroom.reader.html_extraction import parse_html
from newsroom.reader.metadata import clean_title, read_metadata


def test_it_drops_the_site_name_after_the_headline():
    assert clean_title("Bridge to close next spring | The Harbour Times", "The Harbour Times") == "Bridge to close next spring"


def test_it_drops_the_site_name_before_the_headline():
    assert clean_title("The Harbour Times - Bridge to close next spring", "The Harbour Times") == "Bridge to close next spring"


def test_it_drops_a_short_suffix_without_knowing_the_site():
    assert clean_title("Council votes to close the old harbour bridge – Harbour Times") == "Council votes to close the old harbour bridge"


def test_it_keeps_a_dash_that_belongs_to_the_headline():
    assert clean_title("Bridge to close - and the ferry returns | Harbour Times", "Harbour Times") == (
        "Bridge to close - and the ferry returns"
    )


def test_it_prefers_json_ld_for_headline_authors_and_date():
    root = parse_html(
        """<html lang="en-GB"><head><title>Page title | Harbour Times</title>
        <meta property="og:site_name" content="Harbour Times">
        <meta property="og:image" content="/img/bridge.jpg">
        <meta name="description" content="The old bridge closes to cars.">
        <link rel="canonical" href="https://harbour.example/news/bridge">
        <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
          {"@type": "NewsArticle", "headline": "Bridge to close next spring",
           "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Ng"}],
           "datePublished": "2026-03-02T09:30:00Z"}]}</script>
        </head><body><h1>Bridge to close next spring</h1></body></html>"""
    )
    meta = read_metadata(root, None, "https://harbour.example/news/bridge?utm=1")
    assert meta.title == "Bridge to close next spring"
    assert meta.byline == "Ann Lee, Bo Ng"
    assert meta.published == "2026-03-02T09:30:00+00:00"
    assert meta.site_name == "Harbour Times"
    assert meta.language == "en"
    assert meta.lead_image == "https://harbour.example/img/bridge.jpg"
    assert meta.excerpt == "The old bridge closes to cars."
    assert meta.canonical_url == "https://harbour.example/news/bridge"


def test_it_reads_opengraph_and_meta_tags_without_json_ld():
    root = parse_html(
        """<html><head><title>Harbour Times</title>
        <meta property="og:title" content="Ferry service returns">
        <meta name="author" content="By Carla Diaz and Dev Patel">
        <meta property="article:published_time" content="2026-03-05">
        </head><body></body></html>"""
    )
    meta = read_metadata(root)
    assert meta.title == "Ferry service returns"
    assert meta.byline == "Carla Diaz, Dev Patel"
    assert meta.published == "2026-03-05"


def test_it_finds_a_byline_marked_up_in_the_page():
    root = parse_html(
        "<html><head><title>Ferry service returns</title></head><body>"
        "<div class='article-byline'>By Carla Diaz | March 5, 2026</div></body></html>"
    )
    assert read_metadata(root).byline == "Carla Diaz"


def test_it_reads_the_byline_from_links_to_author_pages():
    root = parse_html(
        "<html><body><header><a href='/by/corey-kilgannon'><img alt='Corey Kilgannon' src='c.jpg'></a>"
        "<a class='author__name' href='/autori/ales-vavra/'>Aleš Vávra</a></header>"
        "<p>The bridge will close to cars next spring, the council decided on Tuesday evening.</p></body></html>"
    )
    assert read_metadata(root).byline == "Aleš Vávra"
    root = parse_html(
        "<html><body><header><a href='/by/corey-kilgannon'><img alt='Corey Kilgannon' src='c.jpg'></a></header>"
        "<p>The bridge will close to cars next spring, the council decided on Tuesday evening.</p></body></html>"
    )
    assert read_metadata(root).byline == "Corey Kilgannon"


def test_it_reads_a_by_line_above_the_article():
    root = parse_html(
        "<html><body><div class='meta'><span>By Nathan Willis</span> <span>March 25, 2015</span></div>"
        "<p>The bridge will close to cars next spring, the council decided on Tuesday evening.</p></body></html>"
    )
    assert read_metadata(root).byline == "Nathan Willis"

"""Main content and structure of HTML pages: what a reader keeps, and what it throws away."""

import pytest

from newsroom.reader import ExtractionError, extract_article
from newsroom.reader.html_extraction import parse_html, prune_junk, resolve_lazy_images
from tests.harbour_texts import BRIDGE_PARAGRAPHS

PARAGRAPHS = BRIDGE_PARAGRAPHS


def page(body: str, head: str = "<title>Bridge to close | The Harbour Times</title>") -> bytes:
    return f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


def article_body(*extra: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"<article><h1>Bridge to close</h1>{paragraphs}{''.join(extra)}</article>"


def test_it_keeps_the_paragraphs_of_the_article_in_order():
    article = extract_article(page(article_body()), filename="bridge.html")
    assert article.kind == "html"
    assert article.text.split("\n\n") == PARAGRAPHS


def test_it_keeps_headings_lists_quotes_tables_and_code():
    extra = (
        "<h2>What happens next</h2>"
        "<ul><li>Ferries every twenty minutes during rush hour</li><li>Free parking at the north pier</li></ul>"
        "<blockquote><p>We cannot wait for the bridge to fail before we act on the reports.</p></blockquote>"
        "<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2026</td><td>12 million</td></tr></table>"
        "<pre><code>closure_date = '2027-03-01'</code></pre>"
        "<p>The council will publish the full engineering report on its website next week.</p>"
    )
    html = extract_article(page(article_body(extra)), filename="bridge.html").html
    assert "<h2>What happens next</h2>" in html
    assert "<li>Ferries every twenty minutes during rush hour</li>" in html
    assert "<blockquote>" in html and "We cannot wait for the bridge" in html
    assert "<table>" in html and "<td>12 million</td>" in html
    assert "closure_date" in html and "<pre>" in html
    assert "<h1>" not in html


def test_it_does_not_repeat_the_headline_in_the_body():
    article = extract_article(page(article_body()), filename="bridge.html")
    assert article.title == "Bridge to close"
    assert "Bridge to close" not in article.text


def test_it_removes_share_buttons_newsletter_boxes_and_related_stories():
    extra = (
        "<p>Share on Facebook Share on X Share on LinkedIn</p>"
        "<p>Sign up for our newsletter to get the harbour news in your inbox every morning.</p>"
        "<h3>Related stories</h3>"
        "<p>Ferry prices to rise in May</p><p>New marina plans unveiled</p><p>Fish market reopens</p>"
    )
    text = extract_article(page(article_body(extra)), filename="bridge.html").text
    assert PARAGRAPHS[-1] in text
    for junk in ("Share on Facebook", "newsletter", "Related stories", "Ferry prices to rise in May"):
        assert junk not in text


@pytest.mark.parametrize("depth", [300, 3000])
def test_it_keeps_all_text_of_pages_nested_deeper_than_256_levels(depth):
    nested = "<div>" * depth + article_body() + "</div>" * depth
    article = extract_article(page(nested), filename="deep.html")
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text


def test_it_says_no_article_was_found_on_an_empty_page():
    with pytest.raises(ExtractionError) as error:
        extract_article(page("<nav><a href='/'>Home</a></nav>"), filename="empty.html")
    assert error.value.code == "no_article"
    assert "No article" in error.value.reason


def test_it_reads_a_windows_1252_page_without_a_charset():
    body = article_body("<p>Le café du coin a fermé ses portes après quarante années de service.</p>")
    data = f"<html><head><title>Bridge to close</title></head><body>{body}</body></html>".encode("cp1252")
    article = extract_article(data, filename="bridge.html")
    assert "Le café du coin a fermé ses portes" in article.text
    assert article.encoding == "cp1252"


def test_it_takes_an_html_page_pasted_as_text_for_a_page():
    article = extract_article(page(article_body()), content_type="text/plain; charset=utf-8")
    assert article.kind == "html"


def test_it_resolves_lazy_loaded_images_from_data_src_and_srcset():
    root = parse_html(
        "<html><body><img src='data:image/gif;base64,R0lGOD' data-src='/img/bridge.jpg'>"
        "<img srcset='/img/small.jpg 320w, /img/large.jpg 1024w'>"
        "<picture><source srcset='/img/pic.webp'><img src='/spacer.gif'></picture></body></html>"
    )
    resolve_lazy_images(root, "https://harbour.example/news/bridge")
    sources = [img.get("src") for img in root.iter("img")]
    assert sources == [
        "https://harbour.example/img/bridge.jpg",
        "https://harbour.example/img/large.jpg",
        "https://harbour.example/img/pic.webp",
    ]


def test_its_reader_html_is_sanitized():
    extra = "<p onclick='steal()'>Council papers are online <a href='javascript:alert(1)'>here</a> for everyone.</p><script>alert(1)</script>"
    html = extract_article(page(article_body(extra)), filename="bridge.html").html
    assert "onclick" not in html and "javascript" not in html and "<script" not in html


def test_pruning_junk_keeps_json_ld_and_the_text_after_a_script():
    root = parse_html(
        "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script>"
        "<style>p { color: red }</style></head><body><p>"
        f"{PARAGRAPHS[0]}<script>track()</script> {PARAGRAPHS[1]}</p><svg><text>Logo</text></svg>"
        "<template><p>Hidden comment form</p></template></body></html>"
    )
    prune_junk(root)
    assert [script.get("type") for script in root.iter("script")] == ["application/ld+json"]
    assert not list(root.iter("style", "svg", "template"))
    paragraph = root.find(".//p")
    assert PARAGRAPHS[1] in paragraph.text_content()
    assert "track()" not in paragraph.text_content()
    assert "Hidden comment form" not in root.text_content()

"""The reader keeps the article's figures, emphasis and links, and leaves the page's furniture images out."""

from newsroom.reader import extract_article
from newsroom.reader.structure import split_caption
from tests.harbour_texts import BRIDGE_PARAGRAPHS

PARAGRAPHS = BRIDGE_PARAGRAPHS
URL = "https://harbour.example/news/2026/bridge-to-close"


def page(middle: str = "", before: str = "", head: str = "") -> bytes:
    first, rest = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3]), "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Bridge to close | Harbour Times</title>"
        f"{head}</head><body><article><h1>Bridge to close</h1>{before}{first}{middle}{rest}</article></body></html>"
    ).encode()


def test_it_keeps_a_lazy_loaded_figure_with_its_caption_and_an_absolute_address():
    figure = (
        '<figure><img src="data:image/gif;base64,R0lGOD" data-src="/images/bridge.jpg" alt="The harbour bridge">'
        "<figcaption>The bridge has carried cars across the harbour since 1931.</figcaption></figure>"
    )
    article = extract_article(page(middle=figure), filename="bridge.html", url=URL)
    assert '<img src="https://harbour.example/images/bridge.jpg" alt="The harbour bridge"' in article.html
    assert "<figcaption>The bridge has carried cars across the harbour since 1931.</figcaption>" in article.html
    # In its place: after the third paragraph, before the fourth.
    assert article.html.index(PARAGRAPHS[2]) < article.html.index("<figure>") < article.html.index(PARAGRAPHS[3])


def test_it_takes_the_largest_srcset_candidate_against_the_canonical_address():
    figure = '<figure><img srcset="small.jpg 320w, large.jpg 1280w" alt="Engineers on the bridge"></figure>'
    head = '<link rel="canonical" href="https://harbour.example/news/bridge">'
    html = extract_article(page(middle=figure, head=head), filename="bridge.html").html
    assert 'src="https://harbour.example/news/large.jpg"' in html


def test_it_keeps_emphasis_and_web_links_but_not_script_links():
    middle = (
        "<p>The report calls the supports <em>beyond repair</em> and the council <b>agreed</b>, "
        "according to <a href='/reports/bridge.pdf'>the engineers' summary</a> and "
        "<a href='javascript:alert(1)'>a second note</a> published on Monday.</p>"
    )
    html = extract_article(page(middle=middle), filename="bridge.html", url=URL).html
    assert "<em>beyond repair</em>" in html
    assert "<strong>agreed</strong>" in html
    assert '<a href="https://harbour.example/reports/bridge.pdf" rel="nofollow noopener noreferrer">the engineers\' summary</a>' in html
    assert "javascript" not in html and "a second note" in html


def test_it_leaves_out_ads_headshots_pixels_and_teasers_of_other_stories():
    middle = (
        '<div class="ad-slot"><img src="https://ads.example/banner.jpg"></div>'
        '<div class="author-box"><img src="/staff/reporter.jpg"></div>'
        '<img src="https://track.example/p.gif" width="1" height="1">'
        '<a href="/news/other-story"><img src="/images/other-story.jpg"></a>'
        '<img src="/images/share-icon.svg">'
    )
    html = extract_article(page(middle=middle), filename="bridge.html", url=URL).html
    assert "<img" not in html


def test_a_photo_credit_goes_into_the_image_title_not_the_caption():
    assert split_caption("Divers inspect the supports. Credit: Harbour Times") == (
        "Divers inspect the supports.", "Credit: Harbour Times"
    )
    assert split_caption("Getty Images") == ("", "Getty Images")
    assert split_caption("1of4 Divers inspect the supports at dawn.") == ("Divers inspect the supports at dawn.", "")


def test_a_slideshow_caption_repeated_under_every_photo_is_shown_once():
    caption = "<figcaption>The old harbour bridge at dawn, seen from the north pier.</figcaption>"
    middle = "".join(f'<figure><img src="/images/bridge-{n}.jpg">{caption}</figure>' for n in range(3))
    html = extract_article(page(middle=middle), filename="bridge.html", url=URL).html
    assert html.count("<img") == 3
    assert html.count("The old harbour bridge at dawn") == 1

"""Every DOMPurify XSS payload goes through the whole pipeline (ingest) and comes out inert."""

import pytest

from newsroom.articles.ingest import ingest
from newsroom.articles.models import Article
from newsroom.reader.errors import ExtractionError
from newsroom.reader.extraction import extract_article
from newsroom.reader.sanitizer import sanitize_html
from tests.security.hostile import html_page, inertness_problems, load_payloads, text_article

pytestmark = pytest.mark.django_db

PAYLOADS_PER_ARTICLE = 32


def _problems_after_ingest(data: bytes, filename: str, content_type: str) -> list[str]:
    article = Article.objects.get(pk=ingest(data, filename=filename, content_type=content_type).article.pk)
    if article.status != Article.Status.READY:
        # Failing is inert too, but only with a reason an editor can read.
        return [] if article.error else [f"{article.status} without a reason"]
    problems = inertness_problems(article.html)
    if sanitize_html(article.html) != article.html:
        problems.append("sanitizing the stored HTML again changes it")
    if not article.html:
        problems.append("ready with no HTML")
    # Quote highlighting stores its own copy of the reader HTML with <mark>s added; pages show that.
    highlights = getattr(article, "highlights", None) if hasattr(Article, "highlights") else None
    if highlights is not None:
        problems += [f"in highlighted copy: {problem}" for problem in inertness_problems(highlights.marked_html)]
    return problems


def _documents(kind: str, payloads: list[str], label: str) -> tuple[bytes, str, str]:
    if kind == "html":
        return html_page(payloads, label).encode(), f"{label}.html", "text/html"
    return text_article(payloads, label).encode(), f"{label}.txt", "text/plain"


@pytest.mark.parametrize("kind", ["html", "text"])
def test_no_payload_survives_extraction_alone_in_a_runnable_form(kind):
    """One payload per article, through the reader core (decoding, extraction, sanitizing)."""
    failures = {}
    for number, case in enumerate(load_payloads()):
        data, filename, content_type = _documents(kind, [case["payload"]], f"case {number}")
        try:
            article = extract_article(data, filename=filename, content_type=content_type)
        except ExtractionError as error:
            failures[f"{number}: {case['title']}"] = [f"not read: {error.reason}"]
            continue
        problems = inertness_problems(article.html)
        if sanitize_html(article.html) != article.html:
            problems.append("sanitizing the output again changes it")
        if problems:
            failures[f"{number}: {case['title']}"] = problems
    assert not failures


@pytest.mark.parametrize("kind", ["html", "text"])
def test_no_payload_survives_the_whole_pipeline_in_a_runnable_form(kind):
    """Through ingest (storage, extraction, quotes, stories), 32 payloads per article to stay fast."""
    payloads = [case["payload"] for case in load_payloads()]
    batches = [payloads[start:start + PAYLOADS_PER_ARTICLE] for start in range(0, len(payloads), PAYLOADS_PER_ARTICLE)]
    failures = {}
    for number, batch in enumerate(batches):
        problems = _problems_after_ingest(*_documents(kind, batch, f"batch {number}"))
        if problems:
            failures[f"batch {number}"] = problems
    assert not failures
    assert Article.objects.count() == len(batches)
    assert Article.objects.ready().count() == len(batches)


def test_the_inertness_check_catches_what_it_looks_for():
    """The checker itself must fail on each thing it guards against, or the test above proves nothing."""
    for dangerous in (
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        "<svg><g/></svg>", '<p style="color:red">x</p>', "<iframe src=https://e.org></iframe>",
        '<img src="data:image/png;base64,AAAA">', "<form action=https://e.org><button>x</button></form>",
        '<a href="vbscript:msgbox(1)">x</a>', "<math><mi>x</mi></math>", "<base href=https://e.org>",
    ):
        assert inertness_problems(dangerous), dangerous
    assert inertness_problems('<p><a href="https://e.org/a" rel="nofollow">safe</a></p>') == []

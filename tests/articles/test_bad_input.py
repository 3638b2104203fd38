"""Bad input gets a clear error and loses nothing: the original is kept and can be reprocessed."""

import pytest

from newsroom.articles.ingest import UploadRejected, ingest
from newsroom.articles.models import Article

pytestmark = pytest.mark.django_db

PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(range(256)) * 4


def test_an_empty_file_is_kept_as_failed_with_a_reason():
    article = ingest(b"", filename="empty.html", content_type="text/html").article
    assert article.status == Article.Status.FAILED
    assert "empty" in article.error.lower()
    assert article.original_bytes() == b""


def test_a_png_renamed_html_is_kept_as_failed_with_a_reason():
    article = ingest(PNG_BYTES, filename="photo.html", content_type="text/html").article
    assert article.status == Article.Status.FAILED
    assert "PNG" in article.error
    assert article.original_bytes() == PNG_BYTES


def test_windows_1252_text_without_a_charset_reads_correctly():
    text = (
        "Caf\u00e9 culture returns to the old town\n\n"
        "The \u201cnew\u201d caf\u00e9s on the square opened on Saturday \u2013 and the owners say business is good.\n\n"
        "Visitors paid \u20ac3 for a coffee, na\u00efvely hoping prices would stay that low."
    )
    article = ingest(text.encode("cp1252"), filename="cafe.txt").article
    assert article.status == Article.Status.READY
    assert "caf\u00e9s on the square" in article.text
    assert "\u20ac3 for a coffee" in article.text
    assert "\u00c3" not in article.text  # no mojibake


def test_nul_bytes_do_not_reach_the_reader_view():
    data = b"Dam inspection finds cracks\x00\n\nInspectors found\x00 cracks in the northern wall of the reservoir dam on Monday morning.\n\nRepairs will start next week, the water authority said."
    article = ingest(data, filename="dam.txt").article
    assert article.original_bytes() == data
    if article.status == Article.Status.READY:
        assert "\x00" not in article.text and "\x00" not in article.html
        assert "cracks in the northern wall" in article.text
    else:
        assert article.error


def test_a_file_over_the_size_limit_is_refused_with_a_clear_error(settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    with pytest.raises(UploadRejected) as refused:
        ingest(b"a" * (30 * 1024 * 1024), filename="huge.txt")
    assert "over the limit" in refused.value.reason
    assert Article.objects.count() == 0


def test_a_failed_article_can_be_reprocessed_after_a_fix(monkeypatch):
    from newsroom.articles import models

    def broken_extractor(*args, **kwargs):
        raise RuntimeError("a bug in the extractor")

    monkeypatch.setattr(models, "extract_article", broken_extractor)
    data = b"Harbour reopens\n\nThe harbour reopened to ferries on Sunday after the storm damage was repaired."
    article = ingest(data, filename="harbour.txt").article
    assert article.status == Article.Status.FAILED
    assert "internal error" in article.error
    monkeypatch.undo()
    article.reprocess()
    article.refresh_from_db()
    assert article.status == Article.Status.READY
    assert "reopened to ferries" in article.text

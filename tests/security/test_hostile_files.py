"""Broken and hostile files get a clear outcome quickly: bombs refused, slow shapes bounded, encodings read."""

import gzip
import sys
import threading
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from newsroom.articles.ingest import UploadRejected, decompress, ingest
from newsroom.articles.models import Article
from tests.security.hostile import PARAGRAPHS, html_page

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from hostile_files import hostile_inputs  # noqa: E402  (the same files the benchmark times)

pytestmark = pytest.mark.django_db

MOJIBAKE = ("Ã", "â€", "Â")


def _gzip_bomb(megabytes: int = 200) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (1 << 20)
    return b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()


def test_a_gzip_bomb_is_refused_at_the_limit_without_being_unpacked(settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 1024 * 1024
    bomb = _gzip_bomb()
    assert len(bomb) < 300_000
    with pytest.raises(UploadRejected) as refused:
        decompress(bomb, "bomb.html.gz")
    assert refused.value.code == "too_large_decompressed"
    assert "bomb.html.gz decompresses to more than 1 MB" in refused.value.reason


def test_a_raw_deflate_bomb_is_refused_too(settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 1024 * 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    bomb = b"".join(compressor.compress(b"a" * (1 << 20)) for _ in range(50)) + compressor.flush()
    with pytest.raises(UploadRejected, match="decompresses to more than"):
        decompress(bomb, "bomb", encoding="deflate")


def test_broken_and_truncated_gzip_get_a_clear_error():
    whole = gzip.compress(html_page([], "cut").encode())
    with pytest.raises(UploadRejected, match="cut short"):
        decompress(whole[: len(whole) // 2], "cut.html.gz")
    with pytest.raises(UploadRejected, match="not valid gzip"):
        decompress(b"\x1f\x8b\x08\x00garbage-garbage-garbage", "junk.html.gz")


def test_import_reads_gzipped_pages_and_reports_bombs_and_oversized_files(tmp_path, settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 1024 * 1024
    (tmp_path / "good.html.gz").write_bytes(gzip.compress(html_page([], "gzipped").encode()))
    (tmp_path / "bomb.html.gz").write_bytes(_gzip_bomb(50))
    (tmp_path / "huge.txt").write_bytes(b"word " * 300_000)
    errors = []
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path), "--no-progress", stderr=_Lines(errors), stdout=_Lines([]))
    article = Article.objects.get()
    assert article.filename == "good.html"
    assert article.status == Article.Status.READY
    assert "Council debates budget gzipped" in article.title
    assert any("bomb.html.gz" in line and "decompresses to more than 1 MB" in line for line in errors)
    assert any("huge.txt" in line and "over the limit" in line for line in errors)


def test_every_way_in_refuses_files_over_the_limit(editor_client, settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 4096
    big = (" ".join(PARAGRAPHS) * 20).encode()
    with pytest.raises(UploadRejected, match="over the limit"):
        ingest(big, filename="big.txt")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = editor_client.post(reverse("admin:articles_article_upload"), {"files": [SimpleUploadedFile("big.txt", big, "text/plain")]})
    assert response.status_code == 200
    assert b"over the limit" in response.content
    assert Article.objects.count() == 0


# A fifth of the benchmark's sizes (still tens of thousands of tags or attributes); the two that are
# slow only through sheer volume of words, at a fiftieth, to keep the suite fast.
_BY_VOLUME = {"one-line.txt", "table.html"}
CRAFTED = [case for case in hostile_inputs(scale=0.2) if case[1] not in _BY_VOLUME] + [
    case for case in hostile_inputs(scale=0.02) if case[1] in _BY_VOLUME
]


@pytest.mark.parametrize("name, filename, data", CRAFTED, ids=[case[1] for case in CRAFTED])
def test_crafted_files_end_ready_or_failed_with_a_reason(name, filename, data):
    article = Article.objects.get(pk=ingest(data, filename=filename).article.pk)
    assert article.status in (Article.Status.READY, Article.Status.FAILED)
    if article.status == Article.Status.FAILED:
        assert article.error and article.error_code
    else:
        assert article.text.strip() and not any(marker in article.text for marker in MOJIBAKE)
    assert article.original_bytes() == data


def test_a_page_too_slow_to_read_ends_failed_and_the_next_one_is_processed(settings, monkeypatch):
    from newsroom.articles import models

    settings.NEWSROOM_PROCESSING_TIMEOUT_SECONDS = 1
    release = threading.Event()
    real_extract = models.extract_article

    def extract_slowly_if_asked(data, **options):
        if b"make-me-slow" in data:
            release.wait(30)  # stands for a parser stuck on a crafted page
        return real_extract(data, **options)

    monkeypatch.setattr(models, "extract_article", extract_slowly_if_asked)
    try:
        slow = ingest(html_page(["<p>make-me-slow</p>"], "slow").encode(), filename="slow.html").article
        following = ingest(html_page([], "next").encode(), filename="next.html").article
    finally:
        release.set()
    assert slow.status == Article.Status.FAILED
    assert slow.error_code == "time_limit"
    assert "longer than the limit of 1 seconds" in slow.error
    assert following.status == Article.Status.READY


def test_the_time_limit_works_outside_the_main_thread():
    """db_worker and gunicorn run tasks in threads, where signal.alarm cannot be used."""
    from newsroom.articles.time_limits import TimeLimitExceeded, call_with_time_limit

    release = threading.Event()
    outcomes = []

    def worker():
        try:
            call_with_time_limit(release.wait, 0.2, 30)
        except TimeLimitExceeded as exceeded:
            outcomes.append(exceeded.seconds)
        outcomes.append(call_with_time_limit(sum, 5, [1, 2, 3]))

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(20)
    release.set()
    assert outcomes == [0.2, 6]


ACCENTED = "Caf\u00e9 owners on the square say the \u201cnew\u201d rules cost them \u20ac300 a month \u2013 na\u00efvely, perhaps."


@pytest.mark.parametrize(
    "label, data, expected",
    [
        ("utf-8", html_page([f"<p>{ACCENTED}</p>"], "utf8").encode("utf-8"), ACCENTED),
        ("utf-16 with BOM", html_page([f"<p>{ACCENTED}</p>"], "utf16").encode("utf-16"), ACCENTED),
        ("windows-1252 undeclared", html_page([f"<p>{ACCENTED}</p>"], "cp1252").replace("<meta charset='utf-8'>", "").encode("cp1252"), ACCENTED),
        ("iso-8859-1 undeclared", html_page(["<p>Cr\u00e8me br\u00fbl\u00e9e et caf\u00e9 au march\u00e9 de No\u00ebl, d\u00e9j\u00e0 c\u00e9l\u00e8bre.</p>"], "latin1").replace("<meta charset='utf-8'>", "").encode("latin-1"), "Cr\u00e8me br\u00fbl\u00e9e et caf\u00e9"),
        ("wrong meta charset (utf-8 on windows-1252)", html_page([f"<p>{ACCENTED}</p>"], "wrongmeta").encode("cp1252"), ACCENTED),
        ("wrong meta charset (iso-8859-1 on utf-8)", html_page([f"<p>{ACCENTED}</p>"], "wrongmeta2").replace("charset='utf-8'", "charset='iso-8859-1'").encode("utf-8"), None),
        ("invalid utf-8 bytes", html_page(["<p>Before \xff\xfe after.</p>"], "invalid").encode("utf-8").replace(b"\xc3\xbf\xc3\xbe", b"\xff\xfe"), None),
        ("nul bytes", html_page(["<p>Null\x00 bytes\x00 here.</p>"], "nul").encode("utf-8"), "bytes here"),
    ],
)
def test_encodings_give_readable_text_or_a_clear_error_never_a_500(editor_client, label, data, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = editor_client.post(reverse("admin:articles_article_upload"), {"files": [SimpleUploadedFile("page.html", data, "text/html")]})
    assert response.status_code == 200
    article = Article.objects.get()
    if article.status == Article.Status.FAILED:
        assert article.error
        return
    assert article.status == Article.Status.READY
    assert not any(marker in article.text for marker in MOJIBAKE), article.text[:300]
    assert "\x00" not in article.text and "\x00" not in article.html
    if expected:
        assert expected in article.text
    assert editor_client.get(article.get_absolute_url()).status_code == 200


class _Lines:
    """A stream for call_command that keeps what was written, line by line."""

    def __init__(self, lines: list):
        self.lines = lines

    def write(self, text: str) -> None:
        self.lines.extend(line for line in text.splitlines() if line)

    def flush(self) -> None:
        pass

    def __iter__(self):
        return iter(self.lines)

"""Add-by-URL fetches public pages only: SSRF refused after DNS and on every redirect, with limits and clear errors."""

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from newsroom.articles import fetching
from newsroom.articles.fetching import FetchRefused, add_by_url, fetch
from newsroom.articles.models import Article
from tests.security.hostile import html_page

pytestmark = pytest.mark.django_db

PAGE = html_page([], "fetched").encode()


class _Handler(BaseHTTPRequestHandler):
    """A small site on 127.0.0.1: a page, redirect chains, a slow page, a huge page, a gzip bomb."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path
        if path == "/article":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif path.startswith("/hop/"):
            remaining = int(path.rsplit("/", 1)[1])
            self._redirect("/article" if remaining == 0 else f"/hop/{remaining - 1}")
        elif path == "/to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/to-named-loopback":
            self._redirect(f"http://internal.example:{self.server.server_port}/article")
        elif path == "/to-ftp":
            self._redirect("ftp://files.example/article")
        elif path == "/huge":
            self._send(200, b"<p>" + b"a" * 300_000 + b"</p>", "text/html")
        elif path == "/huge-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"a" * 10_000)
        elif path == "/gzip":
            self._send(200, gzip.compress(PAGE.replace(b"fetched", b"gzipped")), "text/html", {"Content-Encoding": "gzip"})
        elif path == "/bomb":
            self._send(200, gzip.compress(b"\0" * 5_000_000), "text/html", {"Content-Encoding": "gzip"})
        elif path == "/slow":
            self.send_response(200)
            self.end_headers()
            self.server.release.wait(10)
        else:
            self._send(404, b"not here", "text/plain")

    def _redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status, body, content_type, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def private_allowed(settings):
    """The local test site is on loopback: allowed only through the setting, as tests do."""
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 100_000
    settings.NEWSROOM_FETCH_TIMEOUT_SECONDS = 2
    return settings


def test_a_page_is_fetched_and_stored_with_its_address(site, private_allowed):
    result = add_by_url(f"{site}/hop/2")
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == Article.Status.READY
    assert article.given_url == f"{site}/article"
    assert article.original_bytes() == PAGE
    assert add_by_url(f"{site}/article").duplicate


def test_gzip_content_encoding_is_decoded_within_the_limit(site, private_allowed):
    data, content_type, _ = fetch(f"{site}/gzip")
    assert b"Council debates budget gzipped" in data
    with pytest.raises(FetchRefused, match="decompresses to more than"):
        fetch(f"{site}/bomb")


@pytest.mark.parametrize(
    "path, code, words",
    [
        ("/hop/4", None, None),  # five redirects
        ("/hop/5", "redirects", "More than 5 redirects"),
        ("/huge", "too_large", "over the limit"),
        ("/huge-unannounced", "too_large", "download was stopped"),
        ("/missing", "http_status", "answered 404"),
        ("/to-ftp", "scheme", "Only http and https"),
        ("/slow", "timeout", None),
    ],
)
def test_limits_give_a_clear_refusal(site, private_allowed, path, code, words):
    if code is None:
        assert fetch(f"{site}{path}")[0] == PAGE
        return
    with pytest.raises(FetchRefused) as refused:
        fetch(f"{site}{path}")
    assert refused.value.code == code
    if words:
        assert words in refused.value.reason


@pytest.mark.parametrize(
    "url, words",
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.10/", "private"),
        ("http://172.16.5.5/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[fe80::1]/", "link-local"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://100.64.0.1/", "not a public internet address"),
        ("file:///etc/passwd", "Only http and https"),
        ("javascript:alert(1)", "Only http and https"),
        ("http://user:pw@example.org/", "user name or password"),
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url, words):
    with pytest.raises(FetchRefused) as refused:
        fetch(url)
    assert words in refused.value.reason
    assert Article.objects.count() == 0


def test_a_host_name_that_resolves_to_loopback_is_refused(monkeypatch):
    monkeypatch.setattr(fetching, "resolve", lambda host, port: ["93.184.215.14", "127.0.0.1"])
    with pytest.raises(FetchRefused, match="news.example is a loopback address"):
        fetch("https://news.example/article")


def test_a_redirect_to_a_private_address_is_refused_even_from_an_allowed_host(site, settings, monkeypatch):
    """The first hop is let through by a fake public DNS answer; the redirects must still be checked."""
    port = int(site.rsplit(":", 1)[1])
    real_check = fetching.check_address
    monkeypatch.setattr(fetching, "resolve", lambda host, p: ["127.0.0.1"] if host.endswith(".example") else [host])
    monkeypatch.setattr(fetching, "check_address", lambda address, host: None if host == "public.example" else real_check(address, host))
    assert fetch(f"http://public.example:{port}/article")[0] == PAGE
    with pytest.raises(FetchRefused, match="169.254.169.254 is a link-local address"):
        fetch(f"http://public.example:{port}/to-metadata")
    with pytest.raises(FetchRefused, match="internal.example is a loopback address"):
        fetch(f"http://public.example:{port}/to-named-loopback")


def test_editors_add_by_url_in_the_upload_form(editor_client, site, private_allowed):
    response = editor_client.post(reverse("admin:articles_article_upload"), {"fetch_url": f"{site}/article"})
    assert response.status_code == 200
    assert b"outcome-created" in response.content
    assert Article.objects.get().given_url == f"{site}/article"


def test_a_refused_url_is_reported_in_the_upload_form(editor_client):
    response = editor_client.post(reverse("admin:articles_article_upload"), {"fetch_url": "http://127.0.0.1:9/admin"})
    assert response.status_code == 200
    assert b"outcome-rejected" in response.content
    assert b"loopback address" in response.content
    assert Article.objects.count() == 0

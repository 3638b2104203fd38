"""Add-by-URL: the server fetches a page for an editor (or the API), refusing anything but the public web.

Every hop (the first address and each redirect) is resolved here and each resolved address checked:
only http/https, no private, loopback, link-local or otherwise non-public address (SSRF). The
connection goes to the address that was checked, not to a second lookup, so DNS rebinding between
check and connect cannot reach an internal host. At most NEWSROOM_FETCH_MAX_REDIRECTS redirects,
NEWSROOM_MAX_UPLOAD_BYTES (also after gzip/deflate decoding) and NEWSROOM_FETCH_TIMEOUT_SECONDS in all.
"""

import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

from newsroom.articles.compression import CompressedUploadRejected, decompress_upload
from newsroom.articles.ingest import IngestResult, UploadRejected, ingest

USER_AGENT = "newsroom/1.0 (self-hosted news reader; fetches a page an editor asked for)"
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024


class FetchRefused(UploadRejected):
    """A URL that was not fetched (or not kept): `code` for programs, `reason` for the editor."""


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (the test suite replaces this to fake DNS)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchRefused("dns", f"The host name {host} could not be resolved ({error}).") from None
    return sorted({info[4][0] for info in infos})


def check_address(address: str, host: str) -> None:
    """Refuse an address that is not on the public internet (unless NEWSROOM_FETCH_ALLOW_PRIVATE)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if settings.NEWSROOM_FETCH_ALLOW_PRIVATE:
        return
    for kind, flag in (("an unspecified", ip.is_unspecified), ("a loopback", ip.is_loopback), ("a link-local", ip.is_link_local), ("a private", ip.is_private),
                       ("a multicast", ip.is_multicast), ("a reserved", ip.is_reserved)):
        if flag:
            raise FetchRefused("private_address", f"{host} is {kind} address ({ip}); newsroom only fetches pages from the public internet.")
    if not ip.is_global:
        raise FetchRefused("private_address", f"{host} resolves to {ip}, which is not a public internet address.")


def _checked_target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, address to connect to) for a URL, after every check."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused("scheme", f"Only http and https addresses can be fetched, not {scheme or 'this one'}: {url[:200]}")
    if parts.username or parts.password:
        raise FetchRefused("credentials", "Addresses with a user name or password in them are not fetched.")
    host = parts.hostname
    if not host:
        raise FetchRefused("no_host", f"The address has no host name: {url[:200]}")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchRefused("bad_port", f"The address has an invalid port: {url[:200]}") from None
    addresses = resolve(host, port)
    if not addresses:
        raise FetchRefused("dns", f"The host name {host} has no address.")
    for address in addresses:  # all of them: a name with one public and one private address is refused
        check_address(address, host)
    return scheme, host, port, addresses[0]


def fetch(url: str) -> tuple[bytes, str, str]:
    """(body, content type, final URL) of a page, or FetchRefused with a clear reason."""
    limit = settings.NEWSROOM_MAX_UPLOAD_BYTES
    seconds = settings.NEWSROOM_FETCH_TIMEOUT_SECONDS
    deadline = time.monotonic() + seconds
    for _ in range(settings.NEWSROOM_FETCH_MAX_REDIRECTS + 1):
        scheme, host, port, address = _checked_target(url)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        timeout = urllib3.Timeout(connect=min(10, seconds), read=max(0.1, deadline - time.monotonic()))
        if scheme == "https":
            pool = urllib3.HTTPSConnectionPool(address, port, server_hostname=host, assert_hostname=host, timeout=timeout, retries=False)
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
        host_header = host if port in (80, 443) else f"{host}:{port}"
        try:
            response = pool.urlopen(
                "GET", path, redirect=False, preload_content=False, decode_content=False,
                headers={"Host": host_header, "User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9, */*;q=0.1",
                         "Accept-Encoding": "gzip, deflate"},
            )
        except urllib3.exceptions.HTTPError as error:
            raise FetchRefused("unreachable", f"{host} could not be reached ({type(error).__name__}).") from None
        try:
            if response.status in _REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise FetchRefused("bad_redirect", f"{host} answered {response.status} without saying where to.")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchRefused("http_status", f"{host} answered {response.status} {response.reason or ''}".strip() + ", not a page.")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchRefused("too_large", f"The page is {int(declared)} bytes, over the limit of {limit} bytes per article.")
            body = bytearray()
            for chunk in response.stream(_CHUNK, decode_content=False):
                body += chunk
                if len(body) > limit:
                    raise FetchRefused("too_large", f"The page is over the limit of {limit} bytes per article; the download was stopped.")
                if time.monotonic() > deadline:
                    raise FetchRefused("timeout", f"Fetching took longer than {seconds} s (NEWSROOM_FETCH_TIMEOUT_SECONDS).")
        except urllib3.exceptions.HTTPError as error:
            raise FetchRefused("timeout" if "timed out" in str(error).lower() else "unreachable",
                               f"Fetching from {host} failed ({type(error).__name__}).") from None
        finally:
            response.release_conn()
            pool.close()
        encoding = response.headers.get("Content-Encoding", "").strip().lower()
        data = bytes(body)
        if encoding in ("gzip", "x-gzip", "deflate"):
            try:
                data = decompress_upload(data, url, limit=limit, encoding="deflate" if encoding == "deflate" else "gzip")
            except CompressedUploadRejected as rejected:
                raise FetchRefused(rejected.code, rejected.reason) from None
        elif encoding not in ("", "identity"):
            raise FetchRefused("encoding", f"{host} sent the page compressed as {encoding}, which newsroom does not read.")
        return data, response.headers.get("Content-Type", ""), url
    raise FetchRefused("redirects", f"More than {settings.NEWSROOM_FETCH_MAX_REDIRECTS} redirects; the last one pointed to {url[:200]}")


def add_by_url(address: str, *, url: str = "", **fields) -> IngestResult:
    """Fetch `address` and ingest it as an editor's upload; the article's URL is `url` if given, else where the page was found."""
    data, content_type, final_url = fetch(address)
    name = urlsplit(final_url).path.rstrip("/").rsplit("/", 1)[-1] or urlsplit(final_url).hostname or "page"
    return ingest(data, filename=name[:200], content_type=content_type, url=url or final_url, **fields)

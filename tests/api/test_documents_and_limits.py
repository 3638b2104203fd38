"""The OpenAPI document, the documentation page under the site's CSP, rate limits, and no CORS."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_every_operation(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    operations = {(method.upper(), path) for path, methods in document["paths"].items() for method in methods}
    assert operations == {
        ("GET", "/api/v1/stories"), ("GET", "/api/v1/stories/{story_id}"), ("GET", "/api/v1/articles/{article_id}"),
        ("POST", "/api/v1/articles"), ("POST", "/api/v1/articles/{article_id}/reprocess"),
        ("POST", "/api/v1/articles/{article_id}/move"), ("GET", "/api/v1/quotes/{quote_id}"), ("GET", "/api/v1/search"),
    }
    assert document["components"]["securitySchemes"]["ApiTokenAuth"] == {
        "type": "http", "scheme": "bearer", "description": document["components"]["securitySchemes"]["ApiTokenAuth"]["description"],
    }
    # Reads may go without a token; writes may not.
    assert {} in document["paths"]["/api/v1/stories"]["get"]["security"]
    assert document["paths"]["/api/v1/articles"]["post"]["security"] == [{"ApiTokenAuth": []}]
    assert "409" in document["paths"]["/api/v1/articles"]["post"]["responses"]


def test_the_docs_page_is_rendered_on_the_server_under_the_strict_csp(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "<code>POST /api/v1/articles</code>" in page
    assert "curl -s -X POST &#x27;http://testserver/api/v1/articles&#x27;" in page
    assert "Authorization: Bearer $NEWSROOM_TOKEN" in page
    assert "http://testserver/api/v1/openapi.json" in page
    # Nothing from elsewhere: no CDN scripts or styles (ninja's Swagger UI would need them).
    assert "cdn" not in page.lower() and "swagger" not in page.lower()
    assert 'src="http' not in page and 'href="https://cdn' not in page


def test_swagger_ui_is_not_served(client):
    assert client.get("/api/v1/docs/").status_code == 404


def test_anonymous_reads_are_rate_limited_per_address(client, settings):
    settings.NEWSROOM_API_ANON_RATE = "3/min"
    statuses = [client.get("/api/v1/stories").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/stories")
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    # Another address is counted apart.
    assert client.get("/api/v1/stories", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_made_up_forwarded_for_header_does_not_escape_the_limit(client, settings):
    settings.NEWSROOM_API_ANON_RATE = "2/min"
    statuses = [
        client.get("/api/v1/stories", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_the_sites_proxy_the_address_it_adds_is_counted(client, settings):
    settings.NEWSROOM_API_ANON_RATE = "1/min"
    settings.NEWSROOM_HTTPS = True
    first = client.get("/api/v1/stories", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1", secure=True)
    again = client.get("/api/v1/stories", HTTP_X_FORWARDED_FOR="203.0.113.10, 198.51.100.1", secure=True)
    other = client.get("/api/v1/stories", HTTP_X_FORWARDED_FOR="198.51.100.2", secure=True)
    assert (first.status_code, again.status_code, other.status_code) == (200, 429, 200)


def test_token_holders_are_not_rate_limited(client, settings, outsider_token, bearer):
    settings.NEWSROOM_API_ANON_RATE = "2/min"
    statuses = [client.get("/api/v1/stories", **bearer(outsider_token)).status_code for _ in range(5)]
    assert statuses == [200] * 5


def test_the_rate_setting_fails_loudly_when_malformed(monkeypatch):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "newsroom.settings", "NEWSROOM_API_ANON_RATE": "lots", "PATH": ""},
        capture_output=True, text=True,
    )
    assert result.returncode != 0 and "NEWSROOM_API_ANON_RATE" in result.stderr


@pytest.mark.parametrize("method", ["get", "options"])
def test_no_cors_headers_are_sent(client, method):
    response = getattr(client, method)(
        "/api/v1/stories", HTTP_ORIGIN="https://elsewhere.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert not [header for header in response.headers if header.lower().startswith("access-control-")]


def test_api_answers_are_json_with_the_sites_security_headers(client):
    response = client.get("/api/v1/stories")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"

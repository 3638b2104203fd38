"""Tokens and helpers for the API tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counts(db):
    """Anonymous calls are counted per address in the cache (perhaps a database table); each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor_token(editor):
    """The secret of a staff user's token."""
    from newsroom.api.models import ApiToken

    return ApiToken.issue(editor, "editor's script")[1]


@pytest.fixture
def outsider_token(outsider):
    """The secret of a token whose user is not staff: it may read, never write."""
    from newsroom.api.models import ApiToken

    return ApiToken.issue(outsider, "outsider's reader")[1]


@pytest.fixture
def bearer():
    def header(secret: str) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return header


ACME_1 = """Acme agrees to buy Widget Works for $40 million

Acme Corporation said on Tuesday it had agreed to buy Widget Works, the Ohio maker of industrial widgets, for $40 million in cash.

"Widget Works gives us the factories and the engineers we need to double our output by next year," said Jane Roe, chief executive of Acme.

The deal is expected to close in March, subject to approval by regulators.
"""

ACME_2 = """Acme to acquire Widget Works in $40 million cash deal

Acme Corporation will pay $40 million for Widget Works, the Ohio widget maker, the companies said on Tuesday.

Jane Roe, Acme's chief executive, said: "Widget Works gives us the factories and the engineers we need to double our output by next year."

Regulators must approve the deal, which should close in March.
"""

HARBOUR = """Storm closes Portsmouth harbour for two days

Ferries to the Isle of Wight were cancelled on Friday as a storm with winds of 90 mph closed Portsmouth harbour.

"We will reopen as soon as it is safe to do so," a spokesman for the harbour authority said.
"""


@pytest.fixture
def small_world(db):
    """Three short articles, as an editor would add them: two on one acquisition (sharing a quote), one apart."""
    from newsroom.articles.ingest import ingest_text
    from newsroom.articles.models import Article

    added = {}
    for name, text, source in (("acme_1", ACME_1, "Daily Ledger"), ("acme_2", ACME_2, "Wire Service"), ("harbour", HARBOUR, "Coast News")):
        result = ingest_text(text, source=source)
        added[name] = Article.objects.get(pk=result.article.pk)
    return added

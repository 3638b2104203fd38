"""Fixtures shared by the whole suite: the seed articles and the people who use the site."""

from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"
SEEDS_DIR = SHARED_DIR / "seeds"
BENCH_DIR = SHARED_DIR / "bench"


@pytest.fixture(autouse=True)
def _test_settings(request):
    """Settings every test shares.

    Pages render with plain static storage, so the suite needs no collectstatic run first; and
    passwords hash with a fast hasher, since the suite makes many users and tests no hashing cost.
    Pure-core suites may run with `-p no:django`; they have no settings to change.
    """
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test's database starts over (its transaction is rolled back), so must the kept pages and fragments.
    from django.core.cache import caches

    from newsroom.front.fragments import forget_fragments

    caches["pages"].clear()
    forget_fragments()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test database, and the page cache's PostgreSQL listener closed before it is dropped."""
    yield
    from newsroom.front.content_changes import stop_listening

    stop_listening()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five seed scrapes from ../shared/seeds; tests that need them skip where it is absent."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS_DIR} (../shared/seeds beside the project)")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_texts(seeds_dir) -> dict[str, str]:
    """Seed texts keyed by their three-digit number: {"000": "...", ...}."""
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture
def editor(django_user_model):
    """A staff member who uploads and corrects."""
    return django_user_model.objects.create_user("editor", password="correct horse battery", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(django_user_model):
    """Logged in, but not staff: may read, may not edit."""
    return django_user_model.objects.create_user("outsider", password="correct horse battery")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


@pytest.fixture
def imported_seeds(db, seeds_dir):
    """The five seed articles imported as an editor would, keyed "000".."004"."""
    from newsroom.articles.ingest import ingest
    from newsroom.articles.models import Article

    articles = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        result = ingest(path.read_bytes(), filename=path.name, content_type="text/plain")
        articles[path.name[:3]] = Article.objects.get(pk=result.article.pk)
    return articles

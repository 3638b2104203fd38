"""Fixtures for the hostile-input tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(request):
    """Logins are part of these tests; hashing with the production cost would dominate their time."""
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.environment import env_bool, env_int, env_list

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_booleans_accept_the_usual_words(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False


def test_a_bad_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG")


def test_a_bad_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("SIZE", "20MB")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        env_int("SIZE", 1)
    monkeypatch.setenv("SIZE", "-1")
    with pytest.raises(ImproperlyConfigured, match="below its minimum"):
        env_int("SIZE", 1, minimum=0)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("HOSTS", "news.example, www.news.example,")
    assert env_list("HOSTS", []) == ["news.example", "www.news.example"]


def _manage(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x7" * 30 + "-production-secret-that-is-long-and-random",
        ALLOWED_HOSTS="news.example",
        NEWSROOM_HTTPS="true",
        NEWSROOM_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_bad_setting_stops_the_app_at_start_up(tmp_path):
    result = _manage("check", NEWSROOM_MAX_UPLOAD_BYTES="lots", NEWSROOM_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "NEWSROOM_MAX_UPLOAD_BYTES='lots' is not an integer" in result.stderr

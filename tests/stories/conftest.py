"""Lets the stories core's tests import `newsroom` when run without pytest-django (`-p no:django`)."""

import sys
from pathlib import Path

# pytest-django puts the project root on sys.path; the pure core's tests must not depend on it.
PROJECT_ROOT = str(Path(__file__).resolve().parents[2])
if PROJECT_ROOT not in sys.path:
    sys.path.insert(0, PROJECT_ROOT)

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic():
    """The clustering core renders no pages: override the suite-wide settings fixture so these tests
    also run without pytest-django (`-p no:django`)."""

"""Settings for bench/reading.py only: the project's settings, plus a URLconf with a constant view (the server's ceiling)."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "reading_urls"
# The in-process query counts use Django's test client, whose host is "testserver".
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405

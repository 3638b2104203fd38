"""Settings for a worker that sleeps inside the processing pipeline, so a test can kill it mid-article."""

from newsroom.settings import *  # noqa: F403

NEWSROOM_AFTER_EXTRACTION = [*NEWSROOM_AFTER_EXTRACTION, "tests.support.slow_processing_settings.sleep_forever"]  # noqa: F405


def sleep_forever(article) -> None:
    import time

    time.sleep(600)

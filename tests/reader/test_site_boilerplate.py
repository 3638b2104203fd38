"""Per-site learning: what several articles of one source repeat is that source's furniture."""

from newsroom.reader import extract_article
from newsroom.reader.site_boilerplate import fingerprint, learn_site_boilerplate
from tests.harbour_texts import BRIDGE_PARAGRAPHS, HARBOUR_STORIES

NEWSLETTER = "The Harbour Times morning briefing lands in thousands of inboxes before seven every weekday."
STORIES = HARBOUR_STORIES[:3]


def page(paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>News</title></head><body><article>{body}</article></body></html>".encode()


def test_blocks_repeated_in_three_articles_are_learned_and_those_in_two_are_not():
    articles = [{fingerprint(NEWSLETTER), fingerprint(s[0])} for s in STORIES]
    articles[1].add(fingerprint("A paragraph of background that two of the stories happen to share."))
    articles[2].add(fingerprint("A paragraph of background that two of the stories happen to share."))
    assert learn_site_boilerplate(articles, min_articles=3) == {fingerprint(NEWSLETTER)}


def test_case_and_punctuation_do_not_change_a_fingerprint_but_words_do():
    assert fingerprint("Sign up for the morning briefing!") == fingerprint("sign up for the morning briefing")
    assert fingerprint("Sign up for the morning briefing") != fingerprint("Sign up for the evening briefing")


def test_short_labels_and_quoted_statements_are_never_learned():
    assert fingerprint("What happens next") is None
    assert fingerprint('The mayor said: "We will not let the bridge fall into the harbour."') is None


def test_extraction_removes_the_site_boilerplate_and_keeps_the_story():
    stored = [extract_article(page([*story, NEWSLETTER]), filename="a.html") for story in STORIES]
    assert all(NEWSLETTER in article.text for article in stored)
    learned = learn_site_boilerplate([article.fingerprints for article in stored])
    new_story = ["The harbour master retired after thirty years of guiding ships into the port.",
                 "Her successor, a former ferry captain, starts work on the first of March."]
    article = extract_article(page([*new_story, NEWSLETTER]), filename="b.html", site_boilerplate=learned)
    assert article.text.split("\n\n") == new_story
    # What the site repeats is still reported, so the source keeps learning from this article too.
    assert fingerprint(NEWSLETTER) in article.fingerprints


def test_plain_text_loses_a_learned_sentence_glued_to_a_paragraph():
    text = ("Harbour master retires\n\n"
            "The harbour master retired after thirty years of guiding ships into the port. "
            f"{NEWSLETTER}\n\nHer successor, a former ferry captain, starts work on the first of March.\n")
    learned = frozenset({fingerprint(NEWSLETTER)})
    article = extract_article(text.encode(), filename="b.txt", site_boilerplate=learned)
    assert NEWSLETTER not in article.text
    assert "The harbour master retired after thirty years of guiding ships into the port." in article.text
    assert "Her successor, a former ferry captain, starts work on the first of March." in article.text


# Background paragraphs that one outlet repeats in its stories on the same subject, as outlets
# do with wire copy and boxes of background: body text, not furniture.
BACKGROUND = BRIDGE_PARAGRAPHS[:4]


def learned_from_stories_sharing_background() -> frozenset[str]:
    stored = [extract_article(page([*story, *BACKGROUND, NEWSLETTER]), filename="a.html") for story in STORIES]
    return learn_site_boilerplate([article.fingerprints for article in stored])


def test_an_article_made_of_the_outlets_repeated_background_keeps_its_body():
    learned = learned_from_stories_sharing_background()
    article = extract_article(page([*BACKGROUND, NEWSLETTER]), filename="b.html", site_boilerplate=learned)
    for paragraph in BACKGROUND:
        assert paragraph in article.text


def test_repeated_background_between_an_articles_own_paragraphs_stays_and_the_newsletter_goes():
    learned = learned_from_stories_sharing_background()
    own = HARBOUR_STORIES[3]
    body = [own[0], *BACKGROUND[:2], own[1]]
    article = extract_article(page([*body, NEWSLETTER]), filename="b.html", site_boilerplate=learned)
    assert article.text.split("\n\n") == body


def test_a_plain_text_article_made_of_the_outlets_repeated_background_keeps_its_body():
    learned = learned_from_stories_sharing_background()
    text = "Bridge to close\n\n" + "\n\n".join(BACKGROUND) + "\n"
    article = extract_article(text.encode(), filename="b.txt", site_boilerplate=learned)
    for paragraph in BACKGROUND:
        assert paragraph in article.text


def test_repeated_background_that_would_take_most_of_an_article_stays():
    learned = learned_from_stories_sharing_background()
    body = [*BACKGROUND[:3], HARBOUR_STORIES[3][0]]
    article = extract_article(page(body), filename="b.html", site_boilerplate=learned)
    assert article.text.split("\n\n") == body

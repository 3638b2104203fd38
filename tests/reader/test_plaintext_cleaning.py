"""Cleaning plain-text scrapes with synthetic pages: the heuristics are general, not tuned to the seeds."""

from newsroom.reader import extract_article
from newsroom.reader.plaintext_cleaning import clean_plain_text, split_sentences

BODY = [
    "The regional water board approved a plan on Monday to build two new reservoirs north of the city.",
    "Farmers in the valley have asked for more storage since the dry summers of the last decade.",
    "“We have waited a long time for this decision, and we will hold the board to its promises,” said Maria Costa, who grows olives near the river.",
    "Construction is expected to start next year and to cost about 300 million euros in total.",
]


def scrape(*lines: str) -> str:
    return "\n\n".join(lines)


def test_it_keeps_every_sentence_of_a_plain_article():
    cleaned = clean_plain_text(scrape("Water board approves two new reservoirs", *BODY))
    assert cleaned.title == "Water board approves two new reservoirs"
    assert cleaned.paragraphs == BODY


def test_it_cuts_the_navigation_menu_glued_to_the_headline():
    menu = "Home News Politics Business Markets Technology Science Health Sports Culture Travel Opinion Weather"
    cleaned = clean_plain_text(scrape(f"{menu} Water board approves two new reservoirs near the valley", *BODY))
    assert cleaned.title == "Water board approves two new reservoirs near the valley"
    assert all("Politics" not in p for p in cleaned.paragraphs)


def test_it_cuts_share_buttons_and_ads_out_of_a_body_line():
    line = f"{BODY[0]} Share on Facebook Share on X Sign up for our newsletter to get the latest news. {BODY[1]}"
    cleaned = clean_plain_text(scrape("Water board approves two new reservoirs", line, *BODY[2:]))
    text = " ".join(cleaned.paragraphs)
    assert BODY[0] in text and BODY[1] in text
    assert "Share on" not in text and "newsletter" not in text


def test_it_keeps_promotional_words_inside_a_quotation():
    quote = "“Subscribe to the idea that water is shared, and click here on the map to see why,” the minister told the board."
    cleaned = clean_plain_text(scrape("Water board approves two new reservoirs", *BODY, quote))
    assert quote in cleaned.paragraphs


def test_it_drops_comment_forms_hashtags_and_copyright_footers():
    cleaned = clean_plain_text(scrape(
        "Water board approves two new reservoirs", *BODY,
        "#water #reservoirs #valley #farming",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "© 2026 Valley Courier. All rights reserved.",
    ))
    assert cleaned.paragraphs == BODY


def test_it_drops_a_related_posts_list_with_its_headlines_and_names():
    cleaned = clean_plain_text(scrape(
        "Water board approves two new reservoirs", *BODY,
        "Related posts", "Drought hits olive harvest", "Ana Silva", "New bridge for the valley road", "Tom Reis",
    ))
    assert cleaned.paragraphs == BODY


def test_it_takes_the_byline_under_the_headline():
    cleaned = clean_plain_text(scrape("Water board approves two new reservoirs", "By Ana Silva and Tom Reis", *BODY))
    assert cleaned.byline == "Ana Silva, Tom Reis"
    assert cleaned.paragraphs == BODY


def test_it_keeps_a_short_pasted_note_whole():
    cleaned = clean_plain_text("Meeting moved to Friday at noon.\nBring the reservoir maps.")
    assert " ".join([cleaned.title, *cleaned.paragraphs]).count("reservoir maps") == 1


def test_it_does_not_split_sentences_at_abbreviations_or_inside_quotes():
    text = "Dr. Costa met Mr. Reis in the U.S. capital. “It went well. We agree,” she said. Then they left."
    assert split_sentences(text) == [
        "Dr. Costa met Mr. Reis in the U.S. capital. ",
        "“It went well. We agree,” she said. ",
        "Then they left.",
    ]


def test_pasted_text_becomes_paragraphs_of_sanitized_html():
    data = scrape("Water board approves two new reservoirs", *BODY, "<script>alert(1)</script> is not code here.")
    article = extract_article(data.encode(), content_type="text/plain; charset=utf-8")
    assert article.kind == "text"
    assert article.html.count("<p>") == len(article.text.split("\n\n"))
    assert "<script" not in article.html


def test_it_keeps_prose_in_scripts_without_capital_letters():
    korean = (
        "서울시는 화요일에 한강의 오래된 다리를 내년 봄부터 차량 통행을 막고 보행자 전용으로 바꾸기로 결정했다고 발표했다. "
        "시 관계자는 다리의 철골 구조가 예상보다 빠르게 부식되고 있다는 보고서를 근거로 들었다."
    )
    cleaned = clean_plain_text(scrape("한강 다리 차량 통행 중단", korean, korean.replace("화요일", "수요일")))
    assert korean in cleaned.paragraphs


def test_a_short_first_line_over_the_prose_is_the_headline_even_without_shared_words():
    cleaned = clean_plain_text(scrape(
        "Election results delayed",
        "Officials said on Monday that counting would take two more days in the northern districts.",
        "Observers from three countries are watching the count in every district of the region.",
    ))
    assert cleaned.title == "Election results delayed"
    assert len(cleaned.paragraphs) == 2

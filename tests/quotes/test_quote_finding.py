"""Finding quoted statements and their speakers: every quotation convention, and the seed articles.

Expected values come from ../shared/seeds/EXPECTED.md and from reading the texts.
"""

import re

from newsroom.quotes.finding import FoundQuote, find_quotes


def quotes_containing(quotes: list[FoundQuote], words: str) -> list[FoundQuote]:
    return [quote for quote in quotes if words in quote.text]


def only_quote_containing(quotes: list[FoundQuote], words: str) -> FoundQuote:
    found = quotes_containing(quotes, words)
    assert len(found) == 1, (words, [q.text for q in quotes])
    return found[0]


def test_every_quote_text_is_the_slice_of_the_input_at_its_offsets(seed_texts):
    for text in seed_texts.values():
        for quote in find_quotes(text):
            assert text[quote.start:quote.end] == quote.text


# --- conventions ----------------------------------------------------------------------------------

def test_it_finds_a_curly_quote_with_the_speaker_after_it():
    text = "“We will win this state,” said Jane Roe, the campaign manager."
    quote = only_quote_containing(find_quotes(text), "We will win")
    assert quote.text == "We will win this state"
    assert quote.speaker == "Jane Roe"
    assert quote.speaker_role == "the campaign manager"
    assert quote.cue == "said"
    assert quote.kind == "direct"


def test_it_finds_a_straight_quote_with_the_speaker_before_it():
    text = 'John Smith told reporters: "The budget is balanced and the vote is on Friday."'
    quote = only_quote_containing(find_quotes(text), "budget")
    assert quote.text == "The budget is balanced and the vote is on Friday."
    assert quote.speaker == "John Smith"
    assert quote.cue == "told"


def test_it_finds_a_tex_style_newswire_quote():
    text = "``We are not going anywhere,'' Mayor Ann Lee said on Tuesday."
    quote = only_quote_containing(find_quotes(text), "going anywhere")
    assert quote.text == "We are not going anywhere"
    assert quote.speaker == "Ann Lee"


def test_it_finds_a_quote_in_guillemets():
    text = "«Nous allons gagner cette élection», a déclaré Marie Curie. «Nous allons gagner», said Marie Curie."
    quote = quotes_containing(find_quotes(text), "Nous allons gagner")[-1]
    assert quote.text == "Nous allons gagner"
    assert quote.speaker == "Marie Curie"


def test_it_keeps_single_quotes_nested_in_a_double_quote_inside_the_statement():
    text = "“They called it ‘a rigged system’ and walked out of the room,” said Tom Baker."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].text == "They called it ‘a rigged system’ and walked out of the room"
    assert quotes[0].speaker == "Tom Baker"


def test_it_finds_british_single_quotes_with_the_speaker():
    text = "‘The economy is in a far stronger position than a year ago,’ said Rishi Patel, the chancellor."
    quote = only_quote_containing(find_quotes(text), "economy")
    assert quote.text == "The economy is in a far stronger position than a year ago"
    assert quote.speaker == "Rishi Patel"


def test_it_gives_both_halves_of_a_quote_split_around_its_attribution_the_same_speaker():
    text = "“The first half ends here,” comments Ada Lovelace. “And the second half follows.”"
    first = only_quote_containing(find_quotes(text), "first half")
    second = only_quote_containing(find_quotes(text), "second half")
    assert first.speaker == second.speaker == "Ada Lovelace"
    assert first.cue == "comments"


def test_it_follows_a_quote_over_paragraphs_with_an_opening_mark_on_each():
    text = (
        "“We have three priorities for the year,” said Grace Hopper.\n\n"
        "“The first is hiring. The second is training.\n\n"
        "“The third is keeping the people we have.”\n\nThe meeting ended."
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Grace Hopper"] * 3
    assert quotes[1].text == "The first is hiring. The second is training."
    assert quotes[2].text == "The third is keeping the people we have."


def test_it_finds_the_quote_whose_opening_mark_was_lost():
    text = "The results were better than anyone expected,” adds Sam Altman, CEO of OpenAI."
    quote = only_quote_containing(find_quotes(text), "results")
    assert quote.text == "The results were better than anyone expected"
    assert quote.speaker == "Sam Altman"
    assert quote.speaker_role == "CEO of OpenAI"


def test_it_takes_the_paragraph_after_a_cue_with_a_colon_as_a_block_statement():
    text = "The Red Cross stated:\n\nWe are sending teams and supplies to the region as fast as we can.\n\nMore later."
    quote = only_quote_containing(find_quotes(text), "sending teams")
    assert quote.kind == "block"
    assert quote.text == "We are sending teams and supplies to the region as fast as we can."
    assert quote.speaker == "The Red Cross" or quote.speaker == "Red Cross"
    assert quote.cue == "stated"


def test_it_resolves_a_surname_and_a_pronoun_to_the_full_name_given_earlier():
    text = (
        "Barbara Liskov opened the conference on Monday.\n\n"
        "“Abstraction is the key idea,” Liskov said.\n\n"
        "Later, he added nothing. “Types matter more than ever,” she said."
    )
    quotes = find_quotes(text)
    assert only_quote_containing(quotes, "Abstraction").speaker == "Barbara Liskov"
    assert only_quote_containing(quotes, "Types matter").speaker == "Barbara Liskov"


def test_it_understands_according_to_and_a_cue_with_a_blog_post():
    text = (
        "The plan is “dead on arrival,” according to Senator Amy Klein.\n\n"
        "Bill Gates wrote in a blog post that “the next decade belongs to vaccines and to the people who make them.”"
    )
    quotes = find_quotes(text)
    assert only_quote_containing(quotes, "dead on arrival").speaker == "Amy Klein"
    assert only_quote_containing(quotes, "dead on arrival").cue == "according to"
    gates = only_quote_containing(quotes, "next decade")
    assert gates.speaker == "Bill Gates"
    assert gates.cue.startswith("wrote")


def test_it_returns_scare_quotes_as_partials_without_a_speaker():
    text = "OpenAI has produced research regarding ‘AI alignment‘, while Microsoft has a ‘responsible AI standard‘."
    quotes = find_quotes(text)
    assert {q.text for q in quotes} == {"AI alignment", "responsible AI standard"}
    assert all(q.kind == "partial" and q.speaker == "" for q in quotes)


# --- seeds ----------------------------------------------------------------------------------------

NADELLA_2023_FIRST = "responsibly advance cutting-edge AI research"
NADELLA_2023_SECOND = "developers and organizations across industries will have access"


def test_it_finds_nadellas_statement_after_his_name_and_role_in_000(seed_texts):
    quote = only_quote_containing(find_quotes(seed_texts["000"]), NADELLA_2023_FIRST)
    assert quote.text.startswith("We formed our partnership with OpenAI")
    assert quote.text.endswith("to build and run their applications.")
    assert quote.speaker == "Satya Nadella"
    assert quote.speaker_role == "Chairman and CEO of Microsoft"
    assert quote.kind == "direct"


def test_it_finds_both_paragraphs_of_nadellas_statement_in_002(seed_texts):
    quotes = find_quotes(seed_texts["002"])
    first = only_quote_containing(quotes, "democratise AI as a new technology platform")
    second = only_quote_containing(quotes, NADELLA_2023_SECOND)
    assert first.speaker == second.speaker == "Satya Nadella"
    assert first.cue == "comments"
    assert first.speaker_role.lower() == "chairman and ceo of microsoft"


def test_it_finds_nadellas_unmarked_statement_after_said_colon_in_003(seed_texts):
    quote = only_quote_containing(find_quotes(seed_texts["003"]), "shared goal of responsibly advancing")
    assert quote.kind == "block"
    assert quote.speaker == "Satya Nadella"
    assert quote.text.startswith("Our partnership with OpenAI is built around")
    assert quote.text.endswith("to build and run their applications.")


def test_it_finds_openais_unmarked_statement_after_stated_colon_in_003(seed_texts):
    quote = only_quote_containing(find_quotes(seed_texts["003"]), "supercomputing systems")
    assert quote.kind == "block"
    assert quote.speaker == "OpenAI"
    assert quote.cue == "stated"


def test_it_finds_nadellas_two_fragments_and_second_sentence_in_004(seed_texts):
    quotes = find_quotes(seed_texts["004"])
    assert only_quote_containing(quotes, NADELLA_2023_FIRST).speaker == "Satya Nadella"
    assert only_quote_containing(quotes, NADELLA_2023_SECOND).speaker == "Satya Nadella"
    fragments = [q for q in quotes if q.text == "shared ambition" and q.speaker == "Satya Nadella"]
    assert fragments


def test_it_names_openai_for_its_quoted_statement_in_004(seed_texts):
    quote = only_quote_containing(find_quotes(seed_texts["004"]), "We’ve worked together to build multiple")
    assert quote.speaker == "OpenAI"


def test_it_names_openai_from_the_colon_sentence_once_the_ad_is_cleaned_out_of_004(seed_texts):
    cleaned = re.sub(r"VB Event The AI Impact Tour.*?near you! ", "", seed_texts["004"])
    quote = only_quote_containing(find_quotes(cleaned), "We’ve worked together to build multiple")
    assert quote.speaker == "OpenAI"


def test_it_finds_nadellas_2019_quote_in_001(seed_texts):
    quotes = find_quotes(seed_texts["001"])
    quote = only_quote_containing(quotes, "AI is one of the most transformative technologies")
    assert quote.speaker == "Satya Nadella"
    assert only_quote_containing(quotes, "By bringing together").speaker == "Satya Nadella"


def test_it_finds_altmans_quote_that_lost_its_opening_mark_in_002(seed_texts):
    quotes = find_quotes(seed_texts["002"])
    quote = only_quote_containing(quotes, "The past three years of our partnership have been great")
    assert quote.text == "The past three years of our partnership have been great"
    assert quote.speaker == "Sam Altman"
    assert quote.cue == "adds"
    assert only_quote_containing(quotes, "Microsoft shares our values").speaker == "Sam Altman"


def test_it_finds_every_choy_quote_in_002_with_his_full_name(seed_texts):
    quotes = find_quotes(seed_texts["002"])
    for words in (
        "we are witnessing the fastest industrial revolution",
        "validates how game-changing",
        "companies require flexibility",
        "this innovation will impact us all",
        "The next challenge is taking generative AI",
    ):
        assert only_quote_containing(quotes, words).speaker == "Marshall Choy", words


def test_it_finds_the_same_quotes_in_seed_text_with_paragraphs_separated_by_blank_lines(seed_texts):
    cleaned = "\n\n".join(line.strip() for line in seed_texts["004"].splitlines() if line.strip())
    quotes = find_quotes(cleaned)
    assert only_quote_containing(quotes, NADELLA_2023_SECOND).speaker == "Satya Nadella"


def test_it_names_the_speaker_after_a_role_written_in_lower_case():
    text = ("“They’re not terminable at will,” Trump spokesperson Ron Lieberman told the Wall Street Journal in "
            "July. “These contracts are fully binding.”")
    quotes = find_quotes(text)
    assert [(q.speaker, q.speaker_role) for q in quotes] == [("Ron Lieberman", "Trump spokesperson")] * 2


def test_any_short_phrase_after_a_quotation_and_before_its_cue_is_the_speaker():
    text = ("“My guilty pleasure TV show — ‘SNL,’ starring me,” the billionaire business mogul told People. "
            "“They got great ratings.”")
    assert [q.speaker for q in find_quotes(text)] == ["the billionaire business mogul"] * 2
    text = "“There is no data to suggest that,” said one unaligned Florida Republican strategist."
    assert [q.speaker for q in find_quotes(text)] == ["one unaligned Florida Republican strategist"]


def test_a_party_and_state_after_a_name_are_not_part_of_it():
    text = "\"Pfizer is gaming the system,\" Senate Minority Leader Harry M. Reid (D-Nev.) said in a statement."
    quote = find_quotes(text)[0]
    assert (quote.speaker, quote.speaker_role) == ("Harry M. Reid", "Senate Minority Leader")


def test_a_title_in_quotation_marks_without_a_closing_comma_has_no_speaker_from_a_later_verb():
    # "“Sanity” in an insane era those are winning messages": no comma closes the quotation.
    text = "All they have to do is repeat “Sanity” and the voters agreed with them."
    assert [q.speaker for q in find_quotes(text)] == [""]

"""Finding the article among a page's blocks: the run of blocks where prose outweighs labels.

Each block scores by its length in words minus a fixed cost, so long sentences count for the
article and short labels (menu items, headlines of other stories) against it; the best-scoring
contiguous run is the article (maximum-sum subarray), short subheadings inside it included.
"""

import re

_SENTENCE_END = re.compile(r"[.!?…:;][”\"’)\]]*$")
_WORD = re.compile(r"\w+")

# 12 words: a one-sentence paragraph of news prose is ~15-35 words, the teaser line under a
# related-story headline ~8-15; only blocks longer than this add to the article.
PROSE_THRESHOLD = 8
# A label (no closing punctuation) costs as much as a short sentence earns, so a run of
# headline + teaser pairs scores below zero while one subheading between paragraphs does not matter.
LABEL_COST = 8


# Score of a hard boundary (a "Related posts" or "Comments" header): no article runs across it.
BOUNDARY = -1e9


def block_score(text: str, neutral: bool = False) -> float:
    """Positive for prose, negative for labels; `neutral` blocks (list items, tables) count zero."""
    if neutral:
        return 0.0
    words = len(_WORD.findall(text))
    if _SENTENCE_END.search(text.strip()):
        return float(words - PROSE_THRESHOLD)
    if words > 40:
        # A long block without final punctuation is still prose (a scraper cut its end).
        return float(words - PROSE_THRESHOLD)
    return -float(LABEL_COST)


def main_region(scores: list[float]) -> tuple[int, int]:
    """Start and end (exclusive) of the contiguous run with the highest total score."""
    best_sum, best = float("-inf"), (0, 0)
    current_sum, current_start = 0.0, 0
    for index, value in enumerate(scores):
        if current_sum <= 0:
            current_sum, current_start = value, index
        else:
            current_sum += value
        if current_sum > best_sum:
            best_sum, best = current_sum, (current_start, index + 1)
    if best_sum <= 0:
        return (0, 0)
    return best

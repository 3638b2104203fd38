"""What each article of a story adds: the sentences no other article carries.

Pure Python, computed when the story page is rendered (a story's plain texts are a few tens of
kilobytes; one pass over them costs about a millisecond per article, cheaper than keeping a
precomputed copy right whenever an article joins, leaves or is reprocessed).
"""

import re
from dataclasses import dataclass

# Sentence ends: ., ! or ? (with any closing quote or bracket) before a space and a capital,
# digit or opening quote; paragraphs (lines) always end a sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*")
_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my no nor not now of off on once only or other our ours out over own said same says she should
    so some such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your yours
    new one""".split()
)
# A stem of six letters folds "democratise"/"democratize" and "partner"/"partnership" together,
# the variation the seed story's rewrites show; shorter stems started merging unrelated words.
_STEM = 6
# A sentence is carried by another article when half its word pairs are found there: the seed
# story's rewrites (002, 004) keep at least that much of a shared sentence, and two unrelated
# sentences about the same event rarely share more than a third of their pairs.
CARRIED = 0.5
# Fewer content words than this is a caption, a dateline or a leftover, not a finding.
MIN_WORDS = 5


@dataclass(frozen=True)
class Sentence:
    text: str
    pairs: frozenset[tuple[str, str]]


def split_sentences(text: str) -> list[str]:
    """Sentences of a plain text, in order; each paragraph (line) ends a sentence."""
    sentences = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            sentences.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return sentences


def content_words(sentence: str) -> list[str]:
    """Lower-cased, stemmed words without stopwords; numbers are kept ("10", "2023")."""
    words = []
    for word in _WORD.findall(sentence.lower().replace("’", "'")):
        if word in _STOPWORDS or (len(word) < 3 and not word.isdigit()):
            continue
        words.append(word[:_STEM])
    return words


def _pairs(words: list[str]) -> frozenset[tuple[str, str]]:
    # Neighbouring pairs, and pairs one apart, so a word inserted by a rewrite breaks little.
    return frozenset(zip(words, words[1:])) | frozenset(zip(words, words[2:]))


def unique_sentences(texts: dict[int, str]) -> dict[int, list[str]]:
    """For each article (id -> plain text), its sentences that no other article carries, in order.

    A sentence counts as carried when at least `CARRIED` of its word pairs occur in one other
    article; with a single article nothing is compared and nothing is returned.
    """
    parsed: dict[int, list[Sentence]] = {}
    pairs_of: dict[int, frozenset[tuple[str, str]]] = {}
    for key, text in texts.items():
        sentences = []
        for sentence in split_sentences(text):
            words = content_words(sentence)
            if len(words) >= MIN_WORDS:
                sentences.append(Sentence(sentence, _pairs(words)))
        parsed[key] = sentences
        pairs_of[key] = frozenset().union(*(s.pairs for s in sentences)) if sentences else frozenset()
    if len(texts) < 2:
        return {key: [] for key in texts}
    result: dict[int, list[str]] = {}
    for key, sentences in parsed.items():
        others = [pairs for other, pairs in pairs_of.items() if other != key]
        result[key] = [
            sentence.text for sentence in sentences
            if not any(len(sentence.pairs & pairs) >= CARRIED * len(sentence.pairs) for pairs in others)
        ]
    return result

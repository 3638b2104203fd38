"""Verbs outside the cue lexicon that still attribute a stance ("Black marveled at …", "Sanders has cast …").

Any verb-like word after a subject noun phrase is a candidate; a small logistic model (weights in
stance_cue_weights.py, trained on PolNeAR's train split by bench/train_stance_cues.py) keeps the
candidates likely to be attributions. Pure Python, one sentence at a time, as reported_speech.
"""

import math
import re
from dataclasses import dataclass

from newsroom.quotes import reported_speech as rules
from newsroom.quotes.stance_cue_weights import BIAS, THRESHOLD, WEIGHTS

# Pasts that do not end in -ed; the commonest in train's annotated cues and in news text.
_IRREGULAR_PAST = set("""
made took gave put cast sent spent drew held got won laid began came went led kept left brought built
struck stood ran met paid set hit shot lost sold bought fought heard meant read spoke wrote told said
thought knew found saw felt sought understood chose broke threw rose fell drove froze swore bore
""".split())
_PARTICLES = {"at", "on", "for", "about", "against", "with", "to", "over", "of", "into", "up", "out",
              "off", "down", "back", "in", "from", "by", "as"}
# Words ending in -s or -ed that are not verbs, or verbs that never attribute (copulas, auxiliaries).
_NOT_VERBS = set("""
is was has does this us its his hers theirs ours yours as thus plus less unless always perhaps news
series species various serious previous famous nervous bus gas yes odds access process percent
needed used based since whereas
""".split())
_CANDIDATE = re.compile(rf"(?<![\w’'\-])(?P<aux>{rules.AUX})(?P<cue>[a-z][a-z\-]*[a-z])(?![\w’'\-])")
_MODALS = {"has", "have", "had", "will", "would", "could", "should", "can", "may", "might", "must",
           "did", "does", "do", "is", "are", "was", "were"}


@dataclass(frozen=True)
class Candidate:
    """A possible attribution and what the model reads of it."""

    attribution: rules.ReportedSpeech
    features: tuple[str, ...]


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n <= 2 else "3-4" if n <= 4 else "5-8" if n <= 8 else "9+"


def _lemma(word: str) -> str:
    """A crude stem pooling "targets", "targeted", "targeting" (the model's commonest evidence)."""
    for ending in ("ing", "ied", "ies", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _looks_like_verb(word: str, aux: str) -> bool:
    if word in _NOT_VERBS or len(word) < 3:
        return False
    if word in _IRREGULAR_PAST or word.endswith("ed"):
        return True
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return True
    return any(a in _MODALS for a in aux.split())


def candidates(sentence: str, offset: int, found: list[rules.ReportedSpeech]) -> list[Candidate]:
    """Verb-like words after a subject, not already a cue of `found`, with their features."""
    cues = [(f.cue_start - offset, f.cue_end - offset) for f in found]
    contents = [(f.start - offset, f.end - offset) for f in found]
    quoted = any(mark in sentence for mark in "“”\"")
    result = []
    for match in _CANDIDATE.finditer(sentence):
        word, aux = match.group("cue"), match.group("aux")
        cue_start, cue_end = match.start("cue"), match.end("cue")
        if not _looks_like_verb(word, aux) or any(s < cue_end and cue_start < e for s, e in cues):
            continue
        source = rules.source_before(sentence, match.start())
        if source is None:
            continue
        particle = re.match(r"\s+([a-z]+)\b", sentence[cue_end:])
        part = particle.group(1) if particle and particle.group(1) in _PARTICLES else ""
        if part:
            cue_end += particle.end()
        content = rules.content_after(sentence, cue_end, False)
        if content is None:
            continue
        content_words = sentence[content[0]:content[1]].split()
        source_words = sentence[source[0]:source[1]].split()
        nxt = content_words[0]
        auxes = aux.split()
        before = sentence[:source[0]].split()
        features = (
            f"w={word}", f"lemma={_lemma(word)}", f"suf={word[-3:]}", f"aux={auxes[0].lower() if auxes else '-'}",
            f"auxn={len(auxes)}", f"part={part or '-'}", f"w+part={word}+{part or '-'}",
            f"next={nxt.lower()}", f"nextcap={nxt[:1].isupper()}",
            f"srchead={source_words[-1].lower()}", f"srcfirst={source_words[0].lower()}",
            f"srccap={source_words[-1][:1].isupper()}",
            f"srcpron={source_words[-1].lower() in rules.PRONOUN_SOURCES}",
            f"srclen={_bucket(len(source_words))}", f"contentlen={_bucket(len(content_words))}",
            f"lexicon={word in rules.CUE_WORDS}", f"quoted={quoted}",
            f"insidefound={any(s <= cue_start < e for s, e in contents)}",
            f"srcstart={not sentence[:source[0]].strip()}", f"found={_bucket(len(found))}",
            f"prev={before[-1].lower() if before else '^'}", f"w+nextcap={word}+{nxt[:1].isupper()}",
            f"srcdet={source_words[0].lower() in rules.DETERMINER_START}",
        )
        attribution = rules.ReportedSpeech(offset + content[0], offset + content[1], offset + source[0],
                                           offset + source[1], offset + cue_start, offset + cue_end)
        result.append(Candidate(attribution, features))
    return result


def probability(features: tuple[str, ...]) -> float:
    score = BIAS + sum(WEIGHTS.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-score))


def accepted(found_candidates: list[Candidate]) -> list[rules.ReportedSpeech]:
    """The candidates the model rates at least THRESHOLD, leaving out any whose content overlaps one kept."""
    kept: list[rules.ReportedSpeech] = []
    for candidate in found_candidates:
        item = candidate.attribution
        if probability(candidate.features) < THRESHOLD:
            continue
        if any(k.start < item.end and item.start < k.end for k in kept):
            continue
        kept.append(item)
    return kept

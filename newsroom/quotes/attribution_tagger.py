"""Attributions found by a sequence tagger (a CRF) stacked on the rules of find_attributions.

Every word of a paragraph is tagged as content, source or cue (BIO), reading the word, its shape,
the cue lexicon, the stance model's score and the rules' own attributions around it; the tags are
decoded into attributions linked within each sentence. Trained on PolNeAR's train split by
bench/train_attribution_tagger.py; the model file sits beside this module. Pure Python, no Django.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from newsroom.quotes import finding, reported_speech, source_extents

MODEL_PATH = Path(__file__).with_name("attribution_tagger.crfsuite")

_TOKEN = re.compile(r"\w+(?:[’'\-]\w+)*|[^\w\s]")
# The lexicons of both rule sets: a word in them is the tagger's strongest hint of a cue.
_LEXICON = frozenset(reported_speech.CUE_WORDS) | frozenset(finding.CUE_VERBS) | {"according"}
_OPENING = "“„«‘"
_CLOSING = "”»’"
# A tagged attribution is added where no rule fired only when the tagger is this sure of it
# (mean marginal of its content's tags). 0.5, from 5-fold cross-validation on train: content
# overlap F1 0.771 as at 0.0 and 0.4 but more precise, source 0.742 (0.770 / 0.742 at 0.6, 0.764 at 0.8).
THRESHOLD = 0.5


@dataclass(frozen=True)
class Sequence:
    """One paragraph's tokens (offsets into the text), the sentence each starts, and their features."""

    tokens: list[tuple[int, int]]
    sentences: list[int]
    features: list[list[str]]


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if not word[0].isalnum():
        return word
    if word.isupper():
        return "X" if len(word) > 1 else "X1"
    if word[0].isupper():
        return "Xx"
    return "x"


def _bucket(distance: int | None) -> str:
    if distance is None:
        return "none"
    sign = "-" if distance < 0 else "+"
    size = abs(distance)
    return "0" if size == 0 else f"{sign}{size}" if size <= 3 else f"{sign}4-8" if size <= 8 else f"{sign}far"


def _stance_bucket(probability: float) -> str:
    return "lo" if probability < 0.2 else "mid" if probability < 0.5 else "hi"


def _touches(item: finding.FoundQuote, start: int, end: int) -> bool:
    """Whether any span of the rule's attribution (content, source, cue) overlaps text[start:end]."""
    return any(a < end and start < b for a, b in ((item.start, item.end), (item.speaker_start, item.speaker_end),
                                                   (item.cue_start, item.cue_end)) if a >= 0)


def _rule_tags(tokens: list[tuple[int, int]], rules: list[finding.FoundQuote]) -> list[str]:
    """Per token: the role it has in a rule's attribution (source and cue win over content), BIO."""
    spans = []
    for index, item in enumerate(rules):
        spans.append(("C", item.start, item.end, index, item.kind))
        if item.speaker_start >= 0:
            spans.append(("S", item.speaker_start, item.speaker_end, index, item.kind))
        if item.cue_start >= 0:
            spans.append(("Q", item.cue_start, item.cue_end, index, item.kind))
    order = {"S": 0, "Q": 1, "C": 2}
    spans.sort(key=lambda span: (order[span[0]], span[1]))
    tags = []
    previous = None
    for start, end in tokens:
        hit = next((span for span in spans if span[1] <= start and end <= span[2]), None)
        if hit is None:
            tags.append("O")
            previous = None
            continue
        key = (hit[0], hit[3])
        tags.append(f"{hit[0]}{'I' if key == previous else 'B'}-{hit[4]}")
        previous = key
    return tags


def sequences(text: str, rules: list[finding.FoundQuote], stance_scores: list[tuple[int, int, float]]) -> list[Sequence]:
    """The paragraphs of `text` as tagger input: tokens and their feature strings."""
    stance = {}
    for start, end, probability in stance_scores:
        stance[start] = max(stance.get(start, 0.0), probability)
    result = []
    for para in finding.paragraph_bounds(text):
        tokens = [m.span() for m in _TOKEN.finditer(text, para[0], para[1])]
        if not tokens:
            continue
        starts = finding.sentence_starts(text, *para)
        sentence_of, s = [], 0
        for start, _ in tokens:
            while s + 1 < len(starts) and starts[s + 1] <= start:
                s += 1
            sentence_of.append(s)
        words = [text[a:b] for a, b in tokens]
        lower = [w.lower() for w in words]
        shapes = [_shape(w) for w in words]
        lexicon = [w in _LEXICON for w in lower]
        rule = _rule_tags(tokens, [r for r in rules if _touches(r, *para)])
        rule_role = [tag[:1] for tag in rule]
        # Inside a quotation: marks toggle a state that a new paragraph resets (a quotation running
        # over paragraphs reopens with a mark of its own in news style).
        quoted, inside = [], False
        for w in words:
            if w in _OPENING or (w == '"' and not inside):
                inside = True
                quoted.append("open")
                continue
            if w in _CLOSING or w == '"':
                quoted.append("close")
                inside = False
                continue
            quoted.append("in" if inside else "out")
        # The nearest lexicon word or rule cue in the same sentence, as a signed distance.
        cues_in: dict[int, list[int]] = {}
        for i in range(len(tokens)):
            if lexicon[i] or rule_role[i] == "Q" or tokens[i][0] in stance:
                cues_in.setdefault(sentence_of[i], []).append(i)
        features = []
        n = len(tokens)
        for i in range(n):
            same = cues_in.get(sentence_of[i], ())
            nearest = min(same, key=lambda c: abs(c - i)) if same else None
            f = [
                "b", f"w={lower[i]}", f"s3={lower[i][-3:]}", f"s2={lower[i][-2:]}", f"sh={shapes[i]}",
                f"lex={lexicon[i]}", f"q={quoted[i]}", f"r={rule[i]}", f"rr={rule_role[i]}",
                f"cue={_bucket(None if nearest is None else i - nearest)}",
                f"cuew={lower[nearest] if nearest is not None and abs(nearest - i) <= 8 else '-'}",
                f"first={i == 0 or sentence_of[i - 1] != sentence_of[i]}",
                f"r|q={rule_role[i]}|{quoted[i]}",
            ]
            if tokens[i][0] in stance:
                f.append(f"stance={_stance_bucket(stance[tokens[i][0]])}")
            for d in (-2, -1, 1, 2):
                j = i + d
                if 0 <= j < n and sentence_of[j] == sentence_of[i]:
                    f += [f"w{d}={lower[j]}", f"sh{d}={shapes[j]}", f"rr{d}={rule_role[j]}", f"lex{d}={lexicon[j]}"]
                else:
                    f.append(f"edge{d}")
            if i > 0:
                f.append(f"w-1|w={lower[i - 1]}|{lower[i]}")
            if i + 1 < n:
                f.append(f"w|w+1={lower[i]}|{lower[i + 1]}")
            features.append(f)
        result.append(Sequence(tokens, sentence_of, features))
    return result


def gold_labels(sequence: Sequence, attributions: list[dict]) -> list[str]:
    """BIO tags from annotated attributions ({"content"|"source"|"cue": [(start, end)…]}).

    A word in several spans (a source inside another attribution's content) takes its innermost
    role: source, then cue, then content, so nested attributions keep their sources and cues.
    """
    spans = []
    for index, attribution in enumerate(attributions):
        for label, key in (("S", "source"), ("Q", "cue"), ("C", "content")):
            for piece, (start, end) in enumerate(attribution[key]):
                spans.append((label, start, end, (index, label, piece)))
    order = {"S": 0, "Q": 1, "C": 2}
    spans.sort(key=lambda span: order[span[0]])
    labels, previous = [], None
    for start, end in sequence.tokens:
        hit = next((span for span in spans if span[1] <= start and end <= span[2]), None)
        if hit is None:
            labels.append("O")
            previous = None
            continue
        labels.append(f"{'I' if hit[3] == previous else 'B'}-{hit[0]}")
        previous = hit[3]
    return labels


def _runs(text: str, sequence: Sequence, labels: list[str]) -> list[list]:
    """[label, first token, last token] of every tagged span; an I after another label starts one.

    Two content runs of one sentence with only punctuation between them ("… ,” “ …") are one.
    """
    runs: list[list] = []
    for i, tag in enumerate(labels):
        if tag == "O":
            continue
        kind, label = tag.split("-")
        if runs and runs[-1][0] == label and sequence.sentences[i] == sequence.sentences[runs[-1][1]]:
            last = runs[-1][2]
            if (kind == "I" and last == i - 1) or (label == "C" and last < i - 1 and all(
                    labels[j] == "O" and not text[sequence.tokens[j][0]].isalnum() for j in range(last + 1, i))):
                runs[-1][2] = i
                continue
        runs.append([label, i, i])
    return runs


@dataclass(frozen=True)
class Tagged:
    """A decoded attribution and the tagger's mean marginal probability of its content's tags."""

    quote: finding.FoundQuote
    confidence: float


def decode(text: str, sequence: Sequence, labels: list[str], tagger: pycrfsuite.Tagger | None = None) -> list[Tagged]:
    """Attributions from one paragraph's tags: each content with the nearest cue of its sentence
    and that cue's nearest source. `tagger` (having just tagged the sequence) gives confidences."""
    runs = _runs(text, sequence, labels)
    tokens = sequence.tokens
    found = []
    for label, first, last in runs:
        if label != "C":
            continue
        start, end = finding.trim_span(text, tokens[first][0], tokens[last][1])
        if end - start < 2:
            continue
        sentence = sequence.sentences[first]
        cues = [r for r in runs if r[0] == "Q" and sequence.sentences[r[1]] == sentence]
        cue = min(cues, key=lambda r: min(abs(r[1] - last), abs(r[2] - first))) if cues else None
        sources = [r for r in runs if r[0] == "S" and sequence.sentences[r[1]] == sentence]
        anchor = cue or (label, first, last)
        source = min(sources, key=lambda r: min(abs(r[1] - anchor[2]), abs(r[2] - anchor[1]))) if sources else None
        source_start, source_end = (tokens[source[1]][0], tokens[source[2]][1]) if source else (-1, -1)
        cue_start, cue_end = (tokens[cue[1]][0], tokens[cue[2]][1]) if cue else (-1, -1)
        confidence = 1.0
        if tagger is not None:
            inside = [i for i in range(first, last + 1) if labels[i] != "O"]
            confidence = sum(tagger.marginal(labels[i], i) for i in inside) / len(inside)
        quote = finding.FoundQuote(
            text=text[start:end], start=start, end=end, speaker=text[source_start:source_end] if source else "",
            speaker_role="", cue=text[cue_start:cue_end] if cue else "", kind="tagged",
            speaker_start=source_start, speaker_end=source_end, cue_start=cue_start, cue_end=cue_end)
        found.append(Tagged(quote, confidence))
    return found


def _overlaps(a: finding.FoundQuote, b: finding.FoundQuote) -> bool:
    return a.start < b.end and b.start < a.end


def combine(tagged: list[Tagged], rules: list[finding.FoundQuote], threshold: float = 0.0,
            lend_sources: bool = True, source_marginals: dict[int, tuple[int, float]] | None = None,
            ) -> list[finding.FoundQuote]:
    """The rules' attributions, plus every tagged one at least `threshold` sure whose content no
    rule's content overlaps; with `lend_sources`, a rule's attribution without a written source
    takes the tagger's (see _with_lent_source), and with `source_marginals` (from `tag`) one whose
    written source the tagger does not read as a source takes the tagger's too (_with_surer_source).

    Where the tagger and a rule agree on a content the rule's attribution is kept whole: its
    speaker is resolved to a full name and its pieces are already linked.
    """
    added = [t.quote for t in tagged if t.confidence >= threshold and not any(_overlaps(t.quote, r) for r in rules)]
    if lend_sources:
        rules = [_with_lent_source(r, tagged) for r in rules]
    if source_marginals is not None:
        starts = sorted(source_marginals)
        rules = [_with_surer_source(r, tagged, source_marginals, starts) for r in rules]
    return sorted(rules + added, key=lambda q: q.start)


# A rule's written source is replaced by the tagger's when the tagger gives the rule's words a mean
# source probability under 0.2 and its own source at least 0.5. From train (the rules' source was
# wrong for 2,086 of their 18k contents, and for 1,091 of them the tagger had the annotated one):
# 5-fold source overlap F1 0.743 -> 0.747; 0.1 or 0.3 doubted, 0.3 or 0.7 sure are within 0.0004 (bench/README.md, attrib3).
_RULE_SOURCE_DOUBTED = 0.2
_TAGGED_SOURCE_SURE = 0.5


def _mean_source_marginal(marginals: dict[int, tuple[int, float]], starts: list[int], start: int, end: int) -> float:
    """Mean source probability of the words inside text[start:end] (`starts`: the marginals' keys, sorted)."""
    values = []
    for index in range(bisect_left(starts, start), len(starts)):
        token_end, probability = marginals[starts[index]]
        if token_end > end:
            break
        values.append(probability)
    return sum(values) / len(values) if values else 0.0


def _with_surer_source(rule: finding.FoundQuote, tagged: list[Tagged], marginals: dict[int, tuple[int, float]],
                       starts: list[int]) -> finding.FoundQuote:
    """A rule's attribution takes the source of the tagged attribution overlapping its content most,
    when that source is elsewhere and the tagger is sure of it but not of the rule's."""
    if rule.speaker_start < 0 or rule.kind == "tagged":
        return rule
    lenders = [t.quote for t in tagged if t.quote.speaker_start >= 0 and _overlaps(t.quote, rule)
               and not (t.quote.speaker_start < rule.speaker_end and rule.speaker_start < t.quote.speaker_end)]
    if not lenders:
        return rule
    lender = max(lenders, key=lambda q: min(q.end, rule.end) - max(q.start, rule.start))
    if (_mean_source_marginal(marginals, starts, rule.speaker_start, rule.speaker_end) >= _RULE_SOURCE_DOUBTED
            or _mean_source_marginal(marginals, starts, lender.speaker_start, lender.speaker_end) < _TAGGED_SOURCE_SURE):
        return rule
    return replace(rule, speaker=lender.speaker, speaker_start=lender.speaker_start, speaker_end=lender.speaker_end)


def _with_lent_source(rule: finding.FoundQuote, tagged: list[Tagged]) -> finding.FoundQuote:
    """A rule's attribution whose source is written nowhere near it takes the written source of the
    tagged attribution that overlaps its content most (and that one's cue, if the rule had none).

    The rules find a quotation's content from its marks even where they cannot link a speaker
    ("… the program,” according to a statement from the Clinton campaign); the tagger, reading
    the whole sentence, often can. A resolved name the rule already has is kept.
    """
    if rule.speaker_start >= 0:
        return rule
    lenders = [t.quote for t in tagged if t.quote.speaker_start >= 0 and _overlaps(t.quote, rule)]
    if not lenders:
        return rule
    lender = max(lenders, key=lambda q: min(q.end, rule.end) - max(q.start, rule.start))
    cue = {} if rule.cue_start >= 0 else {"cue": lender.cue, "cue_start": lender.cue_start, "cue_end": lender.cue_end}
    return replace(rule, speaker=rule.speaker or lender.speaker, speaker_start=lender.speaker_start,
                   speaker_end=lender.speaker_end, **cue)


@lru_cache(maxsize=1)
def _tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    return tagger


_SOURCE_LABELS = ("B-S", "I-S")


def tag(text: str, rules: list[finding.FoundQuote], stance_scores: list[tuple[int, int, float]],
        tagger: pycrfsuite.Tagger | None = None,
        source_marginals: dict[int, tuple[int, float]] | None = None) -> list[Tagged]:
    """The tagger's own attributions (before combining with the rules); `source_marginals`, when
    given, is filled with every word's start -> (end, probability that it is in a source)."""
    tagger = tagger or _tagger()
    found = []
    for sequence in sequences(text, rules, stance_scores):
        labels = tagger.tag(sequence.features)
        found += decode(text, sequence, labels, tagger)
        if source_marginals is not None:
            for i, (start, end) in enumerate(sequence.tokens):
                source_marginals[start] = (end, sum(tagger.marginal(label, i) for label in _SOURCE_LABELS))
    return found


def find_tagged_attributions(text: str, tagger: pycrfsuite.Tagger | None = None) -> list[finding.FoundQuote]:
    """find_attributions' results, with the attributions the tagger finds where no rule fired."""
    stance_scores: list[tuple[int, int, float]] = []
    rules = finding.find_attributions(text, stance_scores=stance_scores)
    source_marginals: dict[int, tuple[int, float]] = {}
    tagged = tag(text, rules, stance_scores, tagger, source_marginals)
    return with_annotated_extents(text, combine(tagged, rules, THRESHOLD, source_marginals=source_marginals))


def with_annotated_extents(text: str, found: list[finding.FoundQuote]) -> list[finding.FoundQuote]:
    """Each source mention widened or narrowed as annotators mark it (source_extents.widen); a
    resolved name is kept. On train: source exact F1 0.544 -> 0.610, tokens 0.523 -> 0.626
    for the rules alone (bench/README.md, attrib3)."""
    result = []
    for item in found:
        start, end = source_extents.widen(text, item.speaker_start, item.speaker_end, item.cue_start)
        if (start, end) != (item.speaker_start, item.speaker_end):
            # A tagged attribution's speaker is its mention as written; a rule's is a resolved name.
            speaker = text[start:end] if item.kind == "tagged" else item.speaker
            item = replace(item, speaker=speaker, speaker_start=start, speaker_end=end)
        result.append(item)
    return result

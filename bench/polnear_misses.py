"""Classify the gold attributions find_attributions misses on a PolNeAR split (train by default).

Usage: uv run python bench/polnear_misses.py [--split train] [--examples CLASS] [--cues N]
A miss is a gold content that no prediction overlaps (the benchmark's one-to-one overlap match);
each is put in the first class that describes it, and the commonest cues of the misses are
counted. Read train's misses only: dev is for the final figure (bench/README.md).
"""

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polnear  # noqa: E402
from newsroom.quotes import reported_speech  # noqa: E402

_PRONOUNS = {"he", "she", "they", "we", "i", "it", "you", "who", "which", "that", "him", "her", "them"}
_QUOTE_MARKS = re.compile(r"[“”\"]|``|''")


def _words(text: str, spans: list[tuple[int, int]]) -> set[int]:
    return polnear.tokens(text, spans)


def classify(text: str, gold: dict, predicted: list[list[tuple[int, int]]], matched_by_other: bool) -> str:
    cue = " ".join(text[s:e] for s, e in gold["cue"]).lower().strip()
    content = " ".join(text[s:e] for s, e in gold["content"])
    source = " ".join(text[s:e] for s, e in gold["source"]).strip()
    if matched_by_other:
        return "shares a prediction with another gold content (nested or merged)"
    if _QUOTE_MARKS.search(content) and content.strip()[:1] in "“\"`":
        return "quoted content, not found"
    if not gold["cue"]:
        return "no cue annotated"
    if cue.startswith("according"):
        return "according to"
    if re.fullmatch(r"(?:in|for|to|from|by|on|with|among|under)\b.*", cue) or cue in ("in", "for", "to"):
        return "preposition cue (in a poll, for X, to X)"
    span_start = min(s for s, _ in gold["content"] + gold["cue"] + gold["source"])
    span_end = max(e for _, e in gold["content"] + gold["cue"] + gold["source"])
    if "\n" in text[span_start:span_end] or len(re.findall(r"[.!?]\s+[A-Z]", content)) >= 1:
        return "multi-sentence content"
    if not source:
        return "no source written"
    cue_word = cue.split()[-1] if cue.split() else ""
    if re.search(r"(?:tion|ment|ance|ence|ism|ity|ness|al|ure|sal|ship|cy)$", cue_word) or cue.startswith(("his ", "her ", "their ", "its ", "the ", "a ")):
        return "noun cue (criticism of, support for, decision to)"
    cue_start = min(s for s, _ in gold["cue"])
    source_end = max(e for _, e in gold["source"])
    if source_end > cue_start:
        return "source after the cue"
    known = "in the lexicon" if _known(cue) else "not in the lexicon"
    if source.lower() in _PRONOUNS:
        return f"verb cue {known}, pronoun source"
    if source[:1].isupper():
        return f"verb cue {known}, named source"
    return f"verb cue {known}, common-noun source"


def _known(cue: str) -> bool:
    """Whether the cue is one of reported_speech's cue words or phrases."""
    return any(reported_speech.CUE_MATCH.fullmatch(cue[i.start():]) for i in re.finditer(r"\b\w", cue))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", choices=["train"])
    parser.add_argument("--examples", default="", help="print examples of the classes containing this text")
    parser.add_argument("--cues", type=int, default=30, help="how many of the commonest missed cues to print")
    parser.add_argument("--count", type=int, default=15)
    args = parser.parse_args()
    text_dir = polnear.DATA_DIR / args.split / "text"
    ann_dir = polnear.DATA_DIR / args.split / "attributions"
    annotations = defaultdict(list)
    for path in sorted(ann_dir.glob("*.ann")):
        annotations[path.stem.rsplit("_", 1)[0]].append(path)
    classes: Counter = Counter()
    cues: Counter = Counter()
    examples = defaultdict(list)
    total = 0
    for text_path in sorted(text_dir.glob("*.txt")):
        if not annotations.get(text_path.stem):
            continue
        text = text_path.read_text(encoding="utf-8")
        gold = polnear.read_annotations(annotations[text_path.stem][0])
        contents, _ = polnear.predict(text, "attributions")
        gold_tokens = [_words(text, g["content"]) for g in gold]
        pred_tokens = [_words(text, p) for p in contents]
        used: set[int] = set()
        for pt in pred_tokens:
            for gi, gt in enumerate(gold_tokens):
                if gi not in used and pt & gt:
                    used.add(gi)
                    break
        total += len(gold)
        for gi, g in enumerate(gold):
            if gi in used:
                continue
            shared = any(pt & gold_tokens[gi] for pt in pred_tokens)
            kind = classify(text, g, contents, shared)
            classes[kind] += 1
            cues[" ".join(text[s:e] for s, e in g["cue"]).lower()] += 1
            if args.examples and args.examples in kind:
                lo = max(0, min(s for s, _ in g["content"] + g["cue"] + g["source"]) - 60)
                hi = min(len(text), max(e for _, e in g["content"] + g["cue"] + g["source"]) + 40)
                examples[kind].append((text[lo:hi].replace("\n", " / "),
                                       " ".join(text[s:e] for s, e in g["source"]),
                                       " ".join(text[s:e] for s, e in g["cue"]),
                                       " ".join(text[s:e] for s, e in g["content"])))
    missed = sum(classes.values())
    print(f"PolNeAR {args.split}: {total} gold contents, {missed} missed (no overlapping prediction left)")
    for kind, n in classes.most_common():
        print(f"{n:6} {100 * n / missed:5.1f}%  {kind}")
    print("commonest missed cues:", ", ".join(f"{c!r} {n}" for c, n in cues.most_common(args.cues)))
    random.seed(1)
    for kind, items in examples.items():
        print(f"\n== {kind}")
        for context, source, cue, content in random.sample(items, min(args.count, len(items))):
            print(f"- [{source}] <{cue}> {{{content[:150]}}}\n    {context[:300]}")


if __name__ == "__main__":
    main()

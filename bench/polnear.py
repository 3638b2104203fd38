"""Measure quote finding and speaker attribution on PolNeAR (content and source spans).

Usage: uv run python bench/polnear.py [--split dev|train] [--finder attributions|quotes|tagger] [--extract GIT_DIR]
The data is read from bench/data/<split>/{text,attributions} (git-ignored); --extract fills it from a
bare clone of networkdynamics/PolNeAR. See bench/README.md, section "Quotes (PolNeAR)".
"""

import argparse
import re
import subprocess
import sys
import tarfile
import time
from collections import defaultdict
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsroom.quotes import attribution_tagger, finding  # noqa: E402

DATA_DIR = ROOT / "bench" / "data"
# Marks and punctuation at a span's edges that annotators include or leave out inconsistently;
# stripped from both gold and predicted spans before the exact comparison.
EDGE = " \t\n\"“”‘’'`«».,;:!?—–-()[]"


def extract(git_dir: str) -> None:
    """Copy PolNeAR's train and dev text and attributions out of a bare git clone."""
    paths = [f"data/{split}/{kind}" for split in ("train", "dev") for kind in ("text", "attributions")]
    archive = subprocess.run(["git", f"--git-dir={git_dir}", "archive", "HEAD", *paths],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                target = DATA_DIR / Path(member.name).relative_to("data")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())


def read_annotations(path: Path) -> list[dict]:
    """Attributions of a BRAT standoff file: {"content": [(s, e)...], "source": [...], "cue": [...]}."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        # A span's text may run over several lines: only lines that start with an id count.
        match = re.match(r"(T\d+)\t(\S+) ([\d ;]+)\t", line)
        if match:
            ident, label, offsets = match.groups()
            pieces = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
            spans[ident] = (label, pieces)
        elif re.match(r"E\d+\t", line):
            relations.append(line.split("\t")[1].split())
    attributions = []
    for relation in relations:
        attribution = {"content": [], "source": [], "cue": []}
        for part in relation:
            role, _, ident = part.partition(":")
            role = role.rstrip("0123456789").lower()
            if role in attribution and ident in spans:
                attribution[role].extend(spans[ident][1])
        if attribution["content"]:
            attributions.append(attribution)
    return attributions


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def tokens(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Start offsets of the word tokens inside the spans."""
    found = set()
    for start, end in spans:
        found.update(m.start() + start for m in re.finditer(r"\w+", text[start:end]))
    return found


def merge(spans: list[tuple[int, int]], text: str) -> tuple[int, int]:
    return trim(text, min(s for s, _ in spans), max(e for _, e in spans))


def score_spans(text: str, gold: list[list[tuple[int, int]]], predicted: list[list[tuple[int, int]]], counts: dict) -> None:
    """Exact and overlap matches (one to one, greedy in order) plus token counts."""
    gold_spans = [merge(g, text) for g in gold]
    pred_spans = [merge(p, text) for p in predicted]
    gold_tokens = [tokens(text, g) for g in gold]
    pred_tokens = [tokens(text, p) for p in predicted]
    counts["gold"] += len(gold)
    counts["pred"] += len(predicted)
    counts["exact"] += len(set(gold_spans) & set(pred_spans))
    used: set[int] = set()
    for pt in pred_tokens:
        for gi, gt in enumerate(gold_tokens):
            if gi not in used and pt & gt:
                used.add(gi)
                counts["overlap"] += 1
                break
    all_gold = set().union(*gold_tokens) if gold_tokens else set()
    all_pred = set().union(*pred_tokens) if pred_tokens else set()
    counts["gold_tokens"] += len(all_gold)
    counts["pred_tokens"] += len(all_pred)
    counts["both_tokens"] += len(all_gold & all_pred)


def annotation_paths(split: str) -> dict[str, list[Path]]:
    """The annotators' files of each article of a split, by article name, sorted by annotator id."""
    annotations = defaultdict(list)
    for path in sorted((DATA_DIR / split / "attributions").glob("*.ann")):
        annotations[path.stem.rsplit("_", 1)[0]].append(path)
    return annotations


def score_article(text: str, gold: list[dict], contents: list, sources: list, counts: dict) -> None:
    """Content and source counts of one article; a source mention shared by attributions counts once."""
    score_spans(text, [g["content"] for g in gold], contents, counts["content"])
    gold_sources = []
    for g in gold:
        if g["source"] and g["source"] not in gold_sources:
            gold_sources.append(g["source"])
    score_spans(text, gold_sources, sources, counts["source"])


def prf(hits: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = hits / pred if pred else 0.0
    r = hits / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


FINDERS = {
    "attributions": finding.find_attributions,
    "quotes": finding.find_quotes,
    "tagger": attribution_tagger.find_tagged_attributions,
}


def predict(text: str, finder: str) -> tuple[list, list]:
    return spans_of(FINDERS[finder](text))


def spans_of(found: list) -> tuple[list, list]:
    """Scored content and source spans of a finder's results."""
    # Pieces of one quoted statement split around its attribution ("A," he said. "B.") share the
    # speaker's mention and cue; PolNeAR annotates them as one attribution with a discontinuous
    # content span. Reported speech is not merged: each cue is its own attribution ("X criticized
    # Y, saying Z" is two in PolNeAR, with one source mention), and neither is a quotation with a
    # cue of its own ("…,” adding that “…”).
    contents, sources = [], []
    by_cue: dict[tuple[int, int, int], list] = {}
    mentions: set[tuple[int, int]] = set()
    for item in found:
        mention = (item.speaker_start, item.speaker_end)
        key = (item.speaker_start, item.speaker_end, item.cue_start)
        if item.speaker_start >= 0 and key in by_cue and item.kind != "indirect":
            by_cue[key].append((item.start, item.end))
            continue
        spans = [(item.start, item.end)]
        contents.append(spans)
        if item.speaker_start >= 0:
            by_cue.setdefault(key, spans)
            if mention not in mentions:
                mentions.add(mention)
                sources.append([mention])
    return contents, sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--finder", default="attributions", choices=sorted(FINDERS))
    parser.add_argument("--extract", metavar="GIT_DIR", help="bare clone of networkdynamics/PolNeAR")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args()
    if args.extract:
        extract(args.extract)
    text_dir = DATA_DIR / args.split / "text"
    if not text_dir.is_dir():
        sys.exit(f"no PolNeAR data in {text_dir}: run with --extract <bare clone of networkdynamics/PolNeAR>")
    annotations = annotation_paths(args.split)
    counts = {kind: defaultdict(int) for kind in ("content", "source")}
    elapsed = 0.0
    cpu = 0.0
    articles = 0
    characters = 0
    for text_path in sorted(text_dir.glob("*.txt")):
        if not annotations.get(text_path.stem):
            continue
        if args.limit and articles >= args.limit:
            break
        text = text_path.read_text(encoding="utf-8")
        # Articles annotated by several annotators: the first annotator's file (sorted by id).
        gold = read_annotations(annotations[text_path.stem][0])
        started, started_cpu = time.perf_counter(), time.process_time()
        contents, sources = predict(text, args.finder)
        elapsed += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
        articles += 1
        characters += len(text)
        score_article(text, gold, contents, sources, counts)
    print(f"PolNeAR {args.split}: {articles} articles, finder={args.finder}, "
          f"{1000 * elapsed / max(1, articles):.1f} ms per article wall, {1000 * cpu / max(1, articles):.1f} ms CPU "
          f"({characters / max(1, articles):.0f} chars)")
    print(f"{'':8} {'match':8} {'P':>6} {'R':>6} {'F1':>6}   (gold, predicted)")
    for kind, c in counts.items():
        for match in ("exact", "overlap"):
            p, r, f = prf(c[match], c["pred"], c["gold"])
            print(f"{kind:8} {match:8} {p:6.3f} {r:6.3f} {f:6.3f}   ({c['gold']}, {c['pred']})")
        p, r, f = prf(c["both_tokens"], c["pred_tokens"], c["gold_tokens"])
        print(f"{kind:8} {'tokens':8} {p:6.3f} {r:6.3f} {f:6.3f}")


if __name__ == "__main__":
    main()

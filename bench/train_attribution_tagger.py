"""Train the attribution tagger (newsroom/quotes/attribution_tagger.py) on PolNeAR's train split.

Usage: uv run python bench/train_attribution_tagger.py [--cross-validate] [--write]
Every train paragraph becomes a sequence of words with the tagger's features (the rules' own
attributions among them) and gold BIO tags of content, source and cue. --cross-validate fits a CRF
on four fifths of the articles five times over and scores the benchmark (bench/polnear.py's
matching) on the fifth each model did not see: the rules alone, the tagger alone and the two
combined. --write refits on all of train and stores the model beside the module. Dev is never read;
no PolNeAR text is written (the model holds feature weights only).
"""

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import polnear  # noqa: E402
import pycrfsuite  # noqa: E402

from newsroom.quotes import attribution_tagger, finding  # noqa: E402

# L1 prunes most features to zero and features seen under 30 times are dropped, which keeps the
# model file small: c1 0.1 with a minimum of 2 left 307k weights (16.7 MB) for +0.002 content F1,
# c1 1.0 with 3 still 7.8 MB; these give 1.2 MB. L2 smooths the rest. Checked by 5-fold
# cross-validation on train (bench/README.md, Quotes).
PARAMS = {"c1": 1.0, "c2": 0.01, "max_iterations": 50, "feature.possible_transitions": True,
          "feature.minfreq": 30}


def load(limit: int = 0) -> list[dict]:
    """Per train article: text, gold attributions, the rules' results and the tagger's sequences."""
    annotations = polnear.annotation_paths("train")
    articles = []
    for text_path in sorted((polnear.DATA_DIR / "train" / "text").glob("*.txt")):
        if not annotations.get(text_path.stem):
            continue
        if limit and len(articles) >= limit:
            break
        text = text_path.read_text(encoding="utf-8")
        gold = polnear.read_annotations(annotations[text_path.stem][0])
        scores: list[tuple[int, int, float]] = []
        rules = finding.find_attributions(text, stance_scores=scores)
        sequences = attribution_tagger.sequences(text, rules, scores)
        labels = [attribution_tagger.gold_labels(s, gold) for s in sequences]
        articles.append({"stem": text_path.stem, "text": text, "gold": gold, "rules": rules,
                         "sequences": sequences, "labels": labels})
    return articles


def fit(articles: list[dict], path: str, params: dict) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for article in articles:
        for sequence, labels in zip(article["sequences"], article["labels"]):
            trainer.append(sequence.features, labels)
    trainer.set_params(params)
    trainer.train(path)


def score(article: dict, found: list, counts: dict) -> None:
    contents, sources = polnear.spans_of(found)
    polnear.score_article(article["text"], article["gold"], contents, sources, counts)


THRESHOLDS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8)


def variants(article: dict, tagger: pycrfsuite.Tagger) -> dict[str, list]:
    text, rules = article["text"], article["rules"]
    tagged = []
    marginals: dict[int, tuple[int, float]] = {}
    for sequence in article["sequences"]:
        labels = tagger.tag(sequence.features)
        tagged += attribution_tagger.decode(text, sequence, labels, tagger)
        for i, (start, end) in enumerate(sequence.tokens):
            marginals[start] = (end, tagger.marginal("B-S", i) + tagger.marginal("I-S", i))
    found = {"rules": rules, "tagger": [t.quote for t in tagged]}
    for threshold in THRESHOLDS:
        found[f"comb{threshold:.1f}"] = attribution_tagger.combine(tagged, rules, threshold)
    # What find_tagged_attributions returns: sources the tagger is surer of, and annotated extents.
    surer = attribution_tagger.combine(tagged, rules, attribution_tagger.THRESHOLD, source_marginals=marginals)
    found["surer"] = surer
    found["shipped"] = attribution_tagger.with_annotated_extents(text, surer)
    # Sources lent to the rules' sourceless attributions: what they add at the threshold in use.
    found["unlent"] = attribution_tagger.combine(tagged, rules, attribution_tagger.THRESHOLD, lend_sources=False)
    # The rules' attributions the tagger also finds, plus the tagger's new ones: does the tagger
    # tell the rules' wrong attributions apart?
    confirmed = [r for r in rules if any(attribution_tagger._overlaps(r, t.quote) for t in tagged)]
    found["confirmed"] = attribution_tagger.combine(tagged, confirmed, 0.5, lend_sources=False)
    return found


def folds(articles: list, count: int, seed: int) -> list[tuple[list, list]]:
    """(training, held-out) article lists, each article held out once."""
    shuffled = articles[:]
    random.Random(seed).shuffle(shuffled)
    return [([a for i, a in enumerate(shuffled) if i % count != k], shuffled[k::count]) for k in range(count)]


def report(totals: dict) -> None:
    for name, kinds in totals.items():
        for kind, c in kinds.items():
            for match in ("exact", "overlap"):
                p, r, f = polnear.prf(c[match], c["pred"], c["gold"])
                print(f"5-fold {name:8} {kind:8} {match:8} P {p:.3f} R {r:.3f} F1 {f:.3f}")
            p, r, f = polnear.prf(c["both_tokens"], c["pred_tokens"], c["gold_tokens"])
            print(f"5-fold {name:8} {kind:8} {'tokens':8} P {p:.3f} R {r:.3f} F1 {f:.3f}")


def cross_validate(articles: list[dict], params: dict, count: int = 5) -> None:
    totals: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        for k, (rest, held) in enumerate(folds(articles, count, 11)):
            started = time.process_time()
            path = f"{scratch}/fold{k}.crfsuite"
            fit(rest, path, params)
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            for article in held:
                for name, found in variants(article, tagger).items():
                    kinds = totals.setdefault(name, {kind: Counter() for kind in ("content", "source")})
                    score(article, found, kinds)
            print(f"fold {k}: {len(rest)} articles fitted, {time.process_time() - started:.0f} s CPU", flush=True)
    report(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cross-validate", action="store_true", help="5-fold on train: rules, tagger, combined")
    parser.add_argument("--write", action="store_true", help=f"refit on all of train, write {attribution_tagger.MODEL_PATH.name}")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles (quick trials)")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a crfsuite training parameter (e.g. c1=0.05)")
    args = parser.parse_args()
    params = dict(PARAMS)
    for item in args.param:
        name, _, value = item.partition("=")
        params[name] = float(value) if "." in value else int(value)
    started = time.process_time()
    articles = load(args.limit)
    tokens = sum(len(s.tokens) for a in articles for s in a["sequences"])
    print(f"{len(articles)} train articles, {tokens} tokens, features in {time.process_time() - started:.0f} s CPU; {params}",
          flush=True)
    if args.cross_validate:
        cross_validate(articles, params)
    if args.write:
        fit(articles, str(attribution_tagger.MODEL_PATH), params)
        size = attribution_tagger.MODEL_PATH.stat().st_size
        print(f"wrote {attribution_tagger.MODEL_PATH.relative_to(ROOT)} ({size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()

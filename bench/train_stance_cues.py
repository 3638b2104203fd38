"""Train the stance-cue model (newsroom/quotes/stance_cues.py) on PolNeAR's train split.

Usage: uv run python bench/train_stance_cues.py [--write]
Every candidate stance_cues proposes while find_attributions runs over train is labelled: positive
when a gold attribution's cue overlaps the candidate's cue, their contents share a word, and no
rule-based prediction already covers that gold content. A logistic model (plain SGD) is fitted on
four fifths of the articles five times over; the threshold is the one that best raises content F1
over the articles each model did not see; then the model is refitted on all of train and, with
--write, stored in
newsroom/quotes/stance_cue_weights.py. Dev is never read. No PolNeAR text is written.
"""

import argparse
import math
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import polnear  # noqa: E402

from newsroom.quotes import stance_cues  # noqa: E402

WEIGHTS_PATH = ROOT / "newsroom" / "quotes" / "stance_cue_weights.py"
# Features seen fewer times get no weight, and L2 keeps the rest small: with 3 and 1e-4 the model
# fitted train (content F1 +0.027 on it) but gained only +0.004 on a held-out fifth; 20 and 1e-2
# gave the same held-out gain with 1.5k weights instead of 8k.
MIN_COUNT = 20
L2 = 1e-2
EPOCHS = 8


def collect() -> list[tuple[str, list[tuple[tuple[str, ...], int]], tuple[int, int, int]]]:
    """Per train article: its candidates with labels, and the rules' (hits, predicted, gold) contents."""
    recorded: list = []
    original = stance_cues.accepted

    def record(found_candidates):
        recorded.extend(found_candidates)
        return []

    stance_cues.accepted = record
    try:
        ann_dir = polnear.DATA_DIR / "train" / "attributions"
        annotations = defaultdict(list)
        for path in sorted(ann_dir.glob("*.ann")):
            annotations[path.stem.rsplit("_", 1)[0]].append(path)
        articles = []
        for text_path in sorted((polnear.DATA_DIR / "train" / "text").glob("*.txt")):
            if not annotations.get(text_path.stem):
                continue
            text = text_path.read_text(encoding="utf-8")
            gold = polnear.read_annotations(annotations[text_path.stem][0])
            recorded.clear()
            contents, _ = polnear.predict(text, "attributions")
            counts: dict = defaultdict(int)
            polnear.score_spans(text, [g["content"] for g in gold], contents, counts)
            predicted_tokens = set().union(*(polnear.tokens(text, p) for p in contents)) if contents else set()
            open_gold = [(g, polnear.tokens(text, g["content"])) for g in gold]
            open_gold = [(g, t) for g, t in open_gold if not t & predicted_tokens]
            samples = []
            for candidate in recorded:
                item = candidate.attribution
                content = polnear.tokens(text, [(item.start, item.end)])
                positive = any(
                    any(s < item.cue_end and item.cue_start < e for s, e in g["cue"]) and tokens & content
                    for g, tokens in open_gold)
                samples.append((candidate.features, int(positive)))
            articles.append((text_path.stem, samples, (counts["overlap"], counts["pred"], counts["gold"])))
        return articles
    finally:
        stance_cues.accepted = original


def fit(samples: list[tuple[tuple[str, ...], int]], epochs: int = EPOCHS) -> tuple[float, dict[str, float]]:
    """Logistic regression by SGD with L2 on the active features; features under MIN_COUNT are dropped."""
    seen = Counter(f for features, _ in samples for f in features)
    kept = [(tuple(f for f in features if seen[f] >= MIN_COUNT), label) for features, label in samples]
    weights: dict[str, float] = defaultdict(float)
    bias = 0.0
    rng = random.Random(5)
    order = list(range(len(kept)))
    for epoch in range(epochs):
        rng.shuffle(order)
        rate = 0.2 / (1 + epoch)
        for i in order:
            features, label = kept[i]
            score = bias + sum(weights[f] for f in features)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
            gradient = label - p
            bias += rate * gradient
            for f in features:
                weights[f] += rate * (gradient - L2 * weights[f])
    return bias, {f: round(w, 3) for f, w in weights.items() if abs(w) >= 0.01}


def best_threshold(models: list[tuple[float, dict[str, float], list]]) -> tuple[float, list[str]]:
    """The threshold that most raises content overlap F1 over held-out articles (estimated).

    `models` holds (bias, weights, held-out articles) per fold: every article is scored by the
    model that did not see it, and the folds are pooled (one fifth alone was too noisy to choose by).
    """
    hits = predicted = gold = 0
    scored = []
    for bias, weights, held_out in models:
        hits += sum(a[2][0] for a in held_out)
        predicted += sum(a[2][1] for a in held_out)
        gold += sum(a[2][2] for a in held_out)
        for _, samples, _ in held_out:
            for features, label in samples:
                score = bias + sum(weights.get(f, 0.0) for f in features)
                scored.append((1.0 / (1.0 + math.exp(-score)), label))
    lines = [f"held out: rules alone content F1 {2 * hits / (predicted + gold):.4f}"]
    best = (2 * hits / (predicted + gold), 1.1)
    for step in range(20, 95, 5):
        threshold = step / 100
        chosen = [label for p, label in scored if p >= threshold]
        f1 = 2 * (hits + sum(chosen)) / (predicted + len(chosen) + gold)
        precision = sum(chosen) / len(chosen) if chosen else 0.0
        lines.append(f"  threshold {threshold:.2f}: {len(chosen)} kept, precision {precision:.3f}, est. F1 {f1:.4f}")
        best = max(best, (f1, threshold))
    return best[1], lines


def folds(articles: list, count: int, seed: int) -> list[tuple[list, list]]:
    """(training, held-out) article lists, each article held out once."""
    shuffled = articles[:]
    random.Random(seed).shuffle(shuffled)
    return [([a for i, a in enumerate(shuffled) if i % count != k], shuffled[k::count]) for k in range(count)]


def choose_threshold(articles: list) -> tuple[float, list[str]]:
    models = []
    for training, held_out in folds(articles, 5, 7):
        bias, weights = fit([s for _, article, _ in training for s in article])
        models.append((bias, weights, held_out))
    return best_threshold(models)


def score_with(model: tuple[float, float, dict[str, float]] | None, stems: set[str]) -> dict:
    """The benchmark's content and source counts over the articles `stems`, with the model given."""
    saved = stance_cues.BIAS, stance_cues.THRESHOLD, stance_cues.WEIGHTS
    stance_cues.BIAS, stance_cues.THRESHOLD, stance_cues.WEIGHTS = model or (0.0, 1.1, {})
    try:
        counts = {kind: defaultdict(int) for kind in ("content", "source")}
        ann_dir = polnear.DATA_DIR / "train" / "attributions"
        for stem in sorted(stems):
            text = (polnear.DATA_DIR / "train" / "text" / f"{stem}.txt").read_text(encoding="utf-8")
            gold = polnear.read_annotations(sorted(ann_dir.glob(f"{stem}_*.ann"))[0])
            contents, sources = polnear.predict(text, "attributions")
            polnear.score_spans(text, [g["content"] for g in gold], contents, counts["content"])
            gold_sources = []
            for g in gold:
                if g["source"] and g["source"] not in gold_sources:
                    gold_sources.append(g["source"])
            polnear.score_spans(text, gold_sources, sources, counts["source"])
        return counts
    finally:
        stance_cues.BIAS, stance_cues.THRESHOLD, stance_cues.WEIGHTS = saved


def cross_validate(articles: list, folds_count: int = 5) -> None:
    """Train on all folds but one, score the benchmark on that one; sums over the folds."""
    totals = {name: {kind: Counter() for kind in ("content", "source")} for name in ("rules", "model")}
    for rest, held in folds(articles, folds_count, 11):
        threshold, _ = choose_threshold(rest)
        bias, weights = fit([s for _, article, _ in rest for s in article])
        stems = {stem for stem, _, _ in held}
        for name, model in (("rules", None), ("model", (bias, threshold, weights))):
            for kind, counts in score_with(model, stems).items():
                totals[name][kind].update(counts)
    for name, kinds in totals.items():
        for kind, c in kinds.items():
            for match in ("exact", "overlap"):
                p, r, f = polnear.prf(c[match], c["pred"], c["gold"])
                print(f"cross-validated {name:6} {kind:8} {match:8} P {p:.3f} R {r:.3f} F1 {f:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the weights in " + str(WEIGHTS_PATH.name))
    parser.add_argument("--cross-validate", action="store_true",
                        help="score the benchmark on each fifth of train with a model fitted on the rest")
    args = parser.parse_args()
    articles = collect()
    if args.cross_validate:
        cross_validate(articles)
        return
    samples = [s for _, article, _ in articles for s in article]
    print(f"{len(articles)} train articles, {len(samples)} candidates, {sum(l for _, l in samples)} positive")
    threshold, lines = choose_threshold(articles)
    print("\n".join(lines))
    print(f"chosen threshold {threshold:.2f}")
    bias, weights = fit(samples)
    print(f"{len(weights)} weights")
    if args.write:
        body = ",\n".join(f"    {f!r}: {w}" for f, w in sorted(weights.items()))
        WEIGHTS_PATH.write_text(
            '"""Weights of the stance-cue model (stance_cues.py), written by bench/train_stance_cues.py.\n\n'
            "Trained on PolNeAR's train split only; the threshold was chosen on its articles scored out of fold.\n"
            '"""\n\n'
            f"BIAS = {round(bias, 3)}\nTHRESHOLD = {threshold}\nWEIGHTS: dict[str, float] = {{\n{body},\n}}\n",
            encoding="utf-8")
        print(f"wrote {WEIGHTS_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Run the pure incremental event clustering on a labeled JSON Lines file and print its quality and speed.

    uv run python bench/clustering.py bench/data/duc2006.jsonl          # quality (BCubed, pairwise) in date order
    uv run python bench/clustering.py bench/data/duc2007.jsonl --threshold 0.3
    uv run python bench/clustering.py bench/data/duc2006.jsonl bench/data/duc2007.jsonl --scale  # 1k/10k/100k timing

Lines hold {"id", "title", "text", "published", "source", "event"}; see bench/duc_convert.py.
"""

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsroom.stories.clustering import THRESHOLD, StoryIndex  # noqa: E402
from newsroom.stories.evaluation import bcubed, pairwise  # noqa: E402
from newsroom.stories.features import event_features, frequency_keys  # noqa: E402


def load(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            rows.extend(json.loads(line) for line in lines if line.strip())
    return rows


def by_date(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r.get("published") or "9999", r["id"]))


def cluster(
    rows: list[dict], threshold: float = THRESHOLD, prime: bool = False, cpu: list[float] | None = None,
    index: StoryIndex | None = None,
) -> tuple[dict, list[float]]:
    """Assign every row in date order. With `prime`, document frequencies start from the whole file's texts
    (no labels), as in a running site whose statistics come from many earlier articles. Wall seconds per
    assignment are returned; CPU seconds go to `cpu` if given (steadier on shared machines). `index` (a fresh
    StoryIndex or subclass, e.g. bench/clustering_losses.py's variants) replaces the default one."""
    index = index if index is not None else StoryIndex(threshold=threshold)
    if prime:
        for row in rows:
            index.count(frequency_keys(row["title"], row["text"]))
    assigned, timings = {}, []
    for row in by_date(rows):
        started, started_cpu = time.perf_counter(), time.process_time()
        published = date.fromisoformat(row["published"]) if row.get("published") else None
        features = event_features(
            row["title"], row["text"], published,
            document_frequencies=index.document_frequencies, documents=index.documents,
        )
        assigned[row["id"]], _ = index.assign(features, source=row.get("source", ""))
        if not prime:
            index.count(frequency_keys(row["title"], row["text"]))
        timings.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.process_time() - started_cpu)
    # A later merge may have moved an article's story: report where each article ends up.
    return {article: index.resolve(story) for article, story in assigned.items()}, timings


def report_quality(rows: list[dict], threshold: float) -> None:
    assigned, timings = cluster(rows, threshold)
    gold = {r["id"]: r["event"] for r in rows}
    print(f"{len(rows)} articles, {len(set(gold.values()))} events, {len(set(assigned.values()))} stories "
          f"(threshold {threshold})")
    print(f"  BCubed   {bcubed(assigned, gold)}")
    print(f"  pairwise {pairwise(assigned, gold)}")
    print(f"  {1000 * sum(timings) / len(timings):.2f} ms per article")


def synthesize(rows: list[dict], size: int, rng: random.Random) -> list[dict]:
    """Recombined articles: paragraphs of one set's documents shuffled into new ones, spread over ten years
    with the set moved to its own random period, so stories stay realistic (a few dozen articles each)."""
    by_event: dict[str, list[dict]] = {}
    for row in rows:
        by_event.setdefault(row["event"], []).append(row)
    events = list(by_event)
    synthetic = []
    n = 0
    while len(synthetic) < size:
        event = rng.choice(events)
        members = by_event[event]
        start = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        for _ in range(rng.randint(1, 30)):
            donors = rng.sample(members, min(3, len(members)))
            paragraphs = [p for d in donors for p in d["text"].split("\n\n")]
            rng.shuffle(paragraphs)
            n += 1
            synthetic.append({
                "id": f"s{n}", "title": rng.choice(donors)["title"],
                "text": "\n\n".join(paragraphs[: rng.randint(5, 20)]),
                "published": (start + timedelta(days=rng.randrange(20))).isoformat(),
                "source": rng.choice(["AP", "Reuters", "NYT", "Xinhua", "BBC", "Guardian", "AFP", "WaPo"]),
                "event": f"{event}@{start}",
            })
    return synthetic[:size]


def report_scale(rows: list[dict], sizes: list[int], threshold: float) -> None:
    rng = random.Random(7)
    for size in sizes:
        corpus = synthesize(rows, size, rng)
        started, cpu = time.perf_counter(), []
        assigned, timings = cluster(corpus, threshold, cpu=cpu)
        last, last_cpu = timings[-1000:], cpu[-1000:]
        gold = {r["id"]: r["event"] for r in corpus}
        print(f"{size:>7} articles: {1000 * sum(last) / len(last):.2f} ms per article over the last 1000 "
              f"(CPU {1000 * sum(last_cpu) / len(last_cpu):.2f} ms; mean {1000 * sum(timings) / len(timings):.2f} ms, "
              f"total {time.perf_counter() - started:.0f} s); BCubed F1 {bcubed(assigned, gold).f1:.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--sweep", action="store_true", help="try thresholds from 0.04 below to 0.04 above --threshold")
    parser.add_argument("--scale", action="store_true", help="time assignment on synthetic 1k/10k/100k corpora")
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    rows = load(args.files)
    if args.scale:
        report_scale(rows, [int(s) for s in args.sizes.split(",")], args.threshold)
    elif args.sweep:
        for step in range(-4, 5):
            report_quality(rows, round(args.threshold + step / 100, 2))
    else:
        report_quality(rows, args.threshold)


if __name__ == "__main__":
    main()

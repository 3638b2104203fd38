"""Where clustering loses BCubed recall and precision on a labeled file, and the variants tried to win it back.

    uv run python bench/clustering_losses.py bench/data/duc2006.jsonl   # losses of the fixed configuration
    uv run python bench/clustering_losses.py bench/data/duc2006.jsonl --variant recheck --set "after=(5,)"

The loss report lists the events that lose most recall (the sizes of the stories they scatter into), the
stories that lose most precision (the events they mix), and how the stories that hold the minority of an event
score against that event's main story at the end (`score_story_against`, the merge rule's measure). Variants
(each run once, printed like bench/clustering.py; none is part of the fixed configuration, see bench/README.md
"2026-12-03: ... (cluster4, issue #4)"):

- `recheck`: a one-member story is weighed again `after` stories later (the upload that starts story s re-checks
  story s - k), against the candidates of its own index keys (never a scan), and folded into the best bigger one
  when it scores `bar` or more and shares at least `names` names with it.
- `named-margin`: an unbridged founder needs THRESHOLD + `margin` instead of + UNBRIDGED_MARGIN when it shares
  at least `names` names with the story.
- `gap-join`: an article also joins its best story from `low` when the best leads the second best by `gap`.
- `grown`: stories of 2 to `small` members may be folded in too, at the bar `bar`.
"""

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import newsroom.stories.clustering as core  # noqa: E402
from clustering import cluster, load  # noqa: E402
from newsroom.stories.evaluation import bcubed, pairwise  # noqa: E402
from newsroom.stories.similarity import score_story_against  # noqa: E402


class RecheckIndex(core.StoryIndex):
    """StoryIndex whose uploads that start a story re-check young one-member stories (variant `recheck`)."""

    def __init__(self, after=(5,), bar=core.THRESHOLD, names=1, **kwargs):
        super().__init__(**kwargs)
        self.after, self.bar, self.names, self.rechecked = after, bar, names, []

    def assign(self, features, source=""):
        started = self.started
        result = super().assign(features, source)
        if self.started > started:
            for k in self.after:
                self.recheck(self.started - k)
        return result

    def recheck(self, story_id: int) -> None:
        small = self.profiles.get(story_id)
        if small is None or small.members > core.SMALL_STORY:
            return
        hits: Counter = Counter()
        for key in self.keys[story_id]:
            stories = self.postings.get(key)
            if stories and len(stories) <= core.MAX_POSTINGS:
                hits.update(stories)
        hits.pop(story_id, None)
        fits = []
        for other, _ in hits.most_common(core.MAX_CANDIDATES):
            if self.profiles[other].members > small.members:
                why = score_story_against(small, self.profiles[other])
                if len(why.shared_entities) >= self.names:
                    fits.append((why.score, other))
        if fits and max(fits)[0] >= self.bar:
            score, big = max(fits)
            self.profiles[big] = self.profiles[big].copy()
            self.profiles[big].merge(self.profiles.pop(story_id))
            self.absorb_story(story_id, big)
            self.rechecked.append((story_id, big, round(score, 3)))


def merge_with(small_max=core.SMALL_STORY, grown_bar=1.0, names=None, named_margin=core.UNBRIDGED_MARGIN):
    """`clustering.merge_small_stories` with the bars of variants `grown` and `named-margin`."""

    def merge_small_stories(joined, matches, profiles, threshold=core.THRESHOLD, can_move=None):
        merged, survivor = [], joined
        for other in sorted(matches, key=lambda s: (-matches[s].score, s)):
            if other == survivor or other not in profiles:
                continue
            here, there = profiles[survivor], profiles[other]
            smaller = min(here.members, there.members)
            if smaller > small_max:
                continue
            small, big = (survivor, other) if (here.members, -survivor) < (there.members, -other) else (other, survivor)
            why = score_story_against(profiles[small], profiles[big])
            if smaller > core.SMALL_STORY:
                bar = grown_bar
            elif matches[other].score >= threshold:
                bar = threshold
            elif names is not None and len(why.shared_entities) >= names:
                bar = threshold + named_margin
            else:
                bar = threshold + core.UNBRIDGED_MARGIN
            if why.score >= bar:
                profiles[big] = profiles[big].copy()
                profiles[big].merge(profiles.pop(small))
                merged.append((small, big, why))
                survivor = big
        return merged

    return merge_small_stories


def pick_with(low: float, gap: float):
    """`clustering.pick_story` that also takes a best story from `low` when it leads the second by `gap`."""

    def pick_story(matches, threshold=core.THRESHOLD):
        ranked = sorted(matches, key=lambda s: (-matches[s].score, s))
        if not ranked:
            return None, None
        best = matches[ranked[0]]
        second = max(matches[ranked[1]].score, 0.0) if len(ranked) > 1 else 0.0
        if best.score >= threshold or best.near_duplicate or (best.score >= low and best.score - second >= gap):
            return ranked[0], best
        return None, best

    return pick_story


def report_losses(rows: list[dict], assigned: dict, index: core.StoryIndex) -> None:
    gold = {r["id"]: r["event"] for r in rows}
    members = defaultdict(list)
    for article, story in assigned.items():
        members[story].append(article)
    per_event = defaultdict(Counter)
    for article, story in assigned.items():
        per_event[gold[article]][story] += 1

    def lost(counts: Counter) -> float:  # members × (1 − their mean BCubed share): recall (or precision) lost
        n = sum(counts.values())
        return n - sum(k * k for k in counts.values()) / n

    print(f"recall lost (of {len(rows)} articles), worst events: the sizes of the stories holding them")
    for event, counts in sorted(per_event.items(), key=lambda kv: -lost(kv[1]))[:15]:
        print(f"  {event:20s} {lost(counts):5.1f}  {sorted(counts.values(), reverse=True)}")
    print(f"  total {sum(lost(c) for c in per_event.values()):.1f}")
    print("precision lost, worst stories: the events they mix")
    mixes = {s: Counter(gold[a] for a in m) for s, m in members.items()}
    for story, counts in sorted(mixes.items(), key=lambda kv: -lost(kv[1]))[:8]:
        print(f"  story {story:4d} {lost(counts):5.1f}  {counts.most_common(3)}")
    print(f"  total {sum(lost(c) for c in mixes.values()):.1f}")
    main = {event: counts.most_common(1)[0][0] for event, counts in per_event.items()}
    minor = []
    for story, counts in mixes.items():
        event = counts.most_common(1)[0][0]
        big = main[event]
        if big != story:
            small, large = sorted((index.profiles[story], index.profiles[big]), key=lambda p: p.members)
            minor.append((score_story_against(small, large).score, len(index.keys[story] & index.keys[big])))
    print(f"{len(minor)} stories hold the minority of their event; against its main story at the end they score")
    for cut in (0.08, 0.10, 0.12, 0.17):
        print(f"  >= {cut:.2f}: {sum(score >= cut for score, _ in minor)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--variant", choices=["recheck", "named-margin", "gap-join", "grown"])
    parser.add_argument("--set", action="append", default=[], help="a variant's parameter, e.g. --set bar=0.14")
    args = parser.parse_args()
    rows = load([args.file])
    params = {k: eval(v, {}) for k, v in (item.split("=", 1) for item in args.set)}  # noqa: S307 (bench options)
    index = RecheckIndex(**params) if args.variant == "recheck" else core.StoryIndex()
    patches = {
        "named-margin": lambda: mock.patch.object(core, "merge_small_stories", merge_with(
            names=params.get("names", 2), named_margin=params.get("margin", 0.03))),
        "gap-join": lambda: mock.patch.object(
            core, "pick_story", pick_with(params.get("low", 0.10), params.get("gap", 0.05))),
        "grown": lambda: mock.patch.object(core, "merge_small_stories", merge_with(
            small_max=params.get("small", 5), grown_bar=params.get("bar", 0.24))),
    }
    with patches.get(args.variant, mock.MagicMock)():
        assigned, _ = cluster(rows, index=index)
    gold = {r["id"]: r["event"] for r in rows}
    print(f"{len(rows)} articles, {len(set(gold.values()))} events, {len(set(assigned.values()))} stories"
          f" ({args.variant or 'fixed configuration'} {params or ''})")
    print(f"  BCubed   {bcubed(assigned, gold)}")
    print(f"  pairwise {pairwise(assigned, gold)}")
    if isinstance(index, RecheckIndex):
        print(f"  re-check merges (small, into, score): {index.rechecked}")
    if args.variant is None:
        report_losses(rows, assigned, index)


if __name__ == "__main__":
    main()

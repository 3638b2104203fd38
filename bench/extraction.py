"""Benchmark of newsroom's article extraction against trafilatura and readability-lxml, in one run.

Usage: uv run python bench/extraction.py [--limit N] [--processes 2] [--only html,text,site,pages]

1. HTML: the article-extraction benchmark (181 pages, ../shared/bench/article-extraction-benchmark),
   scored with that benchmark's own metric (\\w+ tokens, multisets of 4-token shingles, per-page
   precision and recall averaged over pages, F1 from the averages), with pages per second.
2. Plain text: the same pages turned into the visible text a scraper would save (one block per
   line), cleaned by newsroom and scored the same way; "keep everything" is the floor.
3. Per-site learning: on the pages whose site has other pages in the set, the F1 without and with
   the boilerplate learned from the site's other pages (leave one out), HTML and plain text.
4. Readability test pages (../shared/bench/readability-test-pages): title, byline and date accuracy
   against expected-metadata.json, and recall of the text of expected.html.
"""

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

SHARED_BENCH = PROJECT_DIR.parent / "shared" / "bench"
ARTICLE_BENCH = SHARED_BENCH / "article-extraction-benchmark"
READABILITY_PAGES = SHARED_BENCH / "readability-test-pages"

# --- the benchmark's metric (same definitions as its evaluate.py) ------------------------------

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def tp_fp_fn(true: str, predicted: str) -> tuple[float, float, float]:
    true_counts, predicted_counts = shingles(true), shingles(predicted)
    tp = sum((true_counts & predicted_counts).values())
    fp = sum((predicted_counts - true_counts).values())
    fn = sum((true_counts - predicted_counts).values())
    total = tp + fp + fn
    # Normalised so that long articles do not weigh more than short ones.
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def score(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# --- extractors, run inside worker processes -----------------------------------------------------

def run_newsroom(data: bytes, url: str) -> str:
    from newsroom.reader import ExtractionError, extract_article

    try:
        return extract_article(data, filename="page.html", content_type="text/html", url=url).text
    except ExtractionError:
        return ""


def run_trafilatura(data: bytes, url: str) -> str:
    import trafilatura

    # As the benchmark's own runner calls it.
    return trafilatura.extract(data.decode("utf-8", errors="replace"), include_comments=False) or ""


def run_readability(data: bytes, url: str) -> str:
    import lxml.html
    from readability import Document

    summary = Document(data.decode("utf-8", errors="replace")).summary(html_partial=True)
    return visible_text(lxml.html.fragment_fromstring(summary, create_parent="div"))


def run_newsroom_on_text(data: bytes, url: str) -> str:
    from newsroom.reader import ExtractionError, extract_article

    try:
        return extract_article(data, filename="page.txt", content_type="text/plain; charset=utf-8").text
    except ExtractionError:
        return ""


def run_keep_everything(data: bytes, url: str) -> str:
    return data.decode("utf-8")


EXTRACTORS = {
    "newsroom": run_newsroom,
    "trafilatura": run_trafilatura,
    "readability-lxml": run_readability,
    "newsroom (plain text)": run_newsroom_on_text,
    "keep everything (plain text)": run_keep_everything,
}

# --- turning a page into a scraper's plain text -----------------------------------------------

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tbody", "td", "th", "thead", "tr", "ul", "button", "select", "option", "caption",
})
_INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object", "embed", "canvas")


def visible_text(root) -> str:
    """The text a browser shows, one block per line (what copy-all or a text scraper saves)."""
    from lxml import etree

    etree.strip_elements(root, *_INVISIBLE, with_tail=False)
    for element in root.iter():
        if isinstance(element.tag, str) and (element.get("hidden") is not None
                                             or "display:none" in (element.get("style") or "").replace(" ", "")):
            element.drop_tree() if element.getparent() is not None else None
    parts: list[str] = []

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if tag and element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(root)
    lines = [re.sub(r"\s+", " ", line).strip() for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def page_to_plain_text(data: bytes) -> bytes:
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, encoding="utf-8")
    root = lxml.html.document_fromstring(data, parser=parser)
    return visible_text(root).encode("utf-8")


def _warm_up() -> None:
    """Import every extractor once per worker, so that no page's time includes loading a library."""
    import readability  # noqa: F401
    import trafilatura  # noqa: F401
    from htmldate import find_date  # noqa: F401

    import newsroom.reader  # noqa: F401
    from newsroom.reader import extract_article

    extract_article(b"<html><body><p>" + b"Warm up sentence number one for the reader. " * 5 + b"</p></body></html>")


def _timed(task: tuple[str, str, bytes, str]) -> tuple[str, str, str, float, float]:
    """(extractor, page id, text, wall seconds, CPU seconds of this worker process)."""
    extractor, page_id, data, url = task
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        text = EXTRACTORS[extractor](data, url)
    except Exception as error:  # a crash scores as an empty extraction, and is shown
        print(f"  {extractor} failed on {page_id}: {error!r}", file=sys.stderr)
        text = ""
    return extractor, page_id, text, time.perf_counter() - started, time.process_time() - cpu_started


def _site_task(task: tuple[str, str, bytes, str, frozenset]) -> tuple[str, str, tuple[str, ...]]:
    """One page extracted with its site's learned boilerplate: (page id, text, block fingerprints)."""
    from newsroom.reader import ExtractionError, extract_article

    kind, page_id, data, url, boilerplate = task
    name, content_type = ("page.html", "text/html") if kind == "html" else ("page.txt", "text/plain; charset=utf-8")
    try:
        article = extract_article(data, filename=name, content_type=content_type, url=url, site_boilerplate=boilerplate)
    except ExtractionError:
        return page_id, "", ()
    return page_id, article.text, article.fingerprints


def site_learning_report(pool: Pool, kind: str, pages: dict[str, bytes], truth: dict[str, dict]) -> dict:
    """F1 on the pages whose site has other pages in the set, without and with per-site learning.

    Each page learns only from the other pages of its site (leave one out), as the app learns only
    from a source's stored articles. The benchmark has at most two pages per site, so a block
    counts as the site's when the other page has it too (the app asks for MIN_ARTICLES).
    """
    from urllib.parse import urlsplit

    from newsroom.reader.site_boilerplate import learn_site_boilerplate

    sites: dict[str, list[str]] = {}
    for page_id in pages:
        host = (urlsplit(truth[page_id].get("url", "")).hostname or "").removeprefix("www.")
        sites.setdefault(host, []).append(page_id)
    grouped = [page_id for members in sites.values() if len(members) >= 2 for page_id in members]
    if not grouped:
        return {}
    url_of = (lambda page_id: truth[page_id].get("url", "")) if kind == "html" else (lambda page_id: "")
    plain = list(pool.imap_unordered(_site_task, [(kind, p, pages[p], url_of(p), frozenset()) for p in grouped]))
    without = {page_id: text for page_id, text, _ in plain}
    fingerprints = {page_id: found for page_id, _, found in plain}
    tasks = []
    for members in sites.values():
        for page_id in members:
            others = [fingerprints[other] for other in members if other != page_id and other in fingerprints]
            if others:
                tasks.append((kind, page_id, pages[page_id], url_of(page_id),
                              learn_site_boilerplate(others, min_articles=len(others))))
    with_site = {page_id: text for page_id, text, _ in pool.imap_unordered(_site_task, tasks)}
    before = score([tp_fp_fn(truth[p]["articleBody"], without[p]) for p in grouped])
    after = score([tp_fp_fn(truth[p]["articleBody"], with_site[p]) for p in grouped])
    changed = sum(1 for p in grouped if with_site[p] != without[p])
    label = "HTML" if kind == "html" else "plain text"
    print(f"  {label:<11} {len(grouped):>3} pages of {sum(1 for m in sites.values() if len(m) >= 2)} sites: "
          f"F1 {before['f1']:.4f} without, {after['f1']:.4f} with (P {before['precision']:.3f} -> {after['precision']:.3f}, "
          f"R {before['recall']:.3f} -> {after['recall']:.3f}); {changed} pages changed")
    return {"before": before, "after": after, "changed": changed}


def _plain_text_task(item: tuple[str, bytes]) -> tuple[str, bytes]:
    page_id, data = item
    return page_id, page_to_plain_text(data)


# --- the three reports ---------------------------------------------------------------------------

def load_article_pages(limit: int | None) -> tuple[dict[str, bytes], dict[str, dict]]:
    truth = json.loads((ARTICLE_BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    pages = {page_id: gzip.decompress((ARTICLE_BENCH / "html" / f"{page_id}.html.gz").read_bytes()) for page_id in ids}
    return pages, {page_id: truth[page_id] for page_id in ids}


def run_tasks(pool: Pool, tasks: list) -> dict[str, dict[str, tuple[str, float, float]]]:
    results: dict[str, dict[str, tuple[str, float, float]]] = {}
    for extractor, page_id, text, seconds, cpu_seconds in pool.imap_unordered(_timed, tasks, chunksize=2):
        results.setdefault(extractor, {})[page_id] = (text, seconds, cpu_seconds)
    return results


def print_table(title: str, results, truth: dict[str, dict], order: list[str]) -> dict[str, dict]:
    print(f"\n{title}")
    # CPU pages/s (process time of the worker) is the figure to compare: wall time on the shared
    # machine swings with other jobs, CPU time much less.
    print(f"{'extractor':<30} {'precision':>9} {'recall':>7} {'F1':>8} {'pages/s CPU':>11} {'pages/s wall':>12}")
    scores = {}
    for extractor in order:
        if extractor not in results:
            continue
        by_page = results[extractor]
        counts = [tp_fp_fn(truth[page_id]["articleBody"], by_page[page_id][0]) for page_id in truth]
        metrics = score(counts)
        seconds = sum(t for _, t, _ in by_page.values())
        cpu_seconds = sum(c for _, _, c in by_page.values())
        metrics["pages_per_second"] = len(by_page) / seconds if seconds else float("inf")
        metrics["cpu_pages_per_second"] = len(by_page) / cpu_seconds if cpu_seconds else float("inf")
        scores[extractor] = metrics
        print(f"{extractor:<30} {metrics['precision']:>9.3f} {metrics['recall']:>7.3f} {metrics['f1']:>8.4f} "
              f"{metrics['cpu_pages_per_second']:>11.1f} {metrics['pages_per_second']:>12.1f}")
    for other in order[1:]:
        if order[0] in scores and other in scores and "keep everything" not in other:
            ours, theirs = scores[order[0]], scores[other]
            print(f"  speed of {order[0]} / {other}: {ours['cpu_pages_per_second'] / theirs['cpu_pages_per_second']:.2f}x CPU, "
                  f"{ours['pages_per_second'] / theirs['pages_per_second']:.2f}x wall")
    return scores


def _normalise(value) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().casefold()


def _key(value) -> str:
    return re.sub(r"[\W_]+", " ", str(value or "")).strip().casefold()


def _same_value(ours: str, expected: str) -> bool:
    """Equal once punctuation and case are set aside, or the expected value with what newsroom drops
    on purpose: a " | Site" part of a title, a "By" before a byline, a date after it."""
    ours_key, expected_key = _key(ours), re.sub(r"^(?:by|par|von|written by)\s+", "", _key(expected))
    if not ours_key:
        return False
    if ours_key == expected_key:
        return True
    return len(ours_key) >= 0.4 * len(expected_key) and (
        expected_key.startswith(ours_key + " ") or expected_key.endswith(" " + ours_key)
    )


def _readability_page_task(directory: str) -> dict:
    import lxml.html

    from newsroom.reader import ExtractionError, extract_article

    path = Path(directory)
    expected = json.loads((path / "expected-metadata.json").read_text(encoding="utf-8"))
    expected_html = (path / "expected.html").read_text(encoding="utf-8")
    expected_text = visible_text(lxml.html.document_fromstring(expected_html or "<p></p>"))
    started = time.perf_counter()
    try:
        article = extract_article((path / "source.html").read_bytes(), filename="source.html")
        error = ""
    except ExtractionError as exc:
        article, error = None, exc.code
    seconds = time.perf_counter() - started
    return {"name": path.name, "expected": expected, "expected_text": expected_text, "seconds": seconds,
            "error": error, "title": article.title if article else "", "byline": article.byline if article else "",
            "published": (article.published or "") if article else "", "text": article.text if article else "",
            "site_name": article.site_name if article else "", "language": article.language if article else ""}


def readability_pages_report(pool: Pool, limit: int | None, verbose: bool) -> dict:
    directories = sorted(str(p) for p in READABILITY_PAGES.iterdir() if (p / "source.html").exists())[:limit]
    rows = list(pool.imap_unordered(_readability_page_task, directories))
    fields = {"title": "title", "byline": "byline", "published": "publishedTime", "site_name": "siteName",
              "language": "lang"}
    report = {}
    print(f"\nReadability test pages ({len(rows)} pages): metadata accuracy where a value is expected")
    print("  (title: a dropped ' | Site' part is not a miss; byline: a dropped 'By' or trailing date is not; "
          "published: same day)")
    for ours, theirs in fields.items():
        checked = [row for row in rows if row["expected"].get(theirs)]
        if ours == "published":
            right = [row for row in checked if row["published"][:10] == str(row["expected"][theirs])[:10]]
        elif ours == "language":
            right = [row for row in checked if row["language"] == str(row["expected"][theirs]).split("-")[0].lower()]
        elif ours in ("title", "byline", "site_name"):
            right = [row for row in checked if _same_value(row[ours], row["expected"][theirs])]
        else:
            right = [row for row in checked if _normalise(row[ours]) == _normalise(row["expected"][theirs])]
        accuracy = len(right) / len(checked) if checked else float("nan")
        report[ours] = accuracy
        print(f"  {ours:<10} {len(right):>3}/{len(checked):<3} = {accuracy:.3f}")
        if verbose:
            for row in checked:
                if row not in right:
                    print(f"      {row['name']}: got {row[ours]!r}, expected {row['expected'][theirs]!r}")
    readerable = [row for row in rows if row["expected"].get("readerable", True)]
    recalls = [_recall(*tp_fp_fn(row["expected_text"], row["text"])) for row in readerable if row["expected_text"]]
    precisions = [_precision(*tp_fp_fn(row["expected_text"], row["text"])) for row in readerable if row["text"]]
    report["text_recall"] = statistics.mean(recalls)
    report["text_precision"] = statistics.mean(precisions)
    not_readerable = [row for row in rows if not row["expected"].get("readerable", True)]
    print(f"  text recall of expected.html    {report['text_recall']:.3f} (precision {report['text_precision']:.3f}) "
          f"on {len(readerable)} readerable pages")
    if not_readerable:
        flagged = sum(1 for row in not_readerable if row["error"] == "no_article")
        print(f"  pages marked not readerable: {len(not_readerable)}, of which we answered 'no article found': {flagged}")
    failures = [row for row in readerable if row["error"]]
    if failures:
        print(f"  readerable pages we rejected: {', '.join(row['name'] + ' (' + row['error'] + ')' for row in failures)}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    parser.add_argument("--processes", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--only", default="html,text,site,pages", help="which reports: html,text,site,pages")
    parser.add_argument("--verbose", action="store_true", help="list metadata misses and the worst pages")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    if not ARTICLE_BENCH.is_dir():
        sys.exit(f"benchmark data not found at {ARTICLE_BENCH} (../shared/bench beside the project)")

    started = time.perf_counter()
    pages, truth = load_article_pages(args.limit)
    plain = None
    with Pool(processes=min(2, args.processes), initializer=_warm_up) as pool:
        if "html" in parts:
            tasks = [(name, page_id, data, truth[page_id].get("url", ""))
                     for page_id, data in pages.items() for name in ("newsroom", "trafilatura", "readability-lxml")]
            results = run_tasks(pool, tasks)
            print_table(f"HTML: article-extraction-benchmark, {len(pages)} pages", results, truth,
                        ["newsroom", "trafilatura", "readability-lxml"])
            if args.verbose:
                worst = sorted(truth, key=lambda p: score([tp_fp_fn(truth[p]["articleBody"], results["newsroom"][p][0])])["f1"])[:10]
                for page_id in worst:
                    counts = tp_fp_fn(truth[page_id]["articleBody"], results["newsroom"][page_id][0])
                    print(f"    {page_id[:12]} P={_precision(*counts):.2f} R={_recall(*counts):.2f} {truth[page_id]['url']}")
        if "text" in parts:
            plain = dict(pool.imap_unordered(_plain_text_task, pages.items(), chunksize=4))
            tasks = [(name, page_id, data, "") for page_id, data in plain.items()
                     for name in ("newsroom (plain text)", "keep everything (plain text)")]
            results = run_tasks(pool, tasks)
            print_table("Plain text: the same pages as visible text, one block per line", results, truth,
                        ["newsroom (plain text)", "keep everything (plain text)"])
            if args.verbose:
                worst = sorted(truth, key=lambda p: score([tp_fp_fn(truth[p]["articleBody"], results["newsroom (plain text)"][p][0])])["f1"])[:10]
                for page_id in worst:
                    counts = tp_fp_fn(truth[page_id]["articleBody"], results["newsroom (plain text)"][page_id][0])
                    print(f"    {page_id[:12]} P={_precision(*counts):.2f} R={_recall(*counts):.2f} {truth[page_id]['url']}")
        if "site" in parts:
            print("\nPer-site learning: pages whose site has another page in the benchmark, each learning "
                  "from the others of its site")
            site_learning_report(pool, "html", pages, truth)
            if plain is None:
                plain = dict(pool.imap_unordered(_plain_text_task, pages.items(), chunksize=4))
            site_learning_report(pool, "text", plain, truth)
        if "pages" in parts and READABILITY_PAGES.is_dir():
            readability_pages_report(pool, args.limit, args.verbose)
    print(f"\n(total {time.perf_counter() - started:.0f} s with {min(2, args.processes)} processes; "
          f"pages/s is single-process throughput: pages / summed extraction time, CPU or wall; "
          f"load average {', '.join(f'{load:.1f}' for load in os.getloadavg())})")


if __name__ == "__main__":
    main()

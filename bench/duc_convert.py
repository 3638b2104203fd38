"""Convert the DUC 2006/2007 newswire document sets into labeled JSON Lines for the clustering bench.

Reads the bare git mirror of gsandeep1241/TextSummarizer (fetch it first) and writes one line per
document: {"id", "title", "text", "published", "source", "event"}, where "event" is the DUC set.

    uv run python bench/duc_convert.py --year 2006 --out bench/data/duc2006.jsonl
    uv run python bench/duc_convert.py --year 2007 --out bench/data/duc2007.jsonl

The data stays in bench/data/ (git-ignored); never commit it.
"""

import argparse
import html
import json
import re
import subprocess
import sys
from pathlib import Path

DEFAULT_MIRROR = Path("/work/.mirror/gsandeep1241+TextSummarizer/repo")
SET_FOLDERS = {
    "2006": "DUC_data/DUC2006/duc2006_docs/",
    "2007": "DUC_data/DUC2007/duc2007_testdocs/main/",
}
SOURCES = {"APW": "Associated Press", "NYT": "New York Times", "XIE": "Xinhua"}

DOCNO = re.compile(r"<DOCNO>\s*(.*?)\s*</DOCNO>", re.S)
DATE_TIME = re.compile(r"<DATE_TIME>\s*(\d{4}-\d{2}-\d{2})", re.S)
HEADLINE = re.compile(r"<HEADLINE>\s*(.*?)\s*</HEADLINE>", re.S)
TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
PARAGRAPH = re.compile(r"<P>(.*?)</P>", re.S)
TAG = re.compile(r"<[^>]+>")


def git(mirror: Path, *args: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={mirror}", *args], check=True, capture_output=True, text=True, errors="replace"
    ).stdout


def squash(text: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", text)).replace("``", '"').replace("''", '"').split())


def parse_document(raw: str) -> dict | None:
    docno = DOCNO.search(raw)
    body = TEXT.search(raw)
    if not docno or not body:
        return None
    paragraphs = [squash(p) for p in PARAGRAPH.findall(body.group(1))] or [squash(body.group(1))]
    headline = HEADLINE.search(raw)
    title = squash(headline.group(1)) if headline else ""
    if title.isupper():
        title = title.capitalize()  # NYT headlines are all capitals; keep them from reading as names
    identifier = docno.group(1)
    # The DOCNO always carries the date (APW19980630.0763); some DATE_TIME fields swap day and month.
    digits = re.search(r"(\d{4})(\d{2})(\d{2})", identifier)
    if digits:
        date = f"{digits[1]}-{digits[2]}-{digits[3]}"
    else:
        stamp = DATE_TIME.search(raw)
        date = stamp.group(1) if stamp else None
    return {
        "id": identifier,
        "title": title,
        "text": "\n\n".join(p for p in paragraphs if p),
        "published": date,
        "source": SOURCES.get(identifier[:3], identifier[:3]),
    }


def convert(mirror: Path, year: str) -> list[dict]:
    folder = SET_FOLDERS[year]
    paths = [p for p in git(mirror, "ls-tree", "-r", "--name-only", "HEAD", folder).splitlines() if p]
    documents = []
    sets_of: dict[str, set[str]] = {}
    for path in sorted(paths):
        parts = path[len(folder) :].split("/")
        if len(parts) != 2 or parts[1].startswith("_") or parts[1].startswith("."):
            continue
        document = parse_document(git(mirror, "show", f"HEAD:{path}"))
        if document:
            document["event"] = f"DUC{year}-{parts[0]}"
            documents.append(document)
            sets_of.setdefault(document["id"], set()).add(document["event"])
    # A few documents sit in two or three sets (global warming ones in 2006): their event is ambiguous, drop them.
    ambiguous = {docno for docno, events in sets_of.items() if len(events) > 1}
    if ambiguous:
        print(f"dropped {len(ambiguous)} documents found in several sets", file=sys.stderr)
    return [d for d in documents if d["id"] not in ambiguous]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", choices=sorted(SET_FOLDERS), required=True)
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if not args.mirror.exists():
        sys.exit(f"no mirror at {args.mirror}: fetch github:gsandeep1241/TextSummarizer first")
    documents = convert(args.mirror, args.year)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
    events = len({d["event"] for d in documents})
    print(f"{len(documents)} documents in {events} sets -> {args.out}")


if __name__ == "__main__":
    main()

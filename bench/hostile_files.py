"""Hostile and broken files through the reader: size, time and outcome of each, as a table.

    uv run python bench/hostile_files.py            # the reader core (extract_article), in this process
    uv run python bench/hostile_files.py --quick    # smaller versions of each file

The inputs are generated here (nothing to download); they are the shapes that make parsers and
sanitizers slow or lossy: deep nesting, nested inline tags (quadratic in HTML5 tree builders such as bleach's), huge
attribute lists, megabytes of entities, compression bombs, broken encodings.
"""

import argparse
import gzip
import io
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsroom.reader.errors import ExtractionError  # noqa: E402
from newsroom.reader.extraction import extract_article  # noqa: E402

PROSE = (
    "The harbour authority said on Monday that the new sea wall would be finished before the winter "
    "storms, after two years of delays caused by a shortage of concrete and a dispute with the builder. "
)


def page(body: str, title: str = "Sea wall to be finished before winter") -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def paragraphs(count: int = 6) -> str:
    return "".join(f"<p>{PROSE} (Paragraph {n}.)</p>" for n in range(count))


def hostile_inputs(scale: float = 1.0) -> list[tuple[str, str, bytes]]:
    """(name, filename, bytes) for each hostile file; scale shrinks them for a quick run."""
    n = lambda count: max(10, int(count * scale))  # noqa: E731
    files = [
        ("100,000-level nested <div>", "deep-div.html", page(paragraphs() + "<div>" * n(100_000) + PROSE + "</div>" * n(100_000)).encode()),
        ("100,000 unclosed <b> (nested inline)", "inline.html", page(paragraphs() + "<b>x" * n(100_000) + PROSE).encode()),
        ("302 KB of nested inline tags <i><b><u>", "inline-302k.html", page(paragraphs() + "<i><b><u>a" * n(30_000)).encode()),
        ("50,000 attributes on one tag", "attributes.html", page("<p " + " ".join(f"a{i}='{i}'" for i in range(n(50_000))) + ">" + PROSE + "</p>" + paragraphs()).encode()),
        ("50,000 attributes over 5,000 tags", "attributes-many.html", page("".join("<span " + " ".join(f"a{i}=x" for i in range(10)) + ">w</span>" for _ in range(n(5_000))) + paragraphs()).encode()),
        ("5 MB of entities (&amp;)", "entities.html", page("<p>" + "&amp;" * n(1_000_000) + "</p>" + paragraphs()).encode()),
        ("2 MB of numeric entities (&#x41;)", "numeric-entities.html", page("<p>" + "&#x41;" * n(330_000) + "</p>" + paragraphs()).encode()),
        ("10 MB one-line text", "one-line.txt", (PROSE * n(50_000)).encode()),
        ("1,000,000 empty lines", "lines.txt", (PROSE + "\n" * n(1_000_000) + PROSE).encode()),
        ("60,000 table cells", "table.html", page("<table>" + "<tr>" + "<td>c</td>" * 300 + "</tr>" * 0 + "".join("<tr>" + "<td>c</td>" * 300 + "</tr>" for _ in range(n(200))) + "</table>" + paragraphs()).encode()),
        ("UTF-16 with BOM", "utf16.html", page(paragraphs()).encode("utf-16")),
        ("Windows-1252, no declaration", "cp1252.txt", ("Caf\u00e9 \u201cquotes\u201d \u2013 \u20ac3\n\n" + PROSE * 3).encode("cp1252")),
        ("wrong <meta charset=utf-8> on Latin-1", "wrong-meta.html", page("<p>Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e.</p>" + paragraphs()).replace("<head>", "<head><meta charset='utf-8'>").encode("latin-1")),
        ("invalid UTF-8 bytes throughout", "invalid.html", page(paragraphs()).encode() + b"\xff\xfe\xfa" * 2000),
        ("NUL bytes sprinkled", "nul.txt", (PROSE + "\x00") .encode() * 20),
        ("random binary", "random.html", bytes((i * 7919 + 13) % 256 for i in range(200_000))),
    ]
    return files


def bombs(limit: int = 20 * 1024 * 1024) -> list[tuple[str, str, bytes]]:
    """Compressed inputs for the import path: a gzip bomb and a deflate bomb (1 GB of zeros)."""
    raw = io.BytesIO()
    with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9) as out:
        chunk = b"\0" * (1 << 20)
        for _ in range(1024):
            out.write(chunk)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = b"".join(deflate.compress(b"<p>" + b"a" * (1 << 20)) for _ in range(1024)) + deflate.flush()
    return [("gzip bomb: 1 GB of zeros", "bomb.html.gz", raw.getvalue()), ("raw deflate bomb: 1 GB", "bomb.deflate", body)]


def run_reader(name: str, filename: str, data: bytes) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        article = extract_article(data, filename=filename)
        outcome = f"ready: {len(article.text.split())} words"
    except ExtractionError as error:
        outcome = f"failed ({error.code}): {error.reason[:70]}"
    return time.perf_counter() - start, outcome


def run_bomb(name: str, filename: str, data: bytes) -> tuple[float, str]:
    from newsroom.articles.compression import CompressedUploadRejected, decompress_upload

    start = time.perf_counter()
    try:
        encoding = "raw-deflate" if filename.endswith(".deflate") else "gzip"
        decompressed = decompress_upload(data, filename, limit=20 * 1024 * 1024, encoding=encoding)
        outcome = f"decompressed to {len(decompressed)} bytes"
    except CompressedUploadRejected as rejected:
        outcome = f"rejected: {rejected.reason[:70]}"
    return time.perf_counter() - start, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="files at a tenth of their size")
    arguments = parser.parse_args()
    rows = []
    for name, filename, data in hostile_inputs(0.1 if arguments.quick else 1.0):
        rows.append((name, len(data), *run_reader(name, filename, data)))
    for name, filename, data in bombs():
        rows.append((name, len(data), *run_bomb(name, filename, data)))
    print("| input | size | time | outcome |")
    print("|---|---:|---:|---|")
    for name, size, seconds, outcome in rows:
        print(f"| {name} | {size / 1024:,.0f} KB | {seconds:.2f} s | {outcome} |")


if __name__ == "__main__":
    main()

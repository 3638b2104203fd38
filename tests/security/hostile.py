"""Shared helpers for the hostile-input tests: the XSS corpus, article wrappers and the inertness check."""

import json
from pathlib import Path

import pytest
from bleach._vendor import html5lib  # the same parser algorithm browsers use (bleach vendors it)

SHARED_DIR = Path(__file__).resolve().parents[2].parent / "shared"
XSS_PAYLOADS = SHARED_DIR / "bench" / "xss" / "dompurify-payloads.json"

FORBIDDEN_ELEMENTS = frozenset({
    "script", "iframe", "object", "embed", "form", "base", "meta", "style", "svg", "math", "link",
    "frame", "frameset", "applet", "template", "noscript", "input", "button", "textarea", "select",
})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                            "srcset", "cite", "longdesc", "usemap", "ping", "lowsrc", "dynsrc"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")

PARAGRAPHS = [
    "The city council met on Tuesday evening to discuss the new budget for the coming year, "
    "which includes money for road repairs and two new libraries in the northern districts.",
    "Council members argued for nearly three hours about the cost of the library buildings, "
    "with several asking whether the old post office could be converted instead.",
    "The mayor said the plan would be put to a public consultation in the spring before any "
    "contracts are signed, and promised that residents would be able to comment online.",
    "Local business owners welcomed the road repairs, saying potholes on the high street had "
    "driven customers away during the winter months and damaged delivery vans.",
]


def load_payloads() -> list[dict]:
    if not XSS_PAYLOADS.is_file():
        pytest.skip(f"XSS corpus not found at {XSS_PAYLOADS} (../shared/bench/xss beside the project)")
    return json.loads(XSS_PAYLOADS.read_text(encoding="utf-8"))


def html_page(payloads: list[str], label: str) -> str:
    """A realistic article page with the payloads between real paragraphs (and in head and chrome)."""
    body = []
    for number, payload in enumerate(payloads):
        body.append(f"<p>{PARAGRAPHS[number % len(PARAGRAPHS)]} (Paragraph {number} of {label}.)</p>")
        body.append(payload)
    body.extend(f"<p>{text} ({label}, closing {index}.)</p>" for index, text in enumerate(PARAGRAPHS))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Council debates budget {label}</title>"
        "<meta property='og:site_name' content='The Daily Example'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Council debates budget {label}</h1><p class='byline'>By Ann Writer</p>"
        + "".join(body)
        + "</article><footer>Copyright The Daily Example</footer></body></html>"
    )


def text_article(payloads: list[str], label: str) -> str:
    """A plain-text scrape with the payloads as lines of its body."""
    lines = [f"Council debates budget {label}", ""]
    for number, payload in enumerate(payloads):
        lines += [f"{PARAGRAPHS[number % len(PARAGRAPHS)]} (Paragraph {number} of {label}.)", "", payload, ""]
    lines += [f"{text} ({label}, closing {index}.)\n" for index, text in enumerate(PARAGRAPHS)]
    return "\n".join(lines)


def inertness_problems(html: str) -> list[str]:
    """Everything in `html` that could run or load something in a browser, as readable strings."""
    problems = []
    tree = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}> element")
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower() if isinstance(name, str) else str(name)
            if name.startswith("on"):
                problems.append(f"{name} attribute on <{tag}>")
            if name == "style":
                problems.append(f"style attribute on <{tag}>")
            if name in URL_ATTRIBUTES:
                squeezed = "".join(ch for ch in value if ch > " ").lower()
                if squeezed.startswith(BAD_SCHEMES):
                    problems.append(f"{name}={value[:40]!r} on <{tag}>")
    return problems

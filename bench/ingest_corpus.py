"""The ingest benchmark's corpus: real news pages (the extraction benchmark's markup) telling recombined events.

Each article is one of the extraction benchmark's pages whose body paragraphs are replaced by
paragraphs of one "event"; `Corpus.plan` draws every random choice in order (cheap), `render` builds
the page from a plan, so a process can render only the articles it needs and still get the same corpus.
"""

import gzip
import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGES = SHARED / "bench/article-extraction-benchmark/html"
TRUTH = SHARED / "bench/article-extraction-benchmark/ground-truth.json"
SOURCES = [
    "City Herald", "Harbour Post", "Valley Times", "Morning Wire", "Coast Courier", "The Ledger", "Daily Signal",
    "Northern Star", "Capital Report", "Metro Bulletin", "Evening Standard Online", "Riverside Gazette",
    "Tech Dispatch", "Market Watchers", "World Desk", "Pacific Review", "Highland News", "Union Tribune Digital",
    "The Observer Wire", "Continental Press",
]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if len(p.split()) >= 12]


def topics() -> list[list[str]]:
    """Each benchmark article's and each seed's own paragraphs: one topic each."""
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    found = [_paragraphs(row["articleBody"]) for row in truth.values()]
    found += [_paragraphs(path.read_text(encoding="utf-8")) for path in sorted((SHARED / "seeds").glob("*.txt"))]
    return [paragraphs for paragraphs in found if len(paragraphs) >= 4]


def templates() -> list[str]:
    """The benchmark's pages (real markup) that have at least 3 body paragraphs to replace."""
    import lxml.html

    kept = []
    for path in sorted(PAGES.glob("*.html.gz")):
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        try:
            document = lxml.html.document_fromstring(html)
        except Exception:
            continue
        if sum(1 for p in document.iter("p") if len(p.text_content().split()) >= 12) >= 3:
            kept.append(html)
    return kept


@dataclass(frozen=True)
class Plan:
    """Everything random about one article; `render` turns it into the uploaded page."""

    number: int
    body: tuple[str, ...]
    headline: str
    template: int
    source: str
    published: datetime


class Corpus:
    def __init__(self, seed: int = 1):
        self.random = random.Random(seed)
        self.topics = topics()
        self.templates = templates()
        self.start = datetime(2023, 1, 1, tzinfo=UTC)
        self.events: list[tuple[int, datetime]] = []

    def plan(self, number: int) -> Plan:
        """The next article's choices (about 5 articles per event, a fifth of paragraphs from elsewhere)."""
        if not self.events or self.random.random() < 0.2:
            self.events.append((self.random.randrange(len(self.topics)),
                                self.start + timedelta(days=self.random.uniform(0, 3 * 365))))
        topic, day = self.events[-1] if self.random.random() < 0.3 else self.random.choice(self.events[-40:])
        own = self.topics[topic]
        body = self.random.sample(own, min(len(own), self.random.randint(4, 9)))
        for _ in range(self.random.randint(0, 2)):  # a fifth or so from elsewhere: background, other news
            body.insert(self.random.randint(1, len(body)), self.random.choice(self.random.choice(self.topics)))
        headline = " ".join(body[0].split()[: self.random.randint(7, 12)]).rstrip(",;:.")
        template = self._template_index()
        published = day + timedelta(hours=self.random.uniform(-36, 72))
        return Plan(number, tuple(body), headline, template, self.random.choice(SOURCES), published)

    def _template_index(self) -> int:
        # random.choice(seq) draws seq[_randbelow(len(seq))]; drawing the index the same way keeps the
        # corpus identical to the one earlier runs measured.
        return self.random._randbelow(len(self.templates))

    def render(self, plan: Plan) -> str:
        """The page: the template's body paragraphs replaced by the plan's, its title and h1 by the headline."""
        import lxml.html

        document = lxml.html.document_fromstring(self.templates[plan.template])
        body = list(plan.body)
        slots = [p for p in document.iter("p") if len(p.text_content().split()) >= 12]
        for slot, paragraph in zip(slots, body):
            for child in list(slot):
                slot.remove(child)
            slot.text = paragraph
        for slot in slots[len(body):]:
            slot.getparent().remove(slot)
        last = slots[min(len(slots), len(body)) - 1]
        for paragraph in reversed(body[len(slots):]):
            extra = lxml.html.Element("p")
            extra.text = paragraph
            last.addnext(extra)
        for element in list(document.iter("title", "h1"))[:2]:
            for child in list(element):
                element.remove(child)
            element.text = plan.headline
        return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>") + f"\n<!-- {plan.number} -->"

    def article(self, number: int) -> dict:
        plan = self.plan(number)
        return {"html": self.render(plan), "source": plan.source, "published": plan.published}

"""What one article says about its event: weighted terms, names, amounts, years and a date.

Computed once per article at upload time and stored as JSON; no Django here.
"""

import math
import re
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date

STOPWORDS = frozenset(
    """
    a about above after again against all also although am an and any are aren't as at be because been
    before being below between both but by can cannot could did do does doing down during each either
    else even ever every few for from further had has have having he her here hers herself him himself
    his how however i if in into is it its itself just last least less let like made make many may me
    might more most much must my myself near new next no nor not now of off often on once one only or
    other our ours ourselves out over own per perhaps put rather said same say says see seen she should
    since so some still such than that the their theirs them themselves then there these they this
    those though through thus to too two under until up upon us very was we well were what when where
    whether which while who whom whose why will with within without would yet you your yours yourself
    get got told tell according also around back come came going went take took want year years day
    days week weeks month months today yesterday tomorrow monday tuesday wednesday thursday friday
    saturday sunday mr mrs ms dr inc ltd co corp percent three four five six seven eight nine ten first
    second third time times people including among told asked called'
    """.split()
)
MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
# Words that start sentences or headlines in capitals without naming anyone.
NOT_NAMES = STOPWORDS | set(MONTHS) | {"but", "the", "a", "an", "in", "on", "at", "it", "he", "she", "they"}
NAME_JOINERS = {"of", "de", "la", "van", "von", "del", "da", "bin", "al", "le", "du"}

WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’.-][A-Za-z0-9]+)*")
SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”(]\s*|\n\s*)$")
YEAR = re.compile(r"(?<![\d$.,])(19[5-9]\d|20[0-4]\d)(?![\d,])")
FULL_DATE = re.compile(
    r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{1,2}),?\s+(19[5-9]\d|20[0-4]\d)\b",
    re.I,
)
MONEY = re.compile(
    r"(?P<currency>\$|US\$|€|£)\s?(?P<number>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>trillion|billion|million|bn|mn|m|b)?\b"
    r"|(?P<number2>\d[\d,]*(?:\.\d+)?)\s?(?P<scale2>trillion|billion|million)\s(?P<currency2>dollars|yuan|euros|pounds|yen)",
    re.I,
)
MULTI_AMOUNT = re.compile(r"\bmulti-?\s?(billion|million)(?:[- ]dollar)?", re.I)
SCALES = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6}
CURRENCIES = {"$": "usd", "us$": "usd", "dollars": "usd", "€": "eur", "euros": "eur", "£": "gbp",
              "pounds": "gbp", "yuan": "cny", "yen": "jpy"}

# Fingerprint: 24 min-hashes of word 4-shingles; two articles agreeing on most of them are the same copy.
FINGERPRINT_SIZE = 24
MAX_TERMS = 120  # a story profile only needs an article's strongest terms; keeps stored JSON small
MAX_INDEX_TERMS = 15  # 15: with 10, 76 of 1139 DUC 2006 articles found no story of their set among the candidates
TITLE_BOOST = 1  # extra occurrences for each headline word
IDF_FLOOR = 1.0  # added to log(N/df) so words every article uses still count a little
ENTITY_WEIGHT = 0.5  # a name's own key, on top of its words; 0.5 beat 0, 1 and 2 on DUC 2006
MAX_INDEX_ENTITIES = 8
# Amounts count only from the headline and the first 80 words: later figures are background and context.
LEAD_WORDS = 80
HEADLINE_CHARACTERS = 200  # longer lines are paragraphs, never Title Case headlines
_SEEDS = [(0x9E3779B1 * (i + 1)) & 0xFFFFFFFF for i in range(FINGERPRINT_SIZE)]


@dataclass(frozen=True)
class EventFeatures:
    """Evidence about an article's event, weighted once; entity weights live in `terms` under "e:name"."""

    terms: dict[str, float]
    entities: frozenset[str]
    amounts: frozenset[str]
    years: frozenset[int]
    published: date | None
    date_inferred: bool = False
    fingerprint: tuple[int, ...] = field(default=())

    def to_dict(self) -> dict:
        return {
            "terms": self.terms,
            "entities": sorted(self.entities),
            "amounts": sorted(self.amounts),
            "years": sorted(self.years),
            "published": self.published.isoformat() if self.published else None,
            "date_inferred": self.date_inferred,
            "fingerprint": list(self.fingerprint),
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> "EventFeatures":
        published = data.get("published")
        return cls(
            terms=dict(data["terms"]),
            entities=frozenset(data["entities"]),
            amounts=frozenset(data["amounts"]),
            years=frozenset(data["years"]),
            published=date.fromisoformat(published) if published else None,
            date_inferred=bool(data.get("date_inferred", False)),
            fingerprint=tuple(data.get("fingerprint", ())),
        )

    @property
    def not_before(self) -> date | None:
        """Earliest the article can have been written: its date, else January 1 of the latest year it names."""
        if self.published:
            return self.published
        return date(max(self.years), 1, 1) if self.years else None


def stem(word: str) -> str:
    """A light plural stemmer: enough to meet 'investments' with 'investment' without mangling names."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str, tokens: list[str] | None = None) -> list[str]:
    """The text's content words in order; `tokens`: its WORD tokens, when the caller has them already."""
    forms = _CONTENT_FORMS
    words = []
    for token in WORD.findall(text) if tokens is None else tokens:
        word = forms.get(token)
        if word is None:
            word = _content_form(token)
            if len(forms) < CONTENT_FORMS_KEPT:
                forms[token] = word
        if word:
            words.append(word)
    return words


def _content_form(token: str) -> str:
    """The word a token counts as ("" when it is not a content word: short, a stopword, a number)."""
    word = token.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "").replace(".", "")
    if len(word) < 3 or word in STOPWORDS or word.isdigit():
        return ""
    return stem(word)


# Token -> content word, for the tokens met so far: news reuses its vocabulary, so most of an article's tokens
# were normalized before (lower case, apostrophes, stopwords, stem), and a dict look-up is cheaper than that.
# Bounded so a worker's memory stays flat (tokens of a long-lived process: mostly the same few hundred thousand).
_CONTENT_FORMS: dict[str, str] = {}
CONTENT_FORMS_KEPT = 500_000


def named_entities(text: str, tokens: list[str] | None = None) -> Counter:
    """Runs of capitalized words ("Satya Nadella", "Microsoft Azure"). At a sentence start a capitalized word
    counts only if the text never writes it in lower case ("Microsoft" yes, "Officials" no). `tokens`: the text's
    WORD tokens, when the caller has them already."""
    # A lower-cased word starts in lower case, so it is one of the text's tokens written in lower case exactly when
    # it is one of its tokens at all: the set of tokens answers without testing each one's first letter.
    words = set(WORD.findall(text) if tokens is None else tokens)

    def ordinary(word: str) -> bool:
        plain = word.lower()
        return plain in NOT_NAMES or plain in words or (plain.endswith("ly") and len(plain) > 5)

    found: Counter = Counter()
    kinds = _NAME_KINDS
    for line in text.splitlines():
        if not line or headline_case(line):
            continue  # capitals there mark the style, not names; the names it holds come again in the text
        line_tokens = WORD.findall(line)
        # One letter per token (_name_kind), looked up in C; a run is a name word followed by name words and
        # joiners, so the runs are the matches of NAME_RUN in that string, found without a Python step per word.
        codes = list(map(kinds.get, line_tokens))
        if None in codes:
            for position, code in enumerate(codes):
                if code is None:
                    token = line_tokens[position]
                    codes[position] = code = _name_kind(token)
                    if len(kinds) < CONTENT_FORMS_KEPT:
                        kinds[token] = code
        for run_match in NAME_RUN.finditer("".join(codes)):
            run = line_tokens[run_match.start() : run_match.end()]
            if ordinary(run[0]) and _at_sentence_start(line, run_match.start()):
                run.pop(0)
            while run and run[-1].lower() in NAME_JOINERS:
                run.pop()
            name = " ".join(run).lower().replace("’", "'").removesuffix("'s") if run else ""
            if len(name) > 2:
                found[name] += 1
    return found


def _name_kind(token: str) -> str:
    """"n" for a word that starts or continues a name (capitalized, not a common word), "j" for a joiner that only
    continues one ("van", "de"), "o" for any other word, which ends a name."""
    if token[0].isupper() and token.lower() not in NOT_NAMES:
        return "n"
    return "j" if token.lower() in NAME_JOINERS else "o"


NAME_RUN = re.compile("n[nj]*")
# Token -> _name_kind, for the tokens met so far (as _CONTENT_FORMS, and bounded the same way).
_NAME_KINDS: dict[str, str] = {}


def _at_sentence_start(line: str, token_index: int) -> bool:
    """Whether the line's token number `token_index` starts a sentence (SENTENCE_START before it). Asked only for
    a run whose first word is an ordinary word (rare), so its position is found only then."""
    for index, match in enumerate(WORD.finditer(line)):
        if index == token_index:
            return SENTENCE_START.search(line[: match.start()]) is not None
    raise ValueError(f"the line has no token {token_index}")


def headline_case(line: str) -> bool:
    """An all-capitals line (a dateline) or a Title Case line (most headlines of AP and Xinhua): every word of it
    looks like a name. Title Case needs three long words, all but one in five capitalized: a sentence is not."""
    letters, capitals = _letters_and_capitals(line)
    if letters and capitals > 0.6 * letters:
        return True
    if len(line) > HEADLINE_CHARACTERS:
        return False  # a paragraph: spares a second pass over every line of the text
    long_words = [w for w in WORD.findall(line) if len(w) > 3]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _letters_and_capitals(line: str) -> tuple[int, int]:
    """How many letters the line has, and how many of them are capitals."""
    if line.isascii():
        # Deleting bytes is done in C: a Python test per character was most of headline_case, run on every line.
        raw = line.encode()
        return len(raw.translate(None, _NOT_ASCII_LETTERS)), len(raw.translate(None, _NOT_ASCII_CAPITALS))
    letters = [c for c in line if c.isalpha()]
    return len(letters), sum(c.isupper() for c in letters)


_NOT_ASCII_LETTERS = bytes(b for b in range(256) if not chr(b).isalpha() or b > 127)
_NOT_ASCII_CAPITALS = bytes(b for b in range(256) if not chr(b).isupper() or b > 127)


def money_amounts(text: str) -> frozenset[str]:
    """Amounts of money as "usd:1e9"; "multibillion-dollar" becomes "usd:multi1e9" (several billions)."""
    amounts = set()
    for match in MONEY.finditer(text):
        raw = (match["number"] or match["number2"]).replace(",", "")
        scale = (match["scale"] or match["scale2"] or "").lower()
        currency = CURRENCIES.get((match["currency"] or match["currency2"] or "").lower(), "usd")
        try:
            value = float(raw) * SCALES.get(scale, 1.0)
        except ValueError:
            continue
        if value < 1e5:  # prices and small sums say little about which event this is
            continue
        exponent = math.floor(math.log10(value))
        mantissa = round(value / 10**exponent, 1)
        amounts.add(f"{currency}:{mantissa:g}e{exponent}")
    for match in MULTI_AMOUNT.finditer(text):
        amounts.add(f"usd:multi1e{9 if match[1].lower() == 'billion' else 6}")
    return frozenset(amounts)


def lead(title: str, text: str, words: int = LEAD_WORDS) -> str:
    """The headline and the opening words, where news states the figures that define its event."""
    opening = text.split()
    return f"{title}\n\n{' '.join(opening[:words])}"


def years_mentioned(text: str) -> frozenset[int]:
    return frozenset(int(y) for y in YEAR.findall(text))


def latest_full_date(text: str) -> date | None:
    dates = []
    for month, day, year in FULL_DATE.findall(text):
        try:
            dates.append(date(int(year), MONTHS[month.lower()], int(day)))
        except ValueError:
            continue
    return max(dates) if dates else None


def fingerprint(words: list[str]) -> tuple[int, ...]:
    """Per seed, the least (hashed shingle XOR seed) of the article's word 4-shingles."""
    if len(words) < 4:
        shingles = {zlib.crc32(" ".join(words).encode())}
    else:
        shingles = {zlib.crc32(s.encode()) for s in map(" ".join, zip(words, words[1:], words[2:], words[3:]))}
    # (s·K ^ seed) & M is (s·K & M) ^ seed (the seeds fit in 32 bits): each shingle is hashed once, not per seed.
    hashed = sorted({(s * 0x5BD1E995) & 0xFFFFFFFF for s in shingles})
    return tuple(_least_xor(hashed, seed) for seed in _SEEDS)


def _least_xor(ordered: list[int], seed: int) -> int:
    """min(h ^ seed for h in ordered), for distinct sorted 32-bit values, found bit by bit from the top.

    The values sharing the bits chosen so far are a run of the sorted list, split by one bisection per bit,
    and the side agreeing with the seed's bit gives the smaller XOR: a dozen bisections instead of a
    comparison per shingle (a few hundred per article), which made the fingerprint half of event_features."""
    lo, hi, prefix, bit = 0, len(ordered), 0, 1 << 31
    while hi - lo > 1:
        split = bisect_left(ordered, prefix | bit, lo, hi)
        if split == lo:  # every value left has this bit
            prefix |= bit
        elif split < hi:  # both sides hold values: keep the one matching the seed
            if seed & bit:
                lo, prefix = split, prefix | bit
            else:
                hi = split
        bit >>= 1
    return ordered[lo] ^ seed


def event_features(
    title: str,
    text: str,
    published: date | None,
    *,
    document_frequencies: Callable[[Collection[str]], Mapping[str, int]] | None = None,
    documents: int = 0,
    documents_key: str | None = None,
) -> EventFeatures:
    """Features of one article. `document_frequencies(keys)` returns how many earlier articles had each
    key (words and "e:" entities, see `frequency_keys`) out of `documents`; without it every word weighs the same.
    With `documents_key`, `documents` is looked up with the keys instead, as that key's entry (one look-up
    for both, where each look-up is a database round trip)."""
    body = f"{title}\n\n{text}"
    tokens = WORD.findall(body)  # read once for the words and the names
    words = content_words(body, tokens)
    counts = Counter(words)
    for word in content_words(title):
        counts[word] += TITLE_BOOST  # the headline names the event
    entities = named_entities(body, tokens)
    counts.update({f"e:{name}": n for name, n in entities.items()})
    frequencies = {}
    if document_frequencies and documents_key:
        frequencies = dict(document_frequencies({*counts, documents_key}))
        documents = frequencies.pop(documents_key, 0)
    elif document_frequencies:
        frequencies = document_frequencies(set(counts))
    weights = {}
    for key, n in counts.items():
        idf = math.log((documents + 1) / (frequencies.get(key, 0) + 1)) + IDF_FLOOR if documents else 1.0
        weights[key] = (1.0 + math.log(n)) * idf * (ENTITY_WEIGHT if key.startswith("e:") else 1.0)
    strongest = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
    norm = math.sqrt(sum(w * w for _, w in strongest)) or 1.0
    inferred = None if published else latest_full_date(text)
    return EventFeatures(
        terms={k: round(w / norm, 5) for k, w in strongest},
        entities=frozenset(entities),
        amounts=money_amounts(lead(title, text)),
        years=years_mentioned(body),
        published=published or inferred,
        date_inferred=inferred is not None,
        fingerprint=fingerprint(words),
    )


def frequency_keys(title: str, text: str) -> set[str]:
    """Every distinct word and "e:" entity of an article: the caller adds one to each key's document frequency."""
    body = f"{title}\n\n{text}"
    return set(content_words(body)) | {f"e:{name}" for name in named_entities(body)}


def index_keys(features: EventFeatures) -> set[str]:
    """At most 8 entities, 15 terms and the amounts: the rarest evidence, looked up to find candidate stories."""
    ranked = sorted(features.terms.items(), key=lambda kv: (-kv[1], kv[0]))
    entities = [k for k, _ in ranked if k.startswith("e:")][:MAX_INDEX_ENTITIES]
    terms = [f"t:{k}" for k, _ in ranked if not k.startswith("e:")][:MAX_INDEX_TERMS]
    amounts = [f"a:{a}" for a in sorted(features.amounts)][:6]
    return set(entities) | set(terms) | set(amounts)

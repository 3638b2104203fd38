"""Tell whether two quotes are the same statement, however re-spelled, cut or translated.

Texts are reduced to normalized, stemmed content words with their offsets; index keys are shingles
of those words, and alignment is a word-level local alignment that maps back to character offsets.
"""

import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_STOPWORDS = set("""
a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself just
let me more most my myself no nor not now of off on once only or other ought our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves s t d ll m re ve don didn doesn isn wasn
weren won wouldn shouldn couldn hasn haven hadn aren ain mr mrs ms us may might must shall said says
say told tell one also well even much many like get got make made way
""".split())

# British spellings that a suffix rule does not catch, mapped to the American ones.
_SPELLINGS = {
    "centre": "center", "centres": "centers", "theatre": "theater", "metre": "meter",
    "programme": "program", "programmes": "programs", "catalogue": "catalog", "dialogue": "dialog",
    "defence": "defense", "offence": "offense", "licence": "license", "practise": "practice",
    "analyse": "analyze", "analysed": "analyzed", "analysing": "analyzing", "travelled": "traveled",
    "travelling": "traveling", "cancelled": "canceled", "labelled": "labeled", "modelling": "modeling",
    "modelled": "modeled", "fulfil": "fulfill", "enrol": "enroll", "grey": "gray", "tyre": "tire",
    "aluminium": "aluminum", "judgement": "judgment", "ageing": "aging", "cheque": "check",
}
_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
    "thousand": "1000", "million": "1000000", "billion": "1000000000", "trillion": "1000000000000",
    "bn": "1000000000", "m": "1000000", "k": "1000", "percent": "%", "per cent": "%",
}
_PREFIXES = ("multi", "non", "cross", "anti")

_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def _fold(text: str) -> str:
    """Unicode compatibility form, lower case, accents dropped; same length is not kept."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _stem(word: str) -> str:
    """A light, symmetric English stemmer: enough to unify advance/advancing, model/models."""
    if word in _SPELLINGS:
        word = _SPELLINGS[word]
    if word.isdigit() or len(word) <= 3:
        return word
    # British -ise/-isation and -our to American -ize/-ization and -or.
    word = re.sub(r"is(e|es|ed|ing|ation|ations|er|ers)$", r"iz\1", word) if len(word) > 5 else word
    word = re.sub(r"our(s|ed|ing|able|ite|ites|ful)?$", r"or\1", word) if len(word) > 5 else word
    for suffix, repl in (("ational", "ate"), ("ization", "ize"), ("izations", "ize"), ("fulness", "ful"),
                         ("iveness", "ive"), ("ousness", "ous"), ("ities", "ity"), ("ically", "ic")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    elif word.endswith("es") and len(word) > 4 and word[-3] in "sxz":
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for suffix in ("ly", "al", "ment", "ness", "e", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    # Doubled final consonants left by -ing/-ed ("planning" -> "plann" -> "plan").
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


_TOKEN = re.compile(r"\$?\d[\d,.]*\d(?:\s?(?:bn|m|k)\b)?|\$?\d|[^\W_]+(?:[’'][^\W_]+)*")
# Distinct raw tokens kept normalized: a news vocabulary with names and numbers stays well under
# this (the 1k-article quotes_scale corpus with the seeds and the extraction benchmark texts has
# about 23k), and an entry is a few hundred bytes.
_TOKEN_CACHE = 1 << 16


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """All words (stopwords included), normalized and stemmed, with their character offsets."""
    out: list[tuple[str, int, int]] = []
    append = out.append
    for match in _TOKEN.finditer(text):
        start = match.start()
        for word, head, tail in _token_words(match.group()):
            append((word, start + head, start + tail))
    return out


@lru_cache(maxsize=_TOKEN_CACHE)
def _token_words(raw: str) -> tuple[tuple[str, int, int], ...]:
    """The normalized words of one raw token, with offsets relative to the token.

    A token's words depend on the token alone, and articles repeat their vocabulary, so this is
    cached: tokenizing every partner text of a new article costs a dictionary look-up per word.
    """
    end = len(raw)
    if raw[0].isdigit() or raw[0] == "$":
        number = re.sub(r"[^\d.]", "", raw).rstrip(".")
        number = number.replace(".", "") if re.fullmatch(r"\d+(\.\d{3})+", number) else number
        tail = re.search(r"(bn|m|k)$", raw)
        if tail:
            return (number, 0, end), (_NUMBER_WORDS[tail.group(1)], 0, end)
        return ((number, 0, end),)
    word = _fold(raw).replace("’", "'")
    if "'" in word:
        head, _, tail = word.partition("'")
        if tail in ("s", "ve", "re", "ll", "d", "m", "t"):
            word = head if tail == "s" else head + tail
        else:
            word = word.replace("'", "")
    if word in _NUMBER_WORDS:
        return ((_NUMBER_WORDS[word], 0, end),)
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4 and word != prefix:
            rest = word[len(prefix):]
            return (prefix, 0, len(prefix)), (_NUMBER_WORDS.get(rest, rest), len(prefix), end)
    return ((_NUMBER_WORDS.get(word, word), 0, end),)


def content_words(text: str) -> list[tuple[str, int, int]]:
    """Normalized, stemmed content words with their character offsets in text.

    Case, curly and straight marks, British -ise/-our spellings, hyphenation ("multi-year",
    "multiyear" and "multi year" all give "multi", "year") and spelled-out numbers are unified;
    stopwords are dropped.
    """
    out: list[tuple[str, int, int]] = []
    append = out.append
    # findall and str.find rather than finditer: a match object per token cost more than the
    # look-up. A token starts at the first place its text occurs after the previous token ends:
    # nothing between two tokens can start a match, and any occurrence of a token would.
    find, position = text.find, 0
    for raw in _TOKEN.findall(text):
        start = find(raw, position)
        position = start + len(raw)
        pieces = _token_content_words(raw)
        if pieces:  # most tokens are stopwords: no offsets to compute
            for stem, head, tail in pieces:
                append((stem, start + head, start + tail))
    return out


@lru_cache(maxsize=_TOKEN_CACHE)
def _token_content_words(raw: str) -> tuple[tuple[str, int, int], ...]:
    """`_token_words` without stopwords, stemmed; cached for the same reason."""
    return tuple((_stem(word), head, tail) for word, head, tail in _token_words(raw)
                 if word not in _STOPWORDS and word not in _PREFIXES)


# --- index keys ---------------------------------------------------------------------------------

_SHINGLE = 3
# A quote needs this many content words to be worth indexing: "shared ambition" or "AI alignment"
# would link every article that uses the phrase.
MIN_KEY_WORDS = 4


def index_keys(text: str) -> set[str]:
    """Keys for an inverted index: hashed 3-word shingles of the text's content words.

    Two occurrences of one statement share keys however they were re-spelled; a translated
    paraphrase usually keeps some three-word runs. Texts under four content words have no keys.
    """
    # The words alone, without offsets: findall spares a match object per token.
    words = [word for raw in _TOKEN.findall(text) for word, _, _ in _token_content_words(raw)]
    if len(words) < MIN_KEY_WORDS:
        return set()
    keys = set()
    for i in range(len(words) - _SHINGLE + 1):
        shingle = " ".join(words[i:i + _SHINGLE])
        keys.add(hashlib.blake2b(shingle.encode(), digest_size=8).hexdigest())
    return keys


# --- alignment ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Alignment:
    """The aligned region of two texts: a[a_start:a_end] corresponds to b[b_start:b_end]."""

    score: float
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    kind: str  # "verbatim", "fragment" or "paraphrase"


def _local_alignment(x: list[str], y: list[str]) -> tuple[int, int, int, int, int, float]:
    """Smith-Waterman on words: (x_first, x_last, y_first, y_last, matches, score) of the best run."""
    match_score, mismatch, gap = 2.0, -1.0, -1.0
    best = (0.0, -1, -1)
    rows = len(x) + 1
    cols = len(y) + 1
    h = [[0.0] * cols for _ in range(rows)]
    for i in range(1, rows):
        xi = x[i - 1]
        hi, hprev = h[i], h[i - 1]
        for j in range(1, cols):
            diag = hprev[j - 1] + (match_score if xi == y[j - 1] else mismatch)
            value = max(0.0, diag, hprev[j] + gap, hi[j - 1] + gap)
            hi[j] = value
            if value > best[0]:
                best = (value, i, j)
    score, i, j = best
    if score <= 0:
        return -1, -1, -1, -1, 0, 0.0
    matches = 0
    last_i, last_j = i - 1, j - 1
    first_i, first_j = last_i, last_j
    while i > 0 and j > 0 and h[i][j] > 0:
        if x[i - 1] == y[j - 1] and h[i][j] == h[i - 1][j - 1] + match_score:
            matches += 1
            first_i, first_j = i - 1, j - 1
            i, j = i - 1, j - 1
        elif h[i][j] == h[i - 1][j - 1] + mismatch:
            i, j = i - 1, j - 1
        elif h[i][j] == h[i - 1][j] + gap:
            i -= 1
        else:
            j -= 1
    return first_i, last_i, first_j, last_j, matches, score


def _bigrams(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:]))


# Thresholds set on the seed statements (Nadella 2023 in four versions vs his 2019 quote) and on
# hand-made re-spellings in the tests; they were not tuned on any benchmark.
_FRAGMENT_MIN_WORDS = 4      # content words a fragment needs before it can link to anything
_FRAGMENT_COVERAGE = 0.8     # share of the fragment's words found in order in the longer quote
_VERBATIM_COVERAGE = 0.9     # share of both texts' words aligned
_PARAPHRASE_MIN_MATCHES = 8  # aligned words a paraphrase needs
_PARAPHRASE_COVERAGE = 0.55  # share of the shorter text's words aligned
_PARAPHRASE_BIGRAMS = 0.25   # share of the shorter text's word pairs that recur in the other


def align_quotes(a: str, b: str) -> Alignment | None:
    """Align two quotes; None when they are not the same statement.

    "verbatim": the same words (after normalization); "fragment": the shorter one (at least four
    content words) lies inside the longer one; "paraphrase": a re-worded or translated version
    that keeps most content words in order. Offsets give the aligned region in each input.
    """
    wa, wb = content_words(a), content_words(b)
    if len(wa) < _FRAGMENT_MIN_WORDS or len(wb) < _FRAGMENT_MIN_WORDS:
        return None
    xa, xb = [w for w, _, _ in wa], [w for w, _, _ in wb]
    fa, la, fb, lb, matches, _ = _local_alignment(xa, xb)
    if matches == 0:
        return None
    shorter = min(len(xa), len(xb))
    longer = max(len(xa), len(xb))
    coverage_short = matches / shorter
    region = Alignment(0.0, wa[fa][1], wa[la][2], wb[fb][1], wb[lb][2], "")
    span_a, span_b = la - fa + 1, lb - fb + 1
    density = matches / max(span_a, span_b)
    # Re-worded text (a translation) can keep the content words; the function words show it.
    same_wording = _wording_similarity(a[region.a_start:region.a_end], b[region.b_start:region.b_end]) >= 0.9
    if matches / longer >= _VERBATIM_COVERAGE and density >= 0.9:
        return _with(region, matches / longer, "verbatim" if same_wording else "paraphrase")
    if coverage_short >= _FRAGMENT_COVERAGE and density >= 0.75:
        return _with(region, coverage_short, "fragment" if same_wording else "paraphrase")
    shared_pairs = len(_bigrams(xa) & _bigrams(xb)) / max(1, shorter - 1)
    if (matches >= _PARAPHRASE_MIN_MATCHES and coverage_short >= _PARAPHRASE_COVERAGE
            and shared_pairs >= _PARAPHRASE_BIGRAMS):
        return _with(region, coverage_short * 0.5 + shared_pairs * 0.5, "paraphrase")
    return None


def _wording_similarity(a: str, b: str) -> float:
    """Similarity of two regions word for word, function words included (0..1)."""
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity([w for w, _, _ in _tokens(a)], [w for w, _, _ in _tokens(b)])


def _with(region: Alignment, score: float, kind: str) -> Alignment:
    return Alignment(round(min(1.0, score), 3), region.a_start, region.a_end, region.b_start, region.b_end, kind)


# --- shared passages ----------------------------------------------------------------------------

_PASSAGE_SHINGLE = 4
_PASSAGE_GAP = 3  # content words either text may insert inside one copied passage


def find_shared_passages(a: str, b: str, min_words: int = 12,
                         a_quotes: Sequence[Sequence[int]] | None = None,
                         b_quotes: Sequence[Sequence[int]] | None = None) -> list[Alignment]:
    """Long passages copied between two article texts, outside quotation marks.

    Chains of shared 4-word shingles on content words, allowing small edits; a passage must cover
    min_words content words in both texts. Linear in the texts' length (hash lookups).
    `a_quotes`, `b_quotes`: `quote_spans` of a's or b's found quotes where the caller has them
    already (found for a's occurrences, or stored with b), so they are not found again.
    """
    k = _PASSAGE_SHINGLE
    # The shared shingles as (i, j) hits, in the order a's shingles come and then b's: b is read
    # once against a's positions (kept for the next candidate), rather than a against a table of
    # b's built for each pair; most of b's shingles are not in a.
    in_a = _shingle_positions(a)
    hits: list[tuple[int, int]] = []
    for j, shingle in enumerate(_passage_shingles(b)):
        found_at = in_a.get(shingle)
        if found_at is not None:
            hits.extend((i, j) for i in found_at)
    hits.sort()
    # Diagonal runs: (i, j) hits that continue a run ending near (i - d, j - e).
    runs: list[list[int]] = []  # [a_first, a_last, b_first, b_last, hits]
    open_runs: dict[int, list[int]] = {}
    last = len(hits) - 1
    for number, (i, j) in enumerate(hits):
        extended = False
        for key in list(open_runs):
            run = open_runs[key]
            # The next shared shingle may start after the previous one ends plus a few edits.
            if 0 < i - run[1] <= k + _PASSAGE_GAP and 0 < j - run[3] <= k + _PASSAGE_GAP:
                run[1], run[3] = i, j
                run[4] += 1
                extended = True
                break
        if not extended:
            run = [i, i, j, j, 1]
            runs.append(run)
            open_runs[id(run)] = run
        # Runs are only closed after the last hit of a shingle of a: one left open past its reach
        # cannot be extended (that needs i - run[1] <= k + gap), so closing it later changes nothing.
        if number == last or hits[number + 1][0] != i:
            for key in [key for key, run in open_runs.items() if i - run[1] > k + _PASSAGE_GAP]:
                del open_runs[key]
    if not runs:
        return []
    wa, wb = _passage_words(a), _passage_words(b)
    passages = []
    for a_first, a_last, b_first, b_last, hits in runs:
        a_words = a_last - a_first + k
        b_words = b_last - b_first + k
        if min(a_words, b_words) < min_words:
            continue
        start_a, end_a = wa.start(a_first), wa.end(a_last + k - 1)
        start_b, end_b = wb.start(b_first), wb.end(b_last + k - 1)
        # Quote spans only now, for a run long enough to count: finding quotes costs more than the
        # whole chain search, and most candidate pairs have no such run.
        if (_mostly_inside(start_a, end_a, find_quote_spans(a) if a_quotes is None else a_quotes)
                or _mostly_inside(start_b, end_b, find_quote_spans(b) if b_quotes is None else b_quotes)):
            continue
        score = (hits + k - 1) / max(a_words, b_words)
        kind = "verbatim" if a_words == b_words == hits + k - 1 else "fragment"
        passages.append(Alignment(round(min(1.0, score), 3), start_a, end_a, start_b, end_b, kind))
    return passages


# Texts kept tokenized for passage finding. A new article is compared with up to 5 candidates,
# mostly recent articles of the same story, so this keeps the texts of about the last 20 recordings
# (6 each) at hand; about 110 KB of words and shingles for an 800-word text, 14 MB in all.
_PASSAGE_TEXTS = 128


@lru_cache(maxsize=_PASSAGE_TEXTS)
def _passage_words(text: str) -> "_TextWords":
    """Content words of a text; cached because one new article is compared with several others in
    a row, and is itself a candidate for the next ones (str caches its hash, so a hit costs little)."""
    return _TextWords(text)


class _TextWords:
    """A text's content words (`content_words`), found a paragraph at a time: `words` in order, and
    where the n-th starts and ends.

    Candidates are compared with a new article because they share its passages, and articles of
    one story share paragraphs (wire copy, press releases), so most of a candidate's paragraphs
    were tokenized for an earlier text and are looked up whole. A token never crosses a blank
    line (none holds two line breaks), so the paragraphs' words, shifted, are the text's.
    """

    __slots__ = ("words", "_firsts", "_paragraphs")

    def __init__(self, text: str):
        self.words: list[str] = []
        self._firsts: list[int] = []  # index in `words` of each paragraph's first word
        self._paragraphs: list[tuple[int, tuple[int, ...], tuple[int, ...]]] = []  # (offset, starts, ends)
        offset = 0
        for paragraph in text.split("\n\n"):
            words, starts, ends = _paragraph_words(paragraph)
            if words:
                self._firsts.append(len(self.words))
                self._paragraphs.append((offset, starts, ends))
                self.words.extend(words)
            offset += len(paragraph) + 2

    def start(self, n: int) -> int:
        number = bisect_right(self._firsts, n) - 1
        offset, starts, _ = self._paragraphs[number]
        return offset + starts[n - self._firsts[number]]

    def end(self, n: int) -> int:
        number = bisect_right(self._firsts, n) - 1
        offset, _, ends = self._paragraphs[number]
        return offset + ends[n - self._firsts[number]]


# Paragraphs kept tokenized: about 20 an article, so those of the last ~200 texts compared.
_PARAGRAPHS = 4096


@lru_cache(maxsize=_PARAGRAPHS)
def _paragraph_words(paragraph: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """`content_words` of one paragraph as three tuples: the words, their starts, their ends."""
    found = content_words(paragraph)
    return (tuple(word for word, _, _ in found), tuple(start for _, start, _ in found),
            tuple(end for _, _, end in found))


@lru_cache(maxsize=_PASSAGE_TEXTS)
def _passage_shingles(text: str) -> tuple[tuple[str, ...], ...]:
    """The text's shingles of _PASSAGE_SHINGLE content words, in order; cached as _passage_words is
    (the new article's are looked up once per candidate)."""
    words = _passage_words(text).words
    return tuple(zip(*(words[offset:] for offset in range(_PASSAGE_SHINGLE))))


@lru_cache(maxsize=8)
def _shingle_positions(text: str) -> dict[tuple[str, ...], tuple[int, ...]]:
    """Where each of the text's shingles starts, in order: the new article's, against which each
    candidate's are looked up (so a few texts suffice)."""
    positions: dict[tuple[str, ...], list[int]] = {}
    for i, shingle in enumerate(_passage_shingles(text)):
        positions.setdefault(shingle, []).append(i)
    return {shingle: tuple(found) for shingle, found in positions.items()}


@lru_cache(maxsize=_PASSAGE_TEXTS)
def find_quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """`quote_spans` of the text's quotes, found (cached as the texts' words are)."""
    from newsroom.quotes.finding import find_quotes

    return quote_spans(find_quotes(text))


def quote_spans(found) -> tuple[tuple[int, int], ...]:
    """Spans of found quotes (`find_quotes` of a text) that a copied passage may not be made of:
    fragments inside a sentence are left out."""
    return tuple((q.start, q.end) for q in found if q.kind != "partial")


def _mostly_inside(start: int, end: int, spans: Sequence[Sequence[int]]) -> bool:
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return inside > 0.5 * (end - start)

"""Cleaning plain-text scrapes: the article's own sentences without the page's junk around them.

Works at sentence level, because scrapers glue menus, share buttons and ads onto body lines.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from newsroom.reader.regions import BOUNDARY, LABEL_COST, block_score, main_region
from newsroom.reader.boilerplate import (
    AD_LABEL,
    CAPTION_INTRO,
    CAPTION_LABEL,
    COMMENTS_HEADER,
    AUTHOR_HEADER,
    BIO,
    BYLINE,
    CAPTION_CREDIT,
    CAPTION_PREFIX,
    COMMENT_FORM,
    COMMENT_FORM_INLINE,
    COPYRIGHT,
    EVENT_WORDS,
    MISSION,
    IMPERATIVE_START,
    PROMO_STRONG,
    PROMO_WEAK,
    RELATED_HEADER,
    ROLE_WORDS,
    SECOND_PERSON,
    SHARE_LABELS,
    SOCIAL_CALLS,
)


@dataclass
class CleanedText:
    title: str = ""
    byline: str = ""
    paragraphs: list[str] = field(default_factory=list)


_FUNCTION_WORDS = frozenset(
    "a an and or of the to in on for at by with from as & vs is are be de la le du des van von der".split()
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_TOKEN = re.compile(r"\S+")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u200a\u202f]+")
_BULLET = re.compile(r"^(?:[•·▪●◦‣∙*-]|\d+[.)])\s+")
_HASHTAG = re.compile(r"^#\w")
_QUOTED = re.compile(r"[“\"«„][^“”\"«»„]*[”\"»]")

# A sentence ends at . ! ? (optionally closed by a quote or bracket) followed by space and a capital,
# a quote mark or a digit; single capitals ("U.S.", "J. K.") and common abbreviations do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)\]]*\s+(?=[“\"‘(\[A-Z0-9#©])")
_ABBREVIATIONS = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Gen|Gov|Sen|Rep|Inc|Ltd|Co|Corp|vs|No|Jan|Feb|"
                            r"Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|e\.g|i\.e|etc))[.]$")
# "…generally available: VB Event The AI Impact Tour Connect…" — a colon followed by a capitalised
# word can start glued-on text; it is a clause boundary for classification only.
_COLON_BREAK = re.compile(r"(?<=:)\s+(?=[A-Z])")


# --- small predicates -------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return [t.strip(",;:()[]{}\"“”‘’'!?.") for t in _TOKEN.findall(text)]


def _is_capitalised(token: str) -> bool:
    token = token.strip(",;:()[]{}\"“”‘’'!?.")
    if not token:
        return True
    return token[0].isupper() or token[0].isdigit() or token in ("&", "|", "-", "–", "/", "+") or token[0] in "#@©"


def _lowercase_content_words(text: str) -> list[str]:
    return [w for w in _words(text) if w and w[0].islower() and w.lower() not in _FUNCTION_WORDS]


def _is_title_run(text: str) -> bool:
    """Every word capitalised or a function word: menus, labels, Title Case headlines."""
    words = [w for w in _words(text) if w]
    return bool(words) and not _lowercase_content_words(text) and all(
        _is_capitalised(w) or w.lower() in _FUNCTION_WORDS for w in words
    )


def _ends_like_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?…][”\"’)\]]*$", text.strip()))


def _without_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def split_sentences(text: str) -> list[str]:
    """Split a line into sentences; keeps abbreviations and quoted speech together."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start:match.start()]
        if _ABBREVIATIONS.search(candidate.rstrip("”\"’)]")):
            continue
        # Inside an open quotation the sentence goes on ("…platform. In this next phase…”).
        closed = text[start:match.end()]
        if closed.count("“") > closed.count("”"):
            continue
        pieces.append(text[start:match.end()])
        start = match.end()
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


# --- the cleaner ------------------------------------------------------------------------------

@dataclass
class _Line:
    text: str
    junk: bool = False


class _Document:
    """One scrape: its lines, and the vocabulary its body uses (to tell names from menu labels)."""

    def __init__(self, text: str) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u200b", "")
        self.lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        self.lines = [line for line in self.lines if line]
        # Words that appear capitalised in the middle of real sentences: names of people,
        # companies, places. Menu labels ("Data Labelling", "Careers") rarely do.
        self.names: Counter[str] = Counter()
        self.vocabulary: Counter[str] = Counter()
        self.lowercase_words: set[str] = set()
        for line in self.lines:
            for piece in SOCIAL_CALLS.split(line):
                for sentence in split_sentences(piece):
                    words = [w for w in _words(sentence) if w]
                    lowercase = [w for w in words if w[0].islower()]
                    # Prose only: in a real sentence at least 40% of the words are lowercase;
                    # a menu glued to a sentence is not.
                    if len(lowercase) < 4 or len(lowercase) < 0.4 * len(words):
                        continue
                    for word in words[1:]:
                        if word[0].isupper():
                            self.names[word] += 1
                    for word in words:
                        self.vocabulary[word.lower()] += 1
                    self.lowercase_words.update(lowercase)

    def is_name(self, word: str) -> bool:
        word = word.strip(",;:()[]{}\"“”‘’'!?.")
        return self.names[word] > 0 or (word.isupper() and len(word) >= 2) or bool(_YEAR.match(word))


def _strip_menu_prefix(text: str, document: _Document) -> tuple[str, bool]:
    """Cut a run of menu labels off the front of a line: returns (rest, whether a menu was removed).

    The run ends where a sentence starts: the first lowercase content word, moved back over the
    names the article itself uses ("… Development Languages | Microsoft and OpenAI officially extend …").
    """
    tokens = text.split(" ")
    first_lower = None
    for index, token in enumerate(tokens):
        bare = token.strip(",;:()[]{}\"“”‘’'!?.")
        # Scripts without case (Hangul, Chinese, Arabic…) have no menus in Title Case to find.
        caseless = bare[:1].isalpha() and not bare[:1].isupper() and not bare[:1].islower()
        if bare and (caseless or bare[0].islower()) and bare.lower() not in _FUNCTION_WORDS:
            first_lower = index
            break
    run_end = len(tokens) if first_lower is None else first_lower
    if run_end < 10:
        return text, False
    start = run_end
    while start > 0:
        previous = tokens[start - 1].strip(",;:()[]{}\"“”‘’'!?.")
        if previous.lower() in _FUNCTION_WORDS or document.is_name(previous):
            start -= 1
        else:
            break
    # The sentence's first word is often an ordinary word capitalised ("Water board approves…"):
    # one word the article uses in lowercase is taken along.
    if start > 0:
        previous = tokens[start - 1].strip(",;:()[]{}\"“”‘’'!?.")
        if previous and previous.lower() in document.lowercase_words:
            start -= 1
    while start < run_end and tokens[start].lower() in _FUNCTION_WORDS:
        start += 1
    if first_lower is None:
        # A whole line of labels is a menu when it is long or repeats itself; a Title Case
        # headline is neither.
        labels = [t.lower() for t in tokens if t.lower() not in _FUNCTION_WORDS]
        repeated = len(labels) - len(set(labels))
        if len(tokens) >= 20 or repeated >= 2:
            return "", True
        return text, False
    menu = tokens[:start]
    if len(menu) < 8:
        return text, False
    return " ".join(tokens[start:]), True


def _is_promo(sentence: str) -> bool:
    if _looks_quoted(sentence):
        return False
    bare = _without_quotes(sentence).strip()
    if PROMO_STRONG.search(bare):
        return True
    # Weak words ("advertising", "subscribers") only in a short call to the reader.
    return (
        bool(PROMO_WEAK.search(bare))
        and len(bare.split()) <= 25
        and bool(SECOND_PERSON.search(bare) or IMPERATIVE_START.match(bare))
    )


def _looks_quoted(sentence: str) -> bool:
    stripped = sentence.strip()
    return stripped[:1] in "“\"‘" or len(_without_quotes(stripped)) < 0.5 * len(stripped)


def _is_event_promo_line(line: str, document: _Document) -> bool:
    """'US Customer Experience Awards 2023': a Title Case label naming an event, standing alone."""
    words = [w for w in _words(line) if w]
    return (
        len(words) <= 12
        and not _ends_like_sentence(line)
        and _is_title_run(line)
        and bool(EVENT_WORDS.search(line))
    )


def _is_caption_line(line: str, document: _Document) -> bool:
    """A photo caption or alt text left alone on its line: names only, or 'Name, role, Company'."""
    if _ends_like_sentence(line) or len(line.split()) > 16:
        return False
    if CAPTION_PREFIX.match(line) or (CAPTION_CREDIT.search(line) and len(line.split()) <= 8):
        return True
    words = [w for w in _words(line) if w]
    if not words:
        return False
    if "," in line:
        head, _, rest = line.partition(",")
        head_words = [w for w in _words(head) if w]
        return (
            1 <= len(head_words) <= 4
            and all(document.is_name(w) for w in head_words)
            and bool(ROLE_WORDS.search(rest))
        )
    # Only names the article uses ("Microsoft OpenAI"): a tag list or an image's alt text.
    return len(words) <= 6 and all(document.is_name(w) for w in words)


_GLUED = re.compile(r"[a-z]([A-Z][a-z]+)\b")


def _is_glued_teaser(line: str) -> bool:
    """A story teaser saved as one line: a Title Case headline glued to its summary.

    "Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left…": the scraper
    joined two blocks without a space, so a word changes from lowercase to a new capitalised word.
    """
    match = _GLUED.search(line, 0, 200)
    if not match:
        return False
    headline = line[: match.start() + 1]
    return len(headline.split()) >= 3 and not _lowercase_content_words(headline)


def _is_hashtag_line(line: str) -> bool:
    tokens = line.split()
    return bool(tokens) and sum(1 for t in tokens if _HASHTAG.match(t)) >= max(2, 0.6 * len(tokens))


def _is_share_label(line: str) -> bool:
    return bool(SHARE_LABELS.match(line))


def _clean_line(line: str, document: _Document) -> list[str]:
    """The body pieces of one line, junk removed; a line may split into several pieces."""
    # Share/follow buttons are cut out wherever they sit; they also mark where glued text starts.
    pieces = [p.strip() for p in SOCIAL_CALLS.split(line)]
    glued = len(pieces) > 1
    kept_pieces: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        piece, menu_removed = _strip_menu_prefix(piece, document)
        glued = glued or menu_removed
        if not piece:
            continue
        kept = _clean_sentences(piece, document)
        if not kept:
            glued = True
            continue
        text = " ".join(kept)
        # Short label fragments left between buttons and menus ("VentureBeat Homepage").
        if glued and _is_title_run(text) and len(text.split()) <= 4:
            continue
        kept_pieces.append(text)
    return kept_pieces


def _clean_sentences(text: str, document: _Document) -> list[str]:
    """Drop promotional, copyright, comment-form and mission sentences from a piece of a line."""
    clauses: list[str] = []
    for sentence in split_sentences(text):
        parts = _COLON_BREAK.split(sentence) if not _looks_quoted(sentence) else [sentence]
        clauses.extend(parts)
    junk = [False] * len(clauses)
    for index, clause in enumerate(clauses):
        bare = _without_quotes(clause)
        if (
            _is_promo(clause)
            or COPYRIGHT.search(bare)
            or MISSION.search(bare)
            or COMMENT_FORM_INLINE.search(bare)
            or COMMENT_FORM.match(clause.strip())
        ):
            junk[index] = True
    # Questions and second-person sentences next to an ad are part of it ("Are you ready to…?").
    changed = True
    while changed:
        changed = False
        for index, clause in enumerate(clauses):
            if junk[index] or _looks_quoted(clause):
                continue
            neighbours = [junk[i] for i in (index - 1, index + 1) if 0 <= i < len(clauses)]
            bare = _without_quotes(clause)
            if any(neighbours) and (
                bare.rstrip().endswith("?") or SECOND_PERSON.search(bare) or _is_title_run(bare)
            ):
                junk[index] = True
                changed = True
    kept: list[str] = []
    for index, clause in enumerate(clauses):
        if not junk[index]:
            kept.append(clause.strip())
    return kept


def _name_from_bio(line: str) -> str:
    match = BIO.match(_BULLET.sub("", line))
    return match.group("name") if match else ""


def _looks_like_byline(line: str) -> str:
    """Return the author names if the line is only a byline ("By Ann Lee and Bo Ng", "Laurent Giret")."""
    match = BYLINE.match(line)
    candidate = match.group("names") if match else line
    candidate = re.split(r"\s+(?:[|•·–—-]|on|updated|published)\s+", candidate, maxsplit=1, flags=re.I)[0].strip(" ,")
    names = [n.strip() for n in re.split(r",\s*|\s+and\s+|\s*&\s*", candidate) if n.strip()]
    if not names or len(names) > 5:
        return ""
    for name in names:
        parts = name.split()
        if not 2 <= len(parts) <= 4 or not all(p[0].isupper() and p.replace(".", "").replace("-", "").replace("'", "").isalpha() for p in parts):
            return ""
    if not match and len(names) > 1:
        return ""
    return ", ".join(names)


# Sentinel for the start of a comment section.
COMMENTS = "\x00comments"
# 30: about two short paragraphs of prose beyond the per-block threshold.
MIN_ARTICLE_SCORE = 30


def clean_plain_text(text: str) -> CleanedText:
    """Split a scrape into title, byline and body paragraphs, dropping junk."""
    document = _Document(text)
    result = CleanedText()
    lines = document.lines

    # 1. Whole-line furniture, found from the line alone or its neighbours.
    kept: list[str | None] = []  # None and COMMENTS mark boundaries the article never crosses
    index = 0
    in_related = False
    bio_names: list[str] = []
    while index < len(lines):
        line = _BULLET.sub("", lines[index]) if _BULLET.match(lines[index]) else lines[index]
        if AUTHOR_HEADER.match(line):
            # "Author" box: the header and the bio under it.
            if index + 1 < len(lines) and _name_from_bio(lines[index + 1]):
                bio_names.append(_name_from_bio(lines[index + 1]))
                index += 2
                continue
            index += 1
            continue
        if _name_from_bio(line) and len(line) < 600 and index > len(lines) // 2:
            # An author bio without its header, in the closing part of the page.
            bio_names.append(_name_from_bio(line))
            index += 1
            continue
        if (
            RELATED_HEADER.match(line)
            or COMMENTS_HEADER.match(line)
            # "More Washington Examiner", "More Stories": the outlet's own teasers follow.
            or (line.startswith("More ") and len(line.split()) <= 5 and _is_title_run(line))
        ):
            # Related stories and comments follow the article; neither belongs to it.
            in_related = True
            if COMMENTS_HEADER.match(line):
                kept.append(COMMENTS)
            index += 1
            continue
        if in_related:
            # A related list: headlines and names, until a sentence returns.
            if not (_ends_like_sentence(line) and len(line.split()) >= 8):
                index += 1
                continue
            in_related = False
        if CAPTION_INTRO.match(line):
            index += 2
            continue
        if (
            _is_hashtag_line(line)
            or _is_share_label(line)
            or COMMENT_FORM.match(line)
            or AD_LABEL.match(line)
            or CAPTION_LABEL.match(line)
        ):
            index += 1
            continue
        kept.append(lines[index])
        index += 1

    # 2. Sentence-level cleaning inside each line.
    paragraphs: list[str | None] = []
    for line in kept:
        if line is None or line is COMMENTS:
            if paragraphs and paragraphs[-1] is not None and paragraphs[-1] is not COMMENTS:
                paragraphs.append(line)
            elif paragraphs and line is COMMENTS:
                paragraphs[-1] = COMMENTS
            continue
        for piece in _clean_line(line, document):
            if _is_hashtag_line(piece):
                continue
            paragraphs.append(piece)

    # 3. The article: the best-scoring run of prose (a full-page scrape has menus, teasers and
    # footers around it); text without any prose (a list, a poem) is kept whole.
    scores = [
        BOUNDARY if p is None or p is COMMENTS else (-LABEL_COST if _is_glued_teaser(p) else block_score(p))
        for p in paragraphs
    ]
    start, end = main_region(scores)
    if COMMENTS in paragraphs[:start]:
        # The best prose is in the comments: an article with a long discussion. The article is
        # the best run before the comments begin, if it has a paragraph or two of prose.
        first = paragraphs.index(COMMENTS)
        early_start, early_end = main_region(scores[:first])
        if sum(scores[early_start:early_end]) >= MIN_ARTICLE_SCORE:
            start, end = early_start, early_end
    if end == 0:
        start, end = 0, len(paragraphs)
    # Boundaries outside the article are dropped; the indices below refer to this list.
    before = [p for p in paragraphs[:start] if p is not None and p is not COMMENTS]
    inside = [p for p in paragraphs[start:end] if p is not None and p is not COMMENTS]
    paragraphs, start, end = before + inside, len(before), len(before) + len(inside)

    # 4. Headline and byline just before the article, or at its top.
    title_index = _find_title(paragraphs, start, document)
    if title_index is not None:
        result.title = paragraphs[title_index]
        start = max(start, title_index + 1)
        for index in range(title_index + 1, min(start + 1, len(paragraphs))):
            byline = _looks_like_byline(paragraphs[index])
            if byline:
                result.byline = byline
                start = max(start, index + 1)
                break
    elif start < len(paragraphs) and _looks_like_byline(paragraphs[start]):
        result.byline = _looks_like_byline(paragraphs[start])
        start += 1
    if not result.byline and bio_names:
        result.byline = ", ".join(dict.fromkeys(bio_names))

    # 5. Stand-alone labels in the body: photo captions and event promotions.
    result.paragraphs = [
        paragraph
        for paragraph in paragraphs[start:end]
        if not _is_caption_line(paragraph, document) and not _is_event_promo_line(paragraph, document)
    ]
    return result


def _find_title(paragraphs: list[str], start: int, document: "_Document") -> int | None:
    """Index of the headline: the label before the article sharing most words with its body.

    Breadcrumbs and section labels also sit there ("AI North America Trending").
    """
    candidates = [
        index
        for index in range(max(0, start - 6), min(start + 1, len(paragraphs)))
        if len(paragraphs[index]) <= 250
        and not (_ends_like_sentence(paragraphs[index]) and len(paragraphs[index].split()) > 6)
        and not _looks_like_byline(paragraphs[index])
    ]
    if not candidates:
        return None

    def overlap(index: int) -> tuple[int, int]:
        words = {w.lower() for w in _words(paragraphs[index]) if w and w.lower() not in _FUNCTION_WORDS}
        return sum(1 for w in words if document.vocabulary[w] > 0), index

    best = max(candidates, key=overlap)
    shared = overlap(best)[0]
    # The first line of a scrape needs one word in common with the body (a short text's headline
    # shares little); a label further down needs two.
    if shared >= 2 or (shared == 1 and best == 0 and len(paragraphs[best].split()) >= 2):
        return best
    # A short first line right above the prose is the headline even when it shares no word with
    # the body ("Election results delayed" over a story about counting).
    first = paragraphs[0] if paragraphs else ""
    if start <= 1 and 0 in candidates and len(first.split()) <= 15 and not _ends_like_sentence(first):
        return 0
    return None




@lru_cache(maxsize=512)
def _kept_sentences(text: str) -> tuple[str, ...]:
    """_clean_sentences of a paragraph on its own; cached because HTML cleaning asks twice per block."""
    return tuple(_clean_sentences(text, _EMPTY_DOCUMENT))


@lru_cache(maxsize=2048)
def _mentions_trigger(lowered: str) -> bool:
    """Whether a lowercased text holds a trigger keyword; cached because HTML cleaning asks
    is_junk_paragraph and junk_share about the same (already stripped) block text."""
    return any(keyword in lowered for keyword in _TRIGGER_KEYWORDS)


def junk_share(text: str) -> float:
    """The share of a paragraph's words that sit in furniture sentences (0.0 when none do)."""
    if not _mentions_trigger(text.lower()):
        return 0.0
    words = len(text.split())
    kept = sum(len(sentence.split()) for sentence in _kept_sentences(text))
    return max(0.0, 1 - kept / words) if words else 0.0


def is_junk_paragraph(text: str) -> bool:
    """True when every sentence of a paragraph is page furniture (an ad, a share call, a footer)."""
    stripped = text.strip()
    if SOCIAL_CALLS.fullmatch(stripped + " "):
        return True
    # Most paragraphs contain none of the trigger words: skip the sentence-level pass for them
    # (a substring scan is ten times cheaper than the patterns themselves).
    if len(stripped) > 40 and not _mentions_trigger(stripped.lower()):
        return False
    return not _kept_sentences(text)


_EMPTY_DOCUMENT = _Document("")
# Every furniture pattern of boilerplate.py contains one of these; short texts are always checked.
_TRIGGER_KEYWORDS = (
    "sign", "subscri", "newsletter", "sponsor", "advertis", "learn more", "click", "tap here", "check out",
    "join", "register", "miss", "near you", "follow", "download", "promo", "trial", "discover", "explore",
    "visit", "page", "unlimited", "already a", "account", "journalism", "become a", "affiliate", "earn",
    "cookie", "privacy", "terms of", "sell my", "inbox", "friend", "©", "(c)", "copyright", "rights reserved", "may not be", "delayed", "provided by",
    "mission", "email address", "required fields", "read more", "webinar", "log in", "login", "for more information",
    "save my name", "notify me", "logged in", "inbox", "reached at", "have a tip", "code", "enjoyed this", "reach ", "coverage of", "listen back",
)

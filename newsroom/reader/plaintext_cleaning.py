"""Cleaning plain-text scrapes: the article's own sentences without the page's junk around them.

Works at sentence level, because scrapers glue menus, share buttons and ads onto body lines.
"""

import re
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class CleanedText:
    title: str = ""
    byline: str = ""
    paragraphs: list[str] = field(default_factory=list)


# --- vocabulary of page furniture (generic web phrases, not any one site's) -------------------

_SOCIAL = (r"Facebook|X|Twitter|LinkedIn|Reddit|WhatsApp|Pinterest|Telegram|E-?mail|RSS|Instagram|YouTube|"
           r"TikTok|Flipboard|Threads|Mastodon|Bluesky|Tumblr|Pocket|Messenger|Google News|Apple News")
# "Share on Facebook Share on X", "Follow us on RSS", "Click to share on Reddit (Opens in new window)"
_SOCIAL_CALLS = re.compile(
    rf"(?:(?:Click to )?(?:Share|Follow(?: us)?|Like us|Tweet|Pin(?: it)?|Email|Post|Subscribe|Find us|Join us)"
    rf"(?: this(?: article| story| post)?)?\s+(?:on|to|via|with)\s+(?:{_SOCIAL})\b(?:\s*\(Opens in new window\))?[\s,|•·]*)+",
    re.I,
)
_SHARE_LABELS = re.compile(r"^(?:share(?: this)?(?: article| story| post)?|share via|tweet|print|e-?mail|copy link|"
                           r"(?:" + _SOCIAL + r")(?:\s+(?:" + _SOCIAL + r"))*)\s*:?$", re.I)

# Calls to action, ads, event promotions and newsletter boxes, addressed to the reader.
_PROMO = re.compile(
    r"\b(?:sign up|sign-up|signup|subscribe|subscription|newsletter|sponsor(?:ed|ship|s)?|advertis\w*|"
    r"learn more|click here|tap here|read more|check out our|check out the|join us|register (?:now|today|here)|"
    r"don'?t miss|near you|follow us|download (?:our|the) app|get (?:the|our) (?:app|newsletter)|promo code|"
    r"free trial|webinar|discover our|explore our|visit our|our \w+(?: / \w+)? page|"
    r"unlimited access|already a (?:subscriber|member)|log ?in to|create (?:an|a free) account|"
    r"support (?:our|independent) journalism|become a (?:member|subscriber|patron|sponsor)|"
    r"this (?:article|story|post) (?:contains|may contain) affiliate|we may earn|affiliate (?:link|commission)s?|"
    r"cookies?|privacy policy|terms of (?:service|use)|do not sell my)\b",
    re.I,
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you’re|yours)\b", re.I)
_EVENT_WORDS = re.compile(r"\b(?:awards?|summit|conference|expo|webinar|festival|tour|event|forum|masterclass|"
                          r"meetup|hackathon|workshop|livestream|podcast)\b", re.I)

_COMMENT_FORM = re.compile(
    r"^(?:leave a (?:comment|reply)|post (?:a )?comment|add (?:a )?comment|cancel reply|comments?|reply|"
    r"\d+ comments?|(?:no|show|view|load|hide) (?:more )?comments?|join the (?:discussion|conversation)|"
    r"your email address will not be published\.?|required fields are marked\s*\*?|"
    r"save my name, email,? and website in this browser.*|notify me of .*(?:comments|posts).*|"
    r"name\s*\*?|e-?mail\s*\*?|website|comment\s*\*?|log in to reply|you must be logged in to post a comment\.?)$",
    re.I,
)
_COMMENT_FORM_INLINE = re.compile(
    r"(?:your email address will not be published\.?|required fields are marked\s*\*?)", re.I
)
_COPYRIGHT = re.compile(r"(?:©|\(c\)\s*\d{4}|\bcopyright\b\s*(?:©|\d{4})|\ball rights reserved\b)", re.I)
_MISSION = re.compile(r"\b(?:our|[A-Z][\w.]*(?:'|’)s) mission is\b")
_RELATED_HEADER = re.compile(
    r"^(?:related(?: posts| articles| stories| news| content| coverage| reading)?|read (?:more|next|also)|"
    r"see also|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|more (?:from|on|in) [\w .&'’-]{1,40}|"
    r"more stories|recommended(?: for you| stories| reading)?|most (?:read|popular|viewed|shared)|popular(?: posts| stories)?|"
    r"trending(?: now| stories)?|latest(?: news| stories| posts)?|top stories|editor'?s picks|further reading|"
    r"also read|don'?t miss|recent posts|previous post|next post|other stories)\s*:?$",
    re.I,
)
_AUTHOR_HEADER = re.compile(r"^(?:author|about the author|about (?:the )?writer|written by|the author|authors?:)\s*:?$", re.I)
_BIO = re.compile(
    r"^(?P<name>(?:[A-Z][\w'’.-]+)(?: [A-Z][\w'’.-]+){0,3}) (?:is|was|has been|covers|writes)\b.{0,80}?"
    r"\b(?:journalist|writer|reporter|editor|correspondent|contributor|author|columnist|blogger|analyst|"
    r"freelancer|producer|covers|writes about|has written|has covered)",
)
_BYLINE = re.compile(r"^(?:by|written by|words by|posted by|author:)\s+(?P<names>.+)$", re.I)
_CAPTION_PREFIX = re.compile(r"^(?:photo|image|picture|illustration|credit|source|photograph|video|graphic|file photo)"
                             r"(?: credit)?s?\s*[:：|]", re.I)
_CAPTION_CREDIT = re.compile(r"\b(?:getty images|shutterstock|reuters|afp|ap photo|associated press|unsplash|"
                             r"istock|alamy|epa|bloomberg via getty)\b", re.I)
_ROLE_WORDS = re.compile(r"\b(?:ceo|cto|cfo|coo|chair(?:man|woman|person)?|president|founder|co-founder|director|"
                         r"head|vp|svp|evp|manager|minister|secretary|professor|chief|officer|editor|analyst|"
                         r"spokes(?:person|man|woman)|governor|senator|mayor|leader|partner|lead|executive)\b", re.I)

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
        for line in self.lines:
            for piece in _SOCIAL_CALLS.split(line):
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
        if bare and bare[0].islower() and bare.lower() not in _FUNCTION_WORDS:
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
    bare = _without_quotes(sentence)
    return bool(_PROMO.search(bare)) and not _looks_quoted(sentence)


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
        and bool(_EVENT_WORDS.search(line))
    )


def _is_caption_line(line: str, document: _Document) -> bool:
    """A photo caption or alt text left alone on its line: names only, or 'Name, role, Company'."""
    if _ends_like_sentence(line) or len(line.split()) > 16:
        return False
    if _CAPTION_PREFIX.match(line) or (_CAPTION_CREDIT.search(line) and len(line.split()) <= 8):
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
            and bool(_ROLE_WORDS.search(rest))
        )
    # Only names the article uses ("Microsoft OpenAI"): a tag list or an image's alt text.
    return len(words) <= 6 and all(document.is_name(w) for w in words)


def _is_hashtag_line(line: str) -> bool:
    tokens = line.split()
    return bool(tokens) and sum(1 for t in tokens if _HASHTAG.match(t)) >= max(2, 0.6 * len(tokens))


def _is_share_label(line: str) -> bool:
    return bool(_SHARE_LABELS.match(line))


def _clean_line(line: str, document: _Document) -> list[str]:
    """The body pieces of one line, junk removed; a line may split into several pieces."""
    # Share/follow buttons are cut out wherever they sit; they also mark where glued text starts.
    pieces = [p.strip() for p in _SOCIAL_CALLS.split(line)]
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
            or _COPYRIGHT.search(bare)
            or _MISSION.search(bare)
            or _COMMENT_FORM_INLINE.search(bare)
            or _COMMENT_FORM.match(clause.strip())
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
                bare.rstrip().endswith("?") or _SECOND_PERSON.search(bare) or _is_title_run(bare)
            ):
                junk[index] = True
                changed = True
    kept: list[str] = []
    for index, clause in enumerate(clauses):
        if not junk[index]:
            kept.append(clause.strip())
    return kept


def _name_from_bio(line: str) -> str:
    match = _BIO.match(_BULLET.sub("", line))
    return match.group("name") if match else ""


def _looks_like_byline(line: str) -> str:
    """Return the author names if the line is only a byline ("By Ann Lee and Bo Ng", "Laurent Giret")."""
    match = _BYLINE.match(line)
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


def clean_plain_text(text: str) -> CleanedText:
    """Split a scrape into title, byline and body paragraphs, dropping junk."""
    document = _Document(text)
    result = CleanedText()
    lines = document.lines

    # 1. Whole-line furniture, found from the line alone or its neighbours.
    kept: list[str] = []
    index = 0
    in_related = False
    bio_names: list[str] = []
    while index < len(lines):
        line = _BULLET.sub("", lines[index]) if _BULLET.match(lines[index]) else lines[index]
        if _AUTHOR_HEADER.match(line):
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
        if _RELATED_HEADER.match(line):
            in_related = True
            index += 1
            continue
        if in_related:
            # A related list: headlines and names, until prose returns.
            if not (_ends_like_sentence(line) and len(line.split()) >= 25):
                index += 1
                continue
            in_related = False
        if _is_hashtag_line(line) or _is_share_label(line) or _COMMENT_FORM.match(line):
            index += 1
            continue
        kept.append(lines[index])
        index += 1

    # 2. Sentence-level cleaning inside each line.
    paragraphs: list[str] = []
    for line in kept:
        for piece in _clean_line(line, document):
            if _is_hashtag_line(piece):
                continue
            paragraphs.append(piece)

    # 3. Headline and byline at the top.
    result.title, paragraphs = _take_title(paragraphs, document)
    if paragraphs:
        byline = _looks_like_byline(paragraphs[0])
        if byline:
            result.byline = byline
            paragraphs = paragraphs[1:]
    if not result.byline and bio_names:
        result.byline = ", ".join(dict.fromkeys(bio_names))

    # 4. Stand-alone labels in the body: photo captions and event promotions.
    body = []
    for paragraph in paragraphs:
        if _is_caption_line(paragraph, document) or _is_event_promo_line(paragraph, document):
            continue
        body.append(paragraph)
    result.paragraphs = body
    return result


def _take_title(paragraphs: list[str], document: _Document) -> tuple[str, list[str]]:
    """Pick the headline among the lines before the first prose paragraph.

    Breadcrumbs and section labels also sit there ("AI North America Trending"); the headline is the
    candidate sharing most words with the body.
    """
    candidates: list[int] = []
    for index, paragraph in enumerate(paragraphs[:6]):
        if _ends_like_sentence(paragraph) and len(paragraph.split()) > 6 or len(paragraph) > 250:
            break
        candidates.append(index)
    if not candidates:
        return "", paragraphs

    def overlap(paragraph: str) -> tuple[int, int]:
        words = {w.lower() for w in _words(paragraph) if w and w.lower() not in _FUNCTION_WORDS}
        return sum(1 for w in words if document.vocabulary[w] > 0), len(words)

    best = max(candidates, key=lambda i: overlap(paragraphs[i]))
    if overlap(paragraphs[best])[0] == 0 and len(paragraphs[best].split()) < 4:
        return "", paragraphs
    # Labels before the headline are breadcrumbs; what follows it (a byline) is kept for step 3.
    title = paragraphs[best]
    rest = [p for i, p in enumerate(paragraphs) if i > best or (i < best and not _is_title_run(p))]
    return title, rest

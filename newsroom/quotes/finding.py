"""Find quoted statements in an article's plain text and name who made them.

Pure Python, linear-time regular-expression work: quotation marks of every convention are paired
by their context, then each statement is attributed from the reporting cue around it.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from newsroom.quotes import stance_cues
from newsroom.quotes.reported_speech import ReportedSpeech, find_headline_attribution, find_reported_speech


@dataclass(frozen=True)
class FoundQuote:
    """One occurrence of a statement; `text == input[start:end]`."""

    text: str
    start: int
    end: int
    speaker: str
    speaker_role: str
    cue: str
    kind: str  # "direct", "block", "partial" ("indirect" from find_attributions, "tagged" from attribution_tagger)
    # Where the speaker and the cue are written in the text (-1 when not written near the quote).
    speaker_start: int = -1
    speaker_end: int = -1
    cue_start: int = -1
    cue_end: int = -1


# --- vocabulary -------------------------------------------------------------------------------

CUE_VERBS = """
said says say saying told tells tell telling added adds adding comments commented commenting
noted notes noting stated states stating explained explains explaining continued continues
wrote writes writing argued argues arguing claimed claims claiming asked asks asking insisted
insists declared declares announced announces reported reports warned warns acknowledged
acknowledges admitted admits replied replies responded responds recalled recalls suggested
suggests predicted predicts tweeted tweets posted remarked remarks observed observes concluded
concludes emphasized emphasised emphasizes emphasises stressed stresses confirmed confirms
denied denies joked jokes quipped quips urged urges promised promises pledged pledges vowed
vows believes believed thinks thought maintained maintains contended contends countered counters
conceded concedes cautioned cautions charged charges alleged alleges revealed reveals shouted
shouts yelled testified testifies told announced blogged mused muses recounted recounts
complained complains boasted boasts predicted agreed agrees disclosed discloses indicated
indicates estimated estimates proclaimed proclaims chimed opined opines added
""".split()
_CUE_VERB = r"(?:%s)" % "|".join(sorted(set(CUE_VERBS), key=len, reverse=True))
_AUX = r"(?:(?:has|have|had|will|would|could|also|later|then|previously|once|recently|again|further|" \
       r"has\s+also|had\s+also|went\s+on\s+to|did\s+not|didn['’]t)\s+)"
# The cue as written, with what usually follows it inside the attribution.
_CUE_TAIL = r"(?:\s+in\s+(?:a|an|the|his|her|their|its)\s+(?:separate\s+)?(?:\w+\s+)?" \
            r"(?:blog\s+post|statement|interview|press\s+release|release|tweet|post|email|letter|" \
            r"speech|memo|note|report|filing|call|video|op-ed))?"

TITLE_WORDS = {
    "ceo", "cfo", "cto", "coo", "chairman", "chairwoman", "chair", "president", "vice", "director",
    "spokesman", "spokeswoman", "spokesperson", "founder", "co-founder", "cofounder", "senator",
    "sen.", "rep.", "gov.", "governor", "mayor", "secretary", "minister", "professor", "prof.",
    "analyst", "executive", "editor", "chief", "head", "manager", "officer", "svp", "vp", "evp",
    "partner", "economist", "researcher", "strategist", "adviser", "advisor", "aide", "leader",
    "candidate", "nominee", "representative", "congressman", "congresswoman", "lawmaker",
    "attorney", "lawyer", "judge", "general", "gen.", "dr.", "mr.", "mrs.", "ms.", "speaker",
    "commissioner", "chancellor", "premier", "principal", "dean", "author", "reporter", "anchor",
    "host", "pollster", "consultant", "member", "official", "senior", "deputy", "former",
    "president-elect", "gop", "democratic", "republican", "sheriff", "coach", "captain", "pastor",
    "rev.", "lt.", "col.", "sgt.", "capt.",
}
_HONORIFICS = {"mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "prof.", "gen.", "rev.", "lt.",
               "col.", "sgt.", "capt.", "mr", "mrs", "ms", "dr", "sir", "dame", "lady", "lord"}
_PRONOUNS = {"he", "she", "they", "we", "i", "it"}
# Words that start a sentence with a capital letter but are never part of a name.
_NOT_NAME_WORDS = {
    "the", "a", "an", "in", "on", "at", "but", "and", "or", "so", "as", "if", "when", "while",
    "after", "before", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "i", "his", "her", "their", "our", "my", "your", "there", "here", "then", "also", "however",
    "meanwhile", "still", "yet", "for", "to", "of", "by", "with", "from", "although", "though",
    "because", "since", "until", "during", "separately", "finally", "additionally", "instead",
    "now", "today", "yesterday", "above", "all", "secondly", "first", "last", "speaking", "asked",
    "earlier", "later", "according", "under", "through", "offering", "what", "who", "why", "how",
    "one", "some", "many", "most", "both", "each", "every", "other", "another", "such", "that",
}

_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_DOUBLE_MARK = re.compile(r"``|''|[“”„«»\"]")
_WORDCHAR = re.compile(r"\w", re.UNICODE)

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "st", "jr", "sr", "inc", "corp", "co", "ltd",
    "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "lt", "gen", "col", "sgt", "capt", "prof", "rev", "vs", "etc", "e.g", "i.e", "u.s", "u.k",
    "d.c", "a.m", "p.m", "ft", "mt", "gop", "pres", "atty", "gen", "u.n", "dept", "est", "fig",
}


# --- text structure ---------------------------------------------------------------------------

def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs: runs of text between newlines, whitespace trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


_SENTENCE_END = re.compile(r"[.!?]+[”\"’'»)\]]*(?=\s+[“\"‘'«(\[`]*[A-Z0-9])|[.!?]+[”\"’'»)\]]*(?=\s*$)")


@lru_cache(maxsize=4096)
def sentence_starts(text: str, start: int, end: int) -> tuple[int, ...]:
    """Start offsets of the sentences in text[start:end] (a paragraph); cached, as every quote
    in a paragraph asks for them (a string's hash is computed once, so the key is cheap)."""
    starts = [start]
    for match in _SENTENCE_END.finditer(text, start, end):
        before = text[max(start, match.start() - 12):match.start()]
        word = re.search(r"([\w.]+)$", before)
        if text[match.start()] == "." and word:
            token = word.group(1).lower().rstrip(".")
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            if re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):  # U.S. / D.C. style initialisms
                continue
        nxt = match.end()
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt < end:
            starts.append(nxt)
    return tuple(starts)


def _sentence_bounds(text: str, para: tuple[int, int], pos: int) -> tuple[int, int]:
    starts = sentence_starts(text, *para)
    s = max((x for x in starts if x <= pos), default=para[0])
    following = [x for x in starts if x > pos]
    e = following[0] if following else para[1]
    return s, e


# --- quotation marks --------------------------------------------------------------------------

@dataclass
class _Mark:
    start: int
    end: int
    opens: bool


def _role(text: str, start: int, end: int, mark: str, is_open: bool) -> bool:
    """Decide whether a quotation mark opens (True) or closes (False) from what surrounds it."""
    prev = text[start - 1] if start > 0 else " "
    nxt = text[end] if end < len(text) else " "
    left_flank = not nxt.isspace() and (prev.isspace() or prev in "([{—–-/:;“‘«„" or start == 0)
    right_flank = not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}—–-”’»'\"" or end == len(text))
    if left_flank and not right_flank:
        return True
    if right_flank and not left_flank:
        return False
    if mark in _OPEN_DOUBLE or mark == "``":
        return True
    if mark in _CLOSE_DOUBLE or mark == "''":
        return False
    return not is_open  # a straight mark toggles


def _quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Spans (start, end, how) of text inside double quotation marks, one per paragraph piece.

    how is "closed" (both marks), "open" (closing mark missing at the paragraph's end, as in a
    multi-paragraph quote) or "lost" (opening mark missing: the span runs from the paragraph start).
    """
    spans: list[tuple[int, int, str]] = []
    for pstart, pend in paragraphs:
        open_at: int | None = None
        last_end = pstart
        for match in _DOUBLE_MARK.finditer(text, pstart, pend):
            mark = match.group()
            if mark == "''" and open_at is None:
                pass
            opens = _role(text, match.start(), match.end(), mark, open_at is not None)
            if opens:
                if open_at is None:
                    open_at = match.end()
                # A second opening mark while open: nested misuse; keep the first.
            else:
                if open_at is not None:
                    spans.append((open_at, match.start(), "closed"))
                    open_at = None
                else:
                    spans.append((last_end, match.start(), "lost"))
                last_end = match.end()
        if open_at is not None:
            spans.append((open_at, pend, "open"))
    return spans


def _single_quote_spans(text: str, paragraphs: list[tuple[int, int]], taken: list[tuple[int, int]]):
    """‘Single-quoted’ spans outside double quotes (British convention, scare quotes)."""
    spans = []
    for pstart, pend in paragraphs:
        for match in re.finditer(r"(?<![\w’'])[‘'](?=\w)(.+?)(?<=[\w.,!?])[’'‘](?!\w)", text[pstart:pend]):
            start, end = pstart + match.start(1), pstart + match.end(1)
            if any(a <= start < b for a, b in taken):
                continue
            spans.append((start, end, "closed"))
    return spans


# --- names and attribution --------------------------------------------------------------------

_NAME_TOKEN = r"(?:[A-Z][\w’'\-]*\.?|[A-Z]\.)"
_NAME = rf"{_NAME_TOKEN}(?:[ \t]+(?:(?:de|van|von|der|den|al|bin|la|le|du|da|di|del)[ \t]+)?{_NAME_TOKEN}){{0,5}}"
_NOUN_SOURCE = (
    r"(?:(?:the|a|an|another|one|two|three|several|some|many|other|his|her|their|its|our|"
    r"campaign|white\s+house|senior|top|former|unnamed|anonymous|local|federal|state|"
    r"police|[A-Z][\w’'\-]*)\s+){0,4}"
    r"(?:sources?|officials?|spokes(?:man|woman|person)|aides?|advisers?|advisors?|campaign|"
    r"statement|report|reports|poll|survey|analysts?|experts?|critics?|supporters?|people|"
    r"reporters?|officers?|investigators?|prosecutors?|lawyers?|attorneys?|company|firm|group|"
    r"organization|organisation|agency|department|administration|ministry|committee|lawmakers?|"
    r"democrats?|republicans?|voters?|residents?|witnesses?|researchers?|scientists?|economists?|"
    r"study|data|documents?|records?|polls?|memo|letter|website|paper|newspaper|outlet|network|"
    r"candidate|nominee|president|senator|governor|mayor|leader|leaders|chairman|director|"
    r"executive|executives|employees?|members?|friends?|allies|opponents?|observers?)"
)
_PRONOUN = r"(?:he|she|they|we|I|it|He|She|They|We|It)"
# "Trump spokesperson Ron Lieberman", "CrowdStrike co-founder Dmitri Alperovitch": a name after
# a role written in lower case (the role is split off again by _split_role_from_name).
_LOWER_TITLE = (r"(?:spokes(?:man|woman|person)|co-?founder|founder|chair(?:man|woman)?|president|director|"
                r"senator|governor|secretary|minister|professor|analyst|executive|editor|chief|manager|"
                r"officer|partner|economist|researcher|strategist|advis[eo]r|aide|leader|candidate|nominee|"
                r"representative|congress(?:man|woman)|lawmaker|attorney|lawyer|judge|commissioner|pollster|"
                r"consultant|official|deputy|former|senior|campaign|press|communications|of|staff|and)")
_TITLED_NAME = rf"(?:{_NAME_TOKEN}[ \t]+){{0,3}}{_LOWER_TITLE}(?:[ \t]+{_LOWER_TITLE}){{0,3}}[ \t]+{_NAME}"
_SUBJECT = rf"(?:{_TITLED_NAME}|{_NAME}|{_NOUN_SOURCE}|{_PRONOUN})"
_ROLE = r"(?:,\s+(?P<role>[^,.;:“”\"]{2,80}?),)"

# "..., adds Sam Altman, CEO of OpenAI." / "..., said Microsoft CEO Satya Nadella."
_AFTER_INVERTED = re.compile(
    rf"\s*[,.!?—–-]?\s*(?P<cue>{_CUE_VERB}){_CUE_TAIL}\s+(?P<src>{_SUBJECT})(?:,\s+(?P<role>[^,.;“”\"]{{2,80}}))?",
)
# "..., Nadella said in the press release." / "..., Choy continues, ..."
_AFTER_NORMAL = re.compile(
    rf"\s*[,.!?—–-]?\s*(?P<src>{_SUBJECT}){_ROLE}?\s+{_AUX}?(?P<cue>{_CUE_VERB}){_CUE_TAIL}\b",
)
# "“…,” the billionaire business mogul told People." / "“…,” Powell’s office said in a statement.":
# right after a quotation's closing mark and comma, any short phrase before a cue verb is its source
# (the place is narrow enough that the phrase needs no noun list).
_SOURCE_WORD = r"(?:\([^()\s]{1,15}\)|[A-Z][a-z]{0,3}\.|[^\s,.;:!?“”\"()]+)"
_AFTER_ANY_SUBJECT = re.compile(
    rf"\s*,?\s*(?P<src>(?:{_SOURCE_WORD}[ \t]+){{0,7}}?{_SOURCE_WORD})[ \t]+{_AUX}?(?P<cue>{_CUE_VERB}){_CUE_TAIL}\b",
)
# "“…,” said one unaligned Florida Republican strategist.": a noun phrase after the cue, up to
# the sentence's end or an appositive's comma.
_AFTER_INVERTED_ANY = re.compile(
    rf"\s*,?\s*(?P<cue>{_CUE_VERB})[ \t]+(?P<src>(?:the|a|an|one|another|two|three|several|some|many|his|her|"
    rf"their|its)[ \t]+(?:{_SOURCE_WORD}[ \t]+){{0,6}}?{_SOURCE_WORD})(?=\s*(?:[,.;]|$))",
)
# "Satya Nadella, Chairman and CEO of Microsoft, said:" / "OpenAI said “..." / "he said, “..."
_BEFORE = re.compile(
    rf"(?P<src>{_SUBJECT}){_ROLE}?\s+{_AUX}?(?P<cue>{_CUE_VERB}){_CUE_TAIL}"
    rf"(?:\s+(?:that|how|about|of|to\s+\w+|reporters|the\s+\w+|[A-Z]\w+|him|her|them|us|me))?"
    r"(?P<rest>[^“”\"«»]*)$"
)
_ACCORDING = re.compile(rf"(?P<cue>[Aa]ccording\s+to)\s+(?P<src>{_SUBJECT})(?:,\s+(?P<role>[^,.;“”\"]{{2,80}}))?")
_COLON_SUBJECT = re.compile(rf"^(?:[A-Z]\w*\s+){{0,1}}?(?P<src>{_NAME})\s+(?:\w+\s+)?(?P<cue>\w+)")


@dataclass
class _Speaker:
    name: str = ""
    role: str = ""
    cue: str = ""
    start: int = -1
    end: int = -1
    cue_start: int = -1
    cue_end: int = -1


def _split_role_from_name(name: str, start: int) -> tuple[str, str, int]:
    """'Microsoft CEO Satya Nadella' -> ('Satya Nadella', 'Microsoft CEO', offset of the name)."""
    tokens = list(re.finditer(r"\S+", name))
    last_title = -1
    for i, tok in enumerate(tokens):
        if tok.group().lower() in TITLE_WORDS:
            last_title = i
    # Drop leading words that cannot start a name ("The", "In", ...).
    first = 0
    while first < len(tokens) and tokens[first].group().lower() in _NOT_NAME_WORDS:
        first += 1
    if last_title >= first and last_title < len(tokens) - 1:
        role_tokens = tokens[first:last_title + 1]
        honorific = role_tokens and role_tokens[-1].group().lower() in _HONORIFICS and len(role_tokens) == 1
        role = "" if honorific else name[role_tokens[0].start():role_tokens[-1].end()]
        name_tokens = tokens[last_title + 1:]
    else:
        role = ""
        name_tokens = tokens[first:]
    if not name_tokens:
        return "", role, start
    return name[name_tokens[0].start():name_tokens[-1].end()], role, start + name_tokens[0].start()


def _speaker_from(match: re.Match, offset: int = 0, text: str = "") -> _Speaker | None:
    src = match.group("src")
    src_start = match.start("src") + offset
    # A name token may swallow the sentence's full stop ("said Satya Nadella.").
    if src.endswith(".") and not re.search(r"(?:\b[A-Z]|Jr|Sr|Mr|Mrs|Ms|Dr)\.$", src):
        src = src[:-1]
    first_word = src.split()[0].lower()
    if src[0].isupper() and first_word in _NOT_NAME_WORDS and first_word not in _PRONOUNS:
        stripped = src.split(None, 1)
        if len(stripped) == 1:
            if first_word not in ("the",):
                return None
        else:
            src_start += len(src) - len(stripped[1])
            src = stripped[1]
    # "Harry M. Reid (D-Nev.)": the party and state are not part of the name.
    src = re.sub(r"\s*\([^()]*\)$", "", src) or src
    name, role, name_start = src, "", src_start
    if (src[0].isupper() or re.match(_LOWER_TITLE + r"\b", src)) and src.lower() not in _PRONOUNS:
        name, role, name_start = _split_role_from_name(src, src_start)
        if not name:
            return None
    given_role = (match.groupdict().get("role") or "").strip()
    if given_role and not _looks_like_role(given_role):
        given_role = ""
    if role and text:
        # "chairman and CEO Satya Nadella": lower-case title words before the capitalized ones.
        lead = re.search(r"((?:[a-z][\w\-]*[ \t]+)*)$", text[max(0, src_start - 80):src_start])
        words = lead.group(1).split() if lead else []
        keep = 0
        for i in range(len(words) - 1, -1, -1):
            if words[i] in TITLE_WORDS or words[i] in ("and", "&", "of"):
                keep = len(words) - i
            else:
                break
        if keep:
            words = words[len(words) - keep:]
            while words and words[0] in ("and", "&", "of"):
                words = words[1:]
            if words:
                role = " ".join(words) + " " + role
    return _Speaker(
        name=name,
        role=given_role or role,
        cue=match.group("cue"),
        start=name_start,
        end=name_start + len(name),
        cue_start=match.start("cue") + offset,
        cue_end=match.end("cue") + offset,
    )


def _looks_like_role(role: str) -> bool:
    words = re.findall(r"[\w.\-]+", role.lower())
    return 0 < len(words) <= 12 and any(w in TITLE_WORDS for w in words)


def _attribute(text: str, para: tuple[int, int], qstart: int, qend: int, open_mark: int, close_mark: int) -> _Speaker | None:
    """Find the speaker of the quote text[qstart:qend] from the cue around it."""
    pstart, pend = para
    # After the closing mark, up to the next opening mark or sentence end.
    after_end = pend
    nxt = _DOUBLE_MARK.search(text, close_mark, pend)
    if nxt:
        after_end = nxt.start()
    after = text[close_mark:after_end]
    # The quotation ends as a clause does when a comma (or ? !) closes it, inside or outside the mark.
    clause_ends = any(c in text[max(0, qend - 1):close_mark] for c in ",?!") or after.lstrip().startswith(",")
    for pattern in (_AFTER_INVERTED, _AFTER_NORMAL, _AFTER_INVERTED_ANY, _AFTER_ANY_SUBJECT):
        if pattern in (_AFTER_ANY_SUBJECT, _AFTER_INVERTED_ANY) and not clause_ends:
            continue
        match = pattern.match(after)
        if match:
            speaker = _speaker_from(match, close_mark, text)
            if speaker:
                return speaker
    # "..., according to the campaign."
    match = re.match(r"\s*[,.]?\s*", after)
    acc = _ACCORDING.match(after, match.end()) if match else None
    if acc:
        speaker = _speaker_from(acc, close_mark, text)
        if speaker:
            return speaker
    # Before the opening mark, within its sentence.
    sent_start, _ = _sentence_bounds(text, para, max(pstart, open_mark - 1))
    before = text[sent_start:open_mark]
    # Skip back over a previous quote in the same sentence ("“That said,” Choy continues, “this...").
    match = _BEFORE.search(before)
    if match:
        speaker = _speaker_from(match, sent_start, text)
        if speaker:
            return speaker
    acc = None
    for acc in _ACCORDING.finditer(before):
        pass
    if acc:
        speaker = _speaker_from(acc, sent_start, text)
        if speaker:
            return speaker
    # "OpenAI also nodded to the importance of Azure ...: “We’ve worked together ..."
    if before.rstrip().endswith(":"):
        return _colon_speaker(text, (sent_start, sent_start + len(before.rstrip())))
    return None


def _colon_speaker(text: str, para: tuple[int, int]) -> _Speaker | None:
    """The speaker of a paragraph (or sentence) that ends with a colon introducing a statement."""
    pstart, pend = para
    if text[pend - 1] != ":":
        return None
    starts = sentence_starts(text, pstart, pend)
    sent_start = starts[-1]
    sentence = text[sent_start:pend - 1]
    match = re.search(
        rf"(?P<src>{_SUBJECT}){_ROLE}?\s+{_AUX}?(?P<cue>{_CUE_VERB}){_CUE_TAIL}\s*$", sentence
    )
    if match:
        return _speaker_from(match, sent_start, text)
    # "OpenAI also nodded to the importance of Azure, which ...:" -> the sentence's subject.
    match = re.match(rf"(?P<src>{_NAME})(?P<role>)\s+(?:also\s+|then\s+)?(?P<cue>[a-z]+)", sentence)
    if match:
        speaker = _speaker_from(match, sent_start, text)
        if speaker:
            speaker.cue = ""
            speaker.cue_start = speaker.cue_end = -1
        return speaker
    return None


# --- resolution of names ----------------------------------------------------------------------

_PERSON_NAME = re.compile(
    rf"(?<![\w’'])(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.\s+)?([A-Z][a-z][\w’'\-]*(?:\s+[A-Z]\.)?(?:\s+(?:de|van|von|al|bin)\s+)?(?:\s+[A-Z][\w’'\-]+){{1,3}})"
)


def _full_name(short: str, text: str, upto: int) -> str:
    """'Nadella' -> 'Satya Nadella' from the longest mention in the article ending in that name.

    Only surnames are expanded: a word with capitals inside ("OpenAI") is an organization.
    """
    if " " in short or not short[:1].isupper() or any(c.isupper() for c in short[1:]):
        return short
    best = short
    # Find the surname first, then look back: linear in the text, unlike a pattern that
    # tries a capitalized run at every position.
    for mention in re.finditer(rf"(?<![\w’']){re.escape(short)}\b(?![ \t]+[A-Z])", text):
        lead = re.search(r"((?:[A-Z][\w’'\-]+[ \t]+){1,4})$", text[max(0, mention.start() - 80):mention.start()])
        if not lead:
            continue
        words = (lead.group(1) + short).split()
        # Keep only the capitalized run that is a name: drop titles and sentence-initial words.
        titles = [i for i, w in enumerate(words) if w.lower() in TITLE_WORDS and w.lower() not in _HONORIFICS]
        if titles:
            words = words[titles[-1] + 1:]
        while words and (words[0].lower() in _NOT_NAME_WORDS or words[0].lower() in _HONORIFICS
                         or words[0].isupper() or any(c.isupper() for c in words[0][1:])):
            words = words[1:]
        if len(words) > len(best.split()) and len(words) <= 3:
            best = " ".join(words)
    return best


def _resolve(speakers: list[_Speaker | None], text: str) -> list[_Speaker | None]:
    """Full names for surnames; pronouns and nouns like "the company" to the last named speaker."""
    last_person: _Speaker | None = None
    last_any: _Speaker | None = None
    roles: dict[str, str] = {}
    full_names: dict[str, str] = {}
    resolved = []
    for speaker in speakers:
        if speaker is None:
            resolved.append(None)
            continue
        name = speaker.name
        lower = name.lower()
        if lower in ("he", "she", "him", "her"):
            if last_person:
                speaker.name = last_person.name
                speaker.role = speaker.role or last_person.role
            else:
                speaker.name = ""
        elif lower in ("i", "we", "they", "it") or not name[:1].isupper():
            if lower in ("the company", "the firm", "company", "firm") and last_any and " " not in last_any.name:
                speaker.name = last_any.name
            elif lower in ("we", "i") and last_any:
                speaker.name = last_any.name
            else:
                speaker.name = "" if lower in _PRONOUNS else speaker.name
        else:
            if name not in full_names:
                full_names[name] = _full_name(name, text, speaker.start)
            speaker.name = full_names[name]
            if speaker.role:
                roles.setdefault(speaker.name, speaker.role)
            else:
                speaker.role = roles.get(speaker.name, "")
            if " " in speaker.name:
                last_person = speaker
            last_any = speaker
        resolved.append(speaker)
    return resolved


# --- the finder -------------------------------------------------------------------------------

def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "‘'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-‘’'"):
        end -= 1
    return start, end


def _is_partial(text: str, para: tuple[int, int], open_mark: int, qstart: int, qend: int, how: str) -> bool:
    """A fragment inside a sentence: what precedes the opening mark is running prose."""
    if how != "closed":
        return False
    before = text[para[0]:open_mark].rstrip()
    if not before or before[-1] in ".!?:":
        return False
    if before[-1] == ",":
        return False
    if re.search(rf"(?:{_CUE_VERB}){_CUE_TAIL}(?:\s+(?:that|how|reporters|\w+))?$", before):
        return len(text[qstart:qend].split()) < 4
    return True


def find_quotes(text: str) -> list[FoundQuote]:
    """Every quoted statement (direct, partial, or a block after "X said:"), in order of position."""
    paragraphs = paragraph_bounds(text)
    items: list[tuple[int, int, str, tuple[int, int], int, int, _Speaker | None, str]] = []
    double = _quote_spans(text, paragraphs)
    taken = [(s, e) for s, e, _ in double]
    spans = sorted(double + _single_quote_spans(text, paragraphs, taken))
    def para_index(pos: int) -> int:
        lo, hi = 0, len(paragraphs) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if paragraphs[mid][0] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    quoted_paragraphs: set[int] = set()
    for qs, qe, how in spans:
        pi = para_index(qs)
        para = paragraphs[pi]
        open_mark = qs - 1 if how != "lost" else qs
        # Two-character opening marks: TeX's `` and the doubled apostrophes some newswires open with.
        if how != "lost" and qs >= 2 and text[qs - 2:qs] in ("``", "''"):
            open_mark = qs - 2
        close_mark = qe + 1 if how == "closed" or how == "lost" else qe
        if how in ("closed", "lost") and text[qe:qe + 2] == "''":
            close_mark = qe + 2
        start, end = trim_span(text, qs, qe)
        if end - start < 2:
            continue
        speaker = _attribute(text, para, start, end, open_mark, close_mark)
        if how == "lost" and speaker is None:
            continue  # an orphan closing mark without a cue is more likely noise than a quote
        kind = "partial" if _is_partial(text, para, open_mark, start, end, how) else "direct"
        if text[qs - 1:qs] in "‘'" and how == "closed" and len(text[start:end].split()) <= 4 and speaker is None:
            kind = "partial"
        items.append((start, end, kind, para, pi, open_mark, speaker, how))
        quoted_paragraphs.add(pi)

    # Block statements: "Satya Nadella said:" followed by an unmarked paragraph.
    for pi, para in enumerate(paragraphs[:-1]):
        speaker = _colon_speaker(text, para)
        if not speaker:
            continue
        nxt = paragraphs[pi + 1]
        inside = [i for i, item in enumerate(items) if item[4] == pi + 1]
        if inside:
            first = inside[0]
            s, e, kind, p, _, om, sp, how = items[first]
            if sp is None and text[nxt[0]:om].strip() == "":
                items[first] = (s, e, "direct", p, pi + 1, om, speaker, how)
            continue
        if speaker.cue == "":
            continue
        start, end = trim_span(text, *nxt)
        if end - start >= 2 and len(text[start:end].split()) >= 4:
            items.append((start, end, "block", nxt, pi + 1, start, speaker, "block"))
    items.sort(key=lambda item: item[0])

    # Quotes without a cue of their own inherit from the quote just before them when they
    # continue it: the next paragraph of a multi-paragraph quote, or a quote in the paragraph after.
    speakers: list[_Speaker | None] = []
    for i, item in enumerate(items):
        s, e, kind, para, pi, om, speaker, how = item
        if speaker is None and i > 0:
            prev = items[i - 1]
            prev_speaker = speakers[-1]
            same_sentence = prev[4] == pi and _sentence_bounds(text, para, prev[0])[1] > s
            adjacent = (kind != "partial" and prev[4] == pi) or (
                prev[4] == pi - 1 and text[para[0]:om].strip() == "")
            adjacent = adjacent or same_sentence
            if prev_speaker and adjacent:
                speaker = _Speaker(name=prev_speaker.name, role=prev_speaker.role, cue=prev_speaker.cue,
                                   start=prev_speaker.start, end=prev_speaker.end,
                                   cue_start=prev_speaker.cue_start, cue_end=prev_speaker.cue_end)
                speaker.inherited = True  # type: ignore[attr-defined]
        speakers.append(speaker)
    speakers = _resolve_in_order(speakers, text)

    found = []
    for item, speaker in zip(items, speakers):
        s, e, kind, *_ = item
        found.append(FoundQuote(
            text=text[s:e], start=s, end=e,
            speaker=speaker.name if speaker else "",
            speaker_role=speaker.role if speaker else "",
            cue=speaker.cue if speaker else "",
            kind=kind,
            speaker_start=speaker.start if speaker else -1,
            speaker_end=speaker.end if speaker else -1,
            cue_start=speaker.cue_start if speaker else -1,
            cue_end=speaker.cue_end if speaker else -1,
        ))
    return found


def _resolve_in_order(speakers: list[_Speaker | None], text: str) -> list[_Speaker | None]:
    # Inherited speakers were resolved already through the object they were copied from; resolve
    # the originals in order, then copy the resolved names onto their continuations.
    originals = [sp if sp is not None and not getattr(sp, "inherited", False) else None for sp in speakers]
    _resolve(originals, text)
    result: list[_Speaker | None] = []
    last: _Speaker | None = None
    for sp in speakers:
        if sp is not None and getattr(sp, "inherited", False) and last is not None:
            sp.name, sp.role = last.name, last.role
        if sp is not None:
            last = sp
        result.append(sp)
    return result


# --- reported speech without quotation marks (rules in reported_speech.py) -------------------

def find_attributions(text: str, stance_scores: list[tuple[int, int, float]] | None = None) -> list[FoundQuote]:
    """Quoted statements with a speaker, plus reported speech without marks (kind "indirect").

    "Sources said the deal was off", "The deal was off, he said", "According to X, …" and
    stance cues ("X criticized …", "X plans to …") are attributions too; the benchmark (PolNeAR)
    annotates them. Scare quotes without a speaker are left out. When `stance_scores` is given,
    every stance candidate's (cue start, cue end, probability) is appended to it, kept or not:
    the attribution tagger reads them.
    """
    quotes = _with_own_cues(text, [q for q in find_quotes(text) if q.speaker or q.kind != "partial"])
    covered = [(q.start, q.end) for q in quotes]
    quote_cues = {q.cue_start for q in quotes if q.cue_start >= 0}
    found = list(quotes)
    for para in paragraph_bounds(text):
        starts = sentence_starts(text, *para)
        # A headline "X: claim", or a speaker's label in a transcript: the whole paragraph.
        headline = find_headline_attribution(text[para[0]:para[1]], para[0])
        if headline and not any(qs < headline.end and headline.start < qe for qs, qe in covered):
            found.append(_from_reported(text, headline))
            if len(starts) == 1:
                continue
            starts = starts[1:]
        for i, s in enumerate(starts):
            e = starts[i + 1] if i + 1 < len(starts) else para[1]
            inside = [(qs, qe) for qs, qe in covered if qs < e and s < qe]
            pieces = [(s, e)]
            partial = [q for q in quotes if s <= q.start < e and q.kind == "partial"]
            if inside and len(partial) == len(inside):
                # "Reid told reporters that Trump “may have violated the law” by calling …": a
                # fragment quoted inside reported speech belongs to its content, as PolNeAR
                # annotates it; the attribution replaces the fragment.
                reported = find_reported_speech(text[s:e], s)
                whole = [item for item in reported if any(item.start <= q.start < item.end for q in partial)]
                if whole:
                    absorbed = {q for q in partial if any(item.start <= q.start < item.end for item in whole)}
                    found = [q for q in found if q not in absorbed]
                    found.extend(_from_reported(text, item) for item in reported)
                    continue
            if inside:
                # Reported speech around a quotation in the same sentence ("X said it was too
                # early but added, “I think …”", "“…,” Ramos said, referring to …"): only the
                # unquoted text before its first mark and after its last.
                after = max(qe for _, qe in inside)
                while after < e and text[after] in "\"”’',.!? ":
                    after += 1
                pieces = [(s, min(qs for qs, _ in inside) - 1), (after, e)]
            for ps, pe in pieces:
                if inside and (len(text[ps:pe].split()) < 4 or any(ps < qe and qs < pe for qs, qe in inside)):
                    continue
                # After a quotation, its own attribution ("Trump said in August,") is the quote's.
                own = text.find(",", ps, pe) if inside and ps > s else -1
                reported = find_reported_speech(text[ps:pe], ps)
                # Verbs outside the lexicon, kept by the model in stance_cues.
                candidates = stance_cues.candidates(text[ps:pe], ps, reported)
                if stance_scores is not None:
                    stance_scores.extend((c.attribution.cue_start, c.attribution.cue_end,
                                          stance_cues.probability(c.features)) for c in candidates)
                reported += stance_cues.accepted(candidates)
                for item in reported:
                    # "“…,” Nadella said in a recent report.": the cue is the quotation's own.
                    if item.cue_start > own and item.cue_start not in quote_cues:
                        found.append(_from_reported(text, item))
    found.sort(key=lambda q: q.start)
    return found


# A cue word between two quotations of one speaker, in the same sentence: ", adding (that)",
# ", saying", "and added". Only cues that continue a statement, as the lexicon's general shapes
# ("… and says …") do not apply across a closing mark.
_CONTINUING_CUE = re.compile(r"(?:(?:and|but)\s+)?(?:(?:then|later|also|further)\s+)?"
                             r"(?P<cue>adding|added|adds|saying|noting|noted|explaining|insisting|arguing|"
                             r"warning|calling|continuing|concluding)(?:\s+that)?[\s:]*")
_BETWEEN_MARKS = " \t,\"“”‘’'`«»"


def _with_own_cues(text: str, quotes: list[FoundQuote]) -> list[FoundQuote]:
    """Quotations introduced by their own continuing cue get it (PolNeAR: a second attribution).

    "Trump said, “I don't like it,” adding that “they have anger …”": find_quotes gives both
    pieces Trump's "said"; the second is its own attribution, cued by "adding".
    """
    result = []
    for i, quote in enumerate(quotes):
        previous = quotes[i - 1] if i else None
        if previous and previous.speaker_start == quote.speaker_start >= 0 and previous.end < quote.start:
            between = text[previous.end:quote.start]
            gap = between.strip(_BETWEEN_MARKS)
            cue = _CONTINUING_CUE.fullmatch(gap)
            if cue and "\n" not in between:
                at = previous.end + between.index(gap) + cue.start("cue")
                quote = replace(quote, cue=cue.group("cue"), cue_start=at, cue_end=at + len(cue.group("cue")))
        result.append(quote)
    return result


def _from_reported(text: str, item: ReportedSpeech) -> FoundQuote:
    # The source as written (a pronoun stays a pronoun): PolNeAR annotates the mention itself.
    source = text[item.source_start:item.source_end] if item.source_start >= 0 else ""
    return FoundQuote(
        text=text[item.start:item.end], start=item.start, end=item.end, speaker=source,
        speaker_role="", cue=text[item.cue_start:item.cue_end], kind="indirect",
        speaker_start=item.source_start, speaker_end=item.source_end,
        cue_start=item.cue_start, cue_end=item.cue_end,
    )

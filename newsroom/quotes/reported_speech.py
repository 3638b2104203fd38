"""Reported speech without quotation marks: "X warned that …", "…, X said", "according to X, …".

Pure Python over one sentence at a time: a wide lexicon of attribution cues (speech, thought,
stance and evidence verbs in all inflections) marks where a source meets its content.
"""

import re
from dataclasses import dataclass

# Cue lemmas, drawn from reading the cue spans annotated in PolNeAR's train split (speech verbs,
# and the stance, belief and evidence verbs PolNeAR also counts as attributions). Code, not data.
_LEMMAS = """
say tell add note argue claim warn write suggest acknowledge believe think insist explain report
announce predict stress assert contend maintain concede admit recall agree complain allege
charge deny indicate estimate find show reveal confirm hope fear worry know expect assure promise
vow pledge declare state testify tweet counter respond reply emphasize emphasise conclude learn
continue observe remark speculate wonder question doubt ask criticize criticise praise urge
defend demand blame accuse denounce slam attack mock dismiss reject welcome describe hint imply
signal call cite propose oppose support endorse back plan want seek refuse decline offer thank
mention decide lament decry discuss consider request favor favour prefer feel see view recommend
reiterate echo highlight challenge encourage remind compare portray blast assail applaud condemn
caution threaten vote push identify post email release sign suspect tout boast brag characterize
dub deride lambaste fault chide scold rebuke berate ridicule dispute refute rebut laud hail
commend advocate posit theorize reckon understand realize recognize confess disclose divulge
clarify elaborate underscore underline implore beg plead press pressure inquire
express order joke shout chant voice rule quote repeat yell retweet interject invoke recount
credit comment bemoan downplay balk react reaffirm allude remember muse proclaim utter protest
reference outline seem appear rail side issue talk sound lash distance
"""
# Verbs with irregular or doubled forms: lemma -> (third person, past, -ing).
_IRREGULAR = {
    "say": ("says", "said", "saying"), "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote written", "writing"), "think": ("thinks", "thought", "thinking"),
    "know": ("knows", "knew known", "knowing"), "find": ("finds", "found", "finding"),
    "show": ("shows", "showed shown", "showing"), "see": ("sees", "saw seen", "seeing"),
    "feel": ("feels", "felt", "feeling"), "read": ("reads", "read", "reading"),
    "seek": ("seeks", "sought", "seeking"), "understand": ("understands", "understood", "understanding"),
    "let": ("lets", "let", "letting"), "slam": ("slams", "slammed", "slamming"),
    "admit": ("admits", "admitted", "admitting"), "plan": ("plans", "planned", "planning"),
    "dub": ("dubs", "dubbed", "dubbing"), "beg": ("begs", "begged", "begging"),
    "prod": ("prods", "prodded", "prodding"), "permit": ("permits", "permitted", "permitting"),
    "vote": ("votes", "voted", "voting"), "lead": ("leads", "led", "leading"),
    "leak": ("leaks", "leaked", "leaking"), "brag": ("brags", "bragged", "bragging"),
    "label": ("labels", "labeled labelled", "labeling labelling"),
    "favor": ("favors", "favored", "favoring"), "favour": ("favours", "favoured", "favouring"),
    "refer": ("refers", "referred", "referring"), "grant": ("grants", "granted", "granting"),
    "prefer": ("prefers", "preferred", "preferring"), "rebut": ("rebuts", "rebutted", "rebutting"),
    "broadcast": ("broadcasts", "broadcast", "broadcasting"), "forecast": ("forecasts", "forecast forecasted", "forecasting"),
}


def _inflections(lemma: str) -> set[str]:
    if lemma in _IRREGULAR:
        third, past, ing = _IRREGULAR[lemma]
        return {lemma, third, *past.split(), *ing.split()}
    if lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    return {lemma, third, past, ing}


# Lemmas whose forms are mostly nouns or other senses in news text ("swing states", "votes",
# "primary contests", "continues to"): only their past forms are cues. From reading train's
# false positives.
_PAST_ONLY = set("""
state vote contest post email release press pressure push continue respond sign tweet
side issue talk sound lash distance
""".split())
# Of those, the -ing forms that are verbs all the same ("stating that", "tweeting that").
_PAST_AND_ING = {"state", "tweet", "respond"}
# Present forms that are (almost) never nouns: "says" after any subject is the verb.
_VERB_ONLY = set("""
says tells thinks believes argues insists warns suggests adds explains writes knows wants seems
appears sees predicts expects acknowledges admits urges asks accuses denies praises criticizes
""".split())
# Forms that, as cues, were wrong more often than right on train (precision under a third over at
# least ten uses, where a cue helps F1 only above about F1 / 2): nouns ("rules", "remarks", "the
# plan", "no comment") and senses that are not stance ("felt the pressure", "find a way").
_NOT_CUES = set("""
challenge find finding rules felt feels favored remarks plan comment viewed
""".split())
CUE_WORDS = set()
# Present forms that are also nouns ("his support", "the attacks"): cues only after a subject
# that cannot be a determiner or an adjective (checked in find_reported_speech).
_NOUN_LIKE = set()
for _lemma in set(_LEMMAS.split()):
    _forms = _inflections(_lemma)
    if _lemma in _PAST_ONLY:
        _forms = {f for f in _forms if f.endswith("ed") or f in _IRREGULAR.get(_lemma, ("", "", ""))[1].split()
                  or (_lemma in _PAST_AND_ING and f.endswith("ing"))}
    else:
        _NOUN_LIKE |= {f for f in _forms if not f.endswith(("ed", "ing"))} - _VERB_ONLY - {"said", "told", "wrote", "thought", "knew", "found", "saw", "felt", "sought", "understood", "shown", "seen", "known", "written"}
    CUE_WORDS |= _forms - _NOT_CUES
# Multi-word cues, and cues that are not verbs; longest first so "called for" wins over "called".
_PHRASES = [
    r"called\s+for", r"calls\s+for", r"calling\s+for", r"call\s+for", r"called\s+on", r"calls\s+on",
    r"pointed\s+(?:out|to)", r"points\s+(?:out|to)", r"pointing\s+(?:out|to)", r"point\s+(?:out|to)",
    r"referred\s+to", r"refers\s+to", r"referring\s+to", r"talked\s+about", r"talks\s+about",
    r"talking\s+about", r"spoke\s+(?:about|of)", r"made\s+(?:it\s+)?clear", r"makes\s+(?:it\s+)?clear",
    r"first\s+reported", r"asked\s+about", r"was\s+asked(?:\s+about)?", r"were\s+asked(?:\s+about)?",
    r"(?:is|are|was|were)\s+(?:widely\s+|also\s+|not\s+)?expected", r"would\s+like", r"focused\s+on",
    r"stood\s+by", r"laughed\s+off",
    r"went\s+on\s+to\s+say", r"took\s+issue\s+with", r"weighed\s+in", r"shot\s+back",
]
_CUE = "(?:" + "|".join(_PHRASES + sorted(CUE_WORDS, key=len, reverse=True)) + ")"
# Cues that can only introduce speech with a clause after them ("X said the vote was rigged"):
# a bare noun phrase after these is not a statement ("said Monday").
_SPEECH_ONLY = {"said", "says", "say", "saying", "told", "tells", "tell", "telling", "added", "adds",
                "adding", "add", "noted", "notes", "noting", "wrote", "writes", "writing"}

# Words between a source and its cue: auxiliaries, negation and adverbs.
AUX = (r"(?:(?:has|have|had|will|would|could|should|can|may|might|must|is|are|was|were|be|been|"
        r"do|does|did|not|n['’]t|never|also|then|later|again|once|recently|previously|already|"
        r"still|even|just|now|only|further|often|long|to|going|[a-z]+ly)\s+)*")
CUE_MATCH = re.compile(rf"(?<![\w’'\-])(?P<aux>{AUX})(?P<cue>{_CUE})(?![\w’'\-])")

# Where a clause (and so a source noun phrase) begins, looking back from a cue.
_CLAUSE_BREAK = re.compile(r"(?:[,;:—–(]|\b(?:and|but|while|as|because|since|although|though|when|"
                           r"if|after|before|where|whereas|so|yet|or|than)\b)\s*")
_RELATIVE = {"who", "which", "that", "whom"}
_LEADING_FILLER = re.compile(r"^(?:(?:And|But|So|Yet|Still|Meanwhile|Also|Now|Then|Instead|Indeed|"
                             r"However|Moreover|Separately|Later|Earlier|Today|Yesterday)\s+)+")
PRONOUN_SOURCES = {"he", "she", "they", "we", "i", "it", "you", "who", "which", "that"}
# A noun phrase does not end in these (they mean the cue was not the clause's main verb).
_NOT_NP_END = {"the", "a", "an", "of", "to", "in", "on", "for", "with", "by", "at", "from", "and",
               "or", "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "not",
               "that", "this", "than", "as", "what", "how", "why", "his", "her", "their", "its", "my",
               "our", "your", "there", "if", "when", "where", "so", "about", "into", "over", "no"}
# What a source is not: a time or place adverbial left over before the cue.
_NOT_SOURCE = {"here", "then", "now", "today", "yesterday", "this", "what", "how", "why",
               "when", "where", "so", "not", "also", "more", "less"}
DETERMINER_START = {"the", "a", "an", "some", "many", "most", "several", "his", "her", "their", "its",
                     "our", "other", "both", "all", "few", "two", "three", "one", "no", "each", "every",
                     "those", "these", "more", "fewer", "half", "nearly", "about", "almost"}
_MAX_SOURCE_WORDS = 14
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s")
_PARTICIPLES = {"said", "told", "shown", "seen", "known", "found", "written", "thought", "felt", "sought",
                "understood", "read"}
_PREPOSITIONS = {"in", "with", "absent", "after", "before", "for", "from", "by", "on", "at", "during",
                 "under", "without", "despite", "amid", "among", "like", "unlike", "given", "of", "into",
                 "over", "through", "since", "until", "upon", "within", "against", "to"}
_REFLEXIVE = {"himself", "herself", "themselves", "itself", "myself", "ourselves", "yourself"}


@dataclass(frozen=True)
class ReportedSpeech:
    """Offsets (into the whole text) of one attribution's content, source and cue."""

    start: int
    end: int
    source_start: int
    source_end: int
    cue_start: int
    cue_end: int


def _strip(sentence: str, start: int, end: int) -> tuple[int, int]:
    while start < end and sentence[start] in " \t\n,;:—–-\"“”‘’'(":
        start += 1
    while end > start and sentence[end - 1] in " \t\n,;:—–-\"“”‘’'.!?)":
        end -= 1
    return start, end


def source_before(sentence: str, cue_start: int) -> tuple[int, int] | None:
    """The noun phrase just before a cue: back to the start of its clause, past an appositive."""
    end = cue_start
    while end > 0 and sentence[end - 1].isspace():
        end -= 1
    left = sentence[:end]
    # "Bush, Florida's former governor, called …": the source is the name before the appositive
    # (the scorer needs a shared word, and the name is what is annotated first).
    if left.endswith(","):
        inner = left[:-1].rfind(",")
        if inner < 0:
            return None
        left = left[:inner]
        end = len(left)
    start = 0
    for match in _CLAUSE_BREAK.finditer(left):
        start = match.end()
    start, end = _strip(sentence, start, end)
    phrase = sentence[start:end]
    if not phrase:
        return None
    filler = _LEADING_FILLER.match(phrase)
    if filler:
        start += filler.end()
        phrase = sentence[start:end]
    words = phrase.split()
    if not words or len(words) > _MAX_SOURCE_WORDS:
        return None
    first, last = words[0].lower(), words[-1].lower().strip("’'")
    if last in PRONOUN_SOURCES - _RELATIVE and (len(words) == 1 or not words[-2].isalpha()
                                                or words[-2].lower() in _RELATIVE | _NOT_NP_END):
        # "… in a finish that he said defied expectations": the pronoun just before the cue.
        return end - len(words[-1]), end
    if last in _NOT_NP_END or first in _NOT_SOURCE or last in _NOT_SOURCE:
        return None
    if first in _PREPOSITIONS or (first.endswith("ing") and words[0][:1].isupper() and len(words) > 1
                                  and not words[1][:1].isupper()):
        # "In a video posted …", "Adopting the recommendations …": not a subject ("Leading
        # Democrats", a participle before a name, is).
        return None
    if not (words[0][:1].isupper() or words[0][:1].isdigit() or first in PRONOUN_SOURCES
            or first in DETERMINER_START
            or (len(words) <= 3 and last.endswith("s") and not last.endswith("ss"))
            # "officials close to Clinton say", "others who want to ban abortion said": a plural head.
            or (first.endswith("s") and not first.endswith("ss") and first.isalpha())):
        return None
    return start, end


# After "…, said": a clause ("Obamacare has been a success", "Wednesday that Netanyahu …") is
# not the source of an inverted attribution; "Zeke Emanuel, an oncologist, said …" was before it.
_CLAUSE_AFTER = re.compile(r"\b(?:that|is|are|was|were|has|have|had|will|would|can|could|should|did|does|do)\b")


# "In the latest Quinnipiac poll," / "For Sanders," / "To many voters," opening a sentence (see
# find_reported_speech); a poll's findings, or a person's view. Not "For years," or "To win,".
_FRAMING = re.compile(
    r"(?P<cue>In|For|To)\s+(?P<src>(?:(?:the|a|an|this|that|one|another|its|their|his|her|[A-Z][\w’'.\-]*|"
    r"[a-z][\w’'\-/]*)\s+){0,6}?(?:polls?|surveys?|averages?|study|studies)|"
    r"(?<=For\s)(?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'\-]*(?<!Now)(?<!Example)(?<!Instance)(?<!Years)|"
    r"(?<=To\s)(?:him|her|them|me|us|many|some|critics|supporters|voters|(?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'\-]*))"
    r"\s*,\s+(?=[A-Z“\"]|(?:he|she|they|it|the|a|this|that)\s)"
)


# After "told": whom (a name, a pronoun, "reporters", "the court"), then a clause opening with a
# subject pronoun or a determiner and holding a verb of its own.
_TOLD_CLAUSE = re.compile(
    r"(?:him|her|them|me|us|you|[a-z]+s|(?:the\s+|a\s+)?[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,3}|"
    r"(?:the|a|an|his|her|their)\s+[a-z]+)\s+"
    r"(?P<clause>(?:he|she|they|we|I|it|the|a|an|this|there|his|her|their)\s+(?:\S+\s+){0,4}?"
    r"(?:is|are|was|were|has|have|had|will|would|could|should|can|did|does|do|[a-z]+ed|[a-z]+s)\b)")


# Cues of how a thing looks, whose holder is not written (see find_reported_speech).
_IMPRESSIONS = {"seem", "seems", "seemed", "appear", "appears", "appeared"}


def _append_impression(found: list[ReportedSpeech], sentence: str, match: re.Match, end: int, offset: int) -> None:
    """Add "SUBJECT seems …" / "SUBJECT is expected to …" from its subject to the sentence's end."""
    subject = source_before(sentence, match.start())
    if subject is None:
        return
    start, end = _strip(sentence, subject[0], end)
    if len(sentence[match.end("cue"):end].split()) >= 1:
        found.append(ReportedSpeech(offset + start, offset + end, -1, -1,
                                    offset + match.start("cue") - len(match.group("aux")), offset + match.end("cue")))


# "… was criticized by some of his rivals for …": the agent after a passive cue, up to a
# comma or the preposition that starts what follows it ("accused by critics of promoting …").
_BY_AGENT = re.compile(r"\s+(?:\w+ly\s+)?by\s+(?P<src>[^,;:()“”\"]{2,80}?)(?=\s*(?:[,;:()“”\"]|\.?\s*$|\s(?:for|in|on|at|to|"
                       r"during|after|before|over|as|because|since|who|which|that|and|but|when|while|with|of(?=\s+\w+ing\b))\b))")


def _append_passive(found: list[ReportedSpeech], sentence: str, match: re.Match, offset: int) -> None:
    """Add "SUBJECT was CUE-ed by AGENT": the agent is the source, the subject the content."""
    agent = _BY_AGENT.match(sentence, match.end("cue"))
    subject = source_before(sentence, match.start()) if agent else None
    if subject is None or len(agent.group("src").split()) > 12:
        return
    found.append(ReportedSpeech(offset + subject[0], offset + subject[1], offset + agent.start("src"),
                                offset + agent.end("src"), offset + match.start("cue"), offset + match.end("cue")))


def content_after(sentence: str, cue_end: int, speech_only: bool) -> tuple[int, int] | None:
    start, end = _strip(sentence, cue_end, len(sentence))
    rest = sentence[start:end]
    # "told reporters (on Monday) that …": the object before "that" is not the content. The
    # "that" itself is: PolNeAR's contents start with it (train: 1,020 contents matched all but
    # their "that"; content exact F1 0.406 -> 0.465 with it kept).
    told = re.match(r"(?:[\w’'.\-]+\s+){0,5}?(?=that\s)", rest)
    if told and speech_only:
        start += told.end()
    elif rest[:5].lower() == "that ":
        pass
    elif speech_only and sentence[cue_end - 4:cue_end] in ("told", "tell", "ells", "ling"):
        # "Gates told investigators he was working with Manafort": whom, then a clause with its
        # own subject; "he told the court in his filing": whom he told, not what (no clause).
        clause = _TOLD_CLAUSE.match(rest)
        if not clause:
            return None
        start += clause.start("clause")
    rest = sentence[start:end]
    words = rest.split()
    if not words:
        return None
    # "found himself …", "reported from Washington", "said, wiping sweat off his face".
    if words[0].lower() in _REFLEXIVE or (len(words) <= 5 and _TIME_OR_PLACE.match(rest)) \
            or (sentence[cue_end:start].strip() == "," and words[0].endswith("ing")):
        return None
    if speech_only and (len(words) < 3 or re.match(r"(?:on|in|at|last|this|Monday|Tuesday|Wednesday|"
                                                  r"Thursday|Friday|Saturday|Sunday)\b", rest)
                        and len(words) < 5):
        return None
    return start, end


def find_reported_speech(sentence: str, offset: int = 0) -> list[ReportedSpeech]:
    """Attributions in one sentence without quotation marks; offsets are `offset` + position."""
    found: list[ReportedSpeech] = []
    stripped_end = len(sentence.rstrip())
    # "According to X, content" / "content, according to X."
    according = re.search(r"\b[Aa]ccording\s+to\s+", sentence)
    if according:
        src_start = according.end()
        comma = sentence.find(",", src_start)
        if according.start() <= 3 and comma > 0:
            source = _strip(sentence, src_start, comma)
            content = _strip(sentence, comma + 1, stripped_end)
        else:
            source = _strip(sentence, src_start, comma if comma > 0 else stripped_end)
            content = _strip(sentence, 0, according.start())
        if source[1] > source[0] and content[1] > content[0]:
            found.append(ReportedSpeech(offset + content[0], offset + content[1], offset + source[0],
                                        offset + source[1], offset + according.start(),
                                        offset + according.end() - 1))
        return found
    # "In the new Post-ABC poll, Trump leads …", "For Chait, Williamson is exposing …": a framing
    # phrase whose noun phrase is the source of the clause after its comma.
    framing = _FRAMING.match(sentence)
    if framing and len(sentence[framing.end():stripped_end].split()) >= 4:
        content = _strip(sentence, framing.end(), stripped_end)
        found.append(ReportedSpeech(offset + content[0], offset + content[1], offset + framing.start("src"),
                                    offset + framing.end("src"), offset + framing.start("cue"),
                                    offset + framing.end("cue")))
    # "Former Clinton Pollster Says Clinton Is In Trouble": a headline capitalizes its cue too.
    words = re.findall(r"[A-Za-z][\w’']*", sentence)
    title_case = len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
    # "Asked whether the deal was fair, 46 percent said …": the question is an attribution of its
    # own, whose source (the pollster, the reporter) is not written.
    # "… he said when asked by a reporter if that remains his view", "Sanders was asked by host
    # John Dickerson whether …": the question is the content, the asker (when written) the source.
    questions = list(_ASKED.finditer(sentence))
    for asked in questions:
        src = (offset + asked.start("src"), offset + asked.end("src")) if asked.group("src") else (-1, -1)
        found.append(ReportedSpeech(offset + asked.start("content"), offset + asked.end("content"), *src,
                                    offset + asked.start("cue"), offset + asked.end("cue")))
    for match in CUE_MATCH.finditer(sentence if not title_case else _lower_cues(sentence)):
        cue = match.group("cue").lower()
        cue_start, cue_end = match.start("cue"), match.end("cue")
        if any(q.start("cue") <= cue_end and cue_start <= q.end("cue") for q in questions):
            continue  # "was asked whether …": the question, found above
        head = cue.split()[0]
        speech_only = head in _SPEECH_ONLY
        if _PASSIVE.search(match.group("aux")) and (head.endswith("ed") or head in _PARTICIPLES):
            if cue == "expected" and re.search(r"\b(?:is|are|was|were)\s+(?:\w+ly\s+|also\s+|not\s+)?$", match.group("aux")) \
                    and re.match(r"\s+to\s", sentence[cue_end:]):
                # "The House is expected to pass a bill": an expectation whose holder is not
                # written; PolNeAR's content is the whole clause, subject included.
                _append_impression(found, sentence, match, stripped_end, offset)
            else:
                _append_passive(found, sentence, match, offset)
            continue  # "The attacks were condemned across the region": the subject is not the source
        if head in _IMPRESSIONS:
            # "Trump's supporters seemed unperturbed", "the race appears closer": how things look
            # to an unwritten observer (the writer); the subject is part of the content.
            _append_impression(found, sentence, match, stripped_end, offset)
            continue
        if match.group("cue")[0].isupper() and match.start() > 0 and not (title_case and cue in _HEADLINE_CUES):
            continue  # "United States", "Pressure From Clinton Ally": a name or a headline word
        before = sentence[:match.start()].rstrip()
        after = sentence[cue_end:stripped_end].strip()
        # "content, X said." / "content, said X."
        if before.endswith(",") and len(after.split()) <= 8 and not re.search(r"[,;]", after.rstrip(".!?")[:-1] or "x") \
                and head in _SPEECH_ONLY | {"according"} and len(before.split()) >= 3 \
                and not _CLAUSE_AFTER.search(after):
            inverted = _strip(sentence, cue_end, stripped_end)
            if inverted[1] > inverted[0] and (sentence[inverted[0]].isupper()
                                              or sentence[inverted[0]:inverted[0] + 4] in ("the ", "a ")):
                content = _strip(sentence, 0, len(before))
                found.append(ReportedSpeech(offset + content[0], offset + content[1], offset + inverted[0],
                                            offset + inverted[1], offset + cue_start, offset + cue_end))
                break
        source = source_before(sentence, match.start())
        if source is None:
            # ", saying …" / "… calling him a loser": the subject of the sentence is the source.
            # "Wealth-X keeps its finances a secret but says …": a second verb of the subject.
            if (head.endswith("ing") and before.endswith(",")) or re.search(r"\b(?:and|but)$", before):
                # The source of the sentence's first cue when there is one, else its subject
                # after a leading phrase ("Facing questions, Trump …").
                earlier = [f for f in found if f.source_start >= 0 and f.cue_start < offset + match.start()]
                if earlier:
                    source = (earlier[-1].source_start - offset, earlier[-1].source_end - offset)
                else:
                    lead = _LEADING_PHRASE.match(sentence)
                    subject = _SENTENCE_SUBJECT.match(sentence, lead.end() if lead else 0)
                    source = subject.span("src") if subject else None
            if source is None:
                continue
        # "X said the plan, which critics called …": a relative clause inside an earlier content.
        if found and found[-1].start - offset <= source[0] and not head.endswith("ing") \
                and sentence[source[0]:source[1]].lower() in ("that", "which"):
            continue
        # "Organizers say they want …", "he still plans to back …", "the campaign issued a statement
        # saying that people who support …": a cue whose source runs through an earlier cue of the
        # sentence is inside that attribution's content, where PolNeAR leaves it (train: content
        # overlap F1 0.731 -> 0.746, source 0.716 -> 0.733; dropping every cue inside an earlier
        # content instead lost too much recall, 0.737 / 0.726).
        # A relative clause inside the source ("others who want to ban abortion said") is not that.
        if any(offset + source[0] <= f.cue_start < offset + source[1]
               and (f.source_start < 0 or sentence[f.source_start - offset:f.source_end - offset].split()[-1].lower() not in _RELATIVE)
               for f in found):
            continue
        if cue in _NOUN_LIKE and not match.group("aux").strip() and not _can_be_subject(sentence[source[0]:source[1]]):
            continue
        content = content_after(sentence, cue_end, speech_only)
        if content is None or head in _SPEECH_ONLY and _trails(sentence, cue_end, stripped_end):
            # "The deal is off, the people said (on Monday).": the content is before the source.
            comma = sentence.rfind(",", 0, source[0])
            if comma < 0 or not _trails(sentence, cue_end, stripped_end) or sentence[comma + 1:source[0]].strip():
                continue
            content = _strip(sentence, 0, comma)
            if len(sentence[content[0]:content[1]].split()) < 4:
                continue
        found.append(ReportedSpeech(offset + content[0], offset + content[1], offset + source[0],
                                    offset + source[1], offset + cue_start, offset + cue_end))
    return _cut_at_participle_cues(sentence, found, offset)


def _cut_at_participle_cues(sentence: str, found: list[ReportedSpeech], offset: int) -> list[ReportedSpeech]:
    """"X said A, adding B": the content of "said" ends before ", adding", which is its own attribution."""
    result = []
    for item in found:
        for later in found:
            comma = later.cue_start - offset - 1
            while comma > 0 and sentence[comma] == " ":
                comma -= 1
            if (item.start < later.cue_start < item.end and sentence[comma] == ","
                    and sentence[later.cue_start - offset:later.cue_end - offset].endswith("ing")
                    and comma + offset > item.start):
                item = ReportedSpeech(item.start, comma + offset, item.source_start, item.source_end,
                                      item.cue_start, item.cue_end)
                break
        result.append(item)
    return result


# Singular nouns that report or decide things, so a present-tense cue after them is a verb.
_SOURCE_NOUNS = {"poll", "survey", "study", "report", "analysis", "data", "video", "search", "math",
                 "statement", "letter", "memo", "record", "campaign", "government", "court", "group",
                 "committee", "company", "administration", "party", "ad", "article", "book", "story",
                 "research", "review", "audit", "investigation", "census", "index", "model", "forecast",
                 "there", "spokesman", "spokeswoman", "spokesperson", "official", "source", "aide"}
_DETERMINER_LIKE = {"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that",
                    "these", "those", "some", "any", "no", "more", "most", "much", "such", "same"}


def _can_be_subject(source: str) -> bool:
    """Whether a present-tense cue after `source` is a verb, not a noun ("the attacks", "Trump's tweet")."""
    words = source.split()
    last = words[-1]
    if last.lower() in PRONOUN_SOURCES:
        return True
    if last.lower() in _SOURCE_NOUNS:
        return True  # "a new national poll shows …"
    if last.endswith("%") or last == "percent" or last.isdigit():
        return True  # "47% say …", poll shares
    if last.endswith(("’s", "'s", "s’", "s'")) or (len(words) == 1 and last.lower() in _DETERMINER_LIKE):
        return False
    # A name ("Trump backs"), or a plural noun ("voters support"); an adjective or a noun used as
    # a modifier ("swing states", "overwhelming support") is lower case and not plural.
    return last[:1].isupper() or (last.endswith("s") and not last.endswith("ss"))


# Cues a headline writes in title case; lowered before matching when the sentence is a headline.
_HEADLINE_CUES = {"says", "said", "tells", "told", "warns", "slams", "blasts", "calls", "urges", "wants",
                  "backs", "endorses", "accuses", "claims", "denies", "rips", "praises", "defends",
                  "vows", "pledges", "admits", "suggests", "thinks", "believes", "predicts", "hints",
                  "calls for", "attacks", "knocks", "questions", "rejects", "dismisses", "insists"}
_HEADLINE_CUE = re.compile(r"(?<![\w’'\-])(?:%s)(?![\w’'\-])" % "|".join(
    sorted((c.title() for c in _HEADLINE_CUES), key=len, reverse=True)))


def _lower_cues(sentence: str) -> str:
    """The sentence with its title-case cue words lowered (same length, so offsets hold)."""
    return _HEADLINE_CUE.sub(lambda m: m.group().lower(), sentence)


_TIME_OR_PLACE = re.compile(r"\s*(?:on|in|at|from|last|this|late|early|earlier|later|during|after|before|"
                            r"recently|yesterday|today|Monday|Tuesday|Wednesday|Thursday|Friday|"
                            r"Saturday|Sunday|in\s+an?\s+\w+)\b")


def _trails(sentence: str, cue_end: int, end: int) -> bool:
    """Whether nothing, or only a time or a place, follows the cue ("…, he said on Monday.")."""
    rest = sentence[cue_end:end].strip(" .!?")
    if sentence[cue_end - 4:cue_end] in ("told", "tell", "ells") and len(rest.split()) <= 5 and "," not in rest:
        return True  # "…, he told reporters (on Monday)."
    return not rest or (len(rest.split()) <= 6 and "," not in rest and " that " not in rest
                        and _TIME_OR_PLACE.match(rest) is not None)


_ASKED = re.compile(
    r"(?<![\w’'])(?P<cue>[Aa]sked)(?:\s+(?:on|last|this|earlier|later)\s+\w+)?(?:\s+by\s+(?P<src>[^,;]{2,60}?))?"
    r"\s+(?P<content>(?:whether|if|what|why|how|about|which|who|when|to)\b[^,;?!]{3,200}?)(?=\s*(?:[,;?!]|\.?[\"”’']*\s*$))")
_LEADING_PHRASE = re.compile(r"(?:In|With|Absent|After|Before|For|During|Under|Despite|Amid|Facing|Asked|"
                             r"Speaking|Given|Like|Unlike|On|At|Since|When|While|As|Earlier|Later|"
                             r"Last|This)\b[^,]{0,80},\s*")
# The subject a participle (", saying …") refers back to: a name or a pronoun opening the sentence.
_SENTENCE_SUBJECT = re.compile(r"(?:The\s+|A\s+)?(?P<src>(?:He|She|They|It|We|I)\b|(?:[A-Z][\w.’'\-]*\s+){0,5}[A-Z][\w.’'\-]*(?=\s+[a-z]))")


_HEADLINE = re.compile(
    # An optional kicker ("EXCLUSIVE – "), a short source in title case, a colon, a capitalized claim.
    r"^\s*(?:[A-Z]{3,}\s*[–—-]\s*)?((?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*)\s*:\s+([“\"‘']?[A-Z0-9].{8,})$"
)


def find_headline_attribution(line: str, offset: int = 0) -> ReportedSpeech | None:
    """A headline "Elizabeth Warren: Trump Is a Failure.": a short capitalized source, a colon."""
    match = _HEADLINE.match(line)
    # A speaker label in a transcript ("KATE BOULDUAN: Why not debate?") is annotated the same way.
    if not match:
        return None
    start, end = _strip(line, match.start(2), len(line))
    return ReportedSpeech(offset + start, offset + end, offset + match.start(1), offset + match.end(1),
                          offset + match.end(1), offset + match.end(1) + 1)

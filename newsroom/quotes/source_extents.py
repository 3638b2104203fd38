"""A found source mention widened or narrowed to the span PolNeAR's annotators mark.

The finders take the name ("Garin", "Luis Miranda") or the noun phrase back to a clause start;
annotated sources keep the honorific ("Mr. Garin"), the appositive that describes the person
("Luis Miranda, a spokesman for the Democratic National Convention") and, for a relative clause,
only the relative pronoun ("who"). Pure Python, no Django: offsets in, offsets out.
"""

import re

from newsroom.quotes import finding

# Titles written before a name that annotators keep with it.
_HONORIFIC_BEFORE = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Sgt|Prof|Rev|Pres|Sens|Reps|Adm|Col|Capt|Maj)\.\s+$")
# What opens an appositive after a name: "Bernstein, a Montgomery Village resident",
# "Giuliani, who served as …", "Mr. Regalado, 69", "Tad Devine, Sanders's chief strategist".
_APPOSITIVE_OPENING = re.compile(
    r",\s+(?=(?:a|an|the|who|whose|one|two|three|some|his|her|their|its|then|now|former|of|\d+\b|"
    r"[A-Z][\w.’'\-]*(?:’s|'s)\s|(?:" + "|".join(re.escape(w) for w in sorted(finding.TITLE_WORDS)) + r")\b)\s*)")
# Where an appositive stops when the cue comes before it ("…, said X, a spokesman for Y."): the
# end of the sentence, a quotation mark, or a clause break that starts a new statement.
_APPOSITIVE_STOP = re.compile(r"[.;:!?“”\"]|—|\s\((?!\w+-\w+\))|,\s+(?:and|but|said|says|adding|according)\b")
_MAX_APPOSITIVE_WORDS = 25
# Words a source does not end in, left over from the phrase before a cue ("he often", "he’s").
_TRAILING = re.compile(r"(?:[’']s|[’']m|[’']re|[’']ve|[’']d|[’']ll|\s+(?:often|also|later|then|still|never|quite|"
                       r"subsequently|again|once|recently|previously|already|just|even|repeatedly|always|"
                       r"first|now|only|[a-z]+ly))$")
_RELATIVE_END = re.compile(r"\s(who|which|that)$")
# Left over before a subject: a subordinating word ("While Mr. Ryan"), a dateline ("NEW YORK - ").
_LEADING = re.compile(r"(?:(?:While|Although|Though|As|Which|If|When|Because|Since|Whereas|while|although|though|"
                      r"as|which|because|since|whereas)\s+|[A-Z][A-Za-z .,]*\s[-—–]\s+)(?=\S)")
# After a subject: when it spoke ("Trump earlier Tuesday", "Virginia Gov. Terry McAuliffe on Friday").
_TIME_AFTER = re.compile(r"\s+(?:on|earlier|late|last|this|early)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                         r"Saturday|Sunday)(?:\s+(?:night|morning|afternoon|evening))?$")
# A role written before a name that annotators keep with it ("Judicial Watch president Tom Fitton",
# "White House press secretary Josh Earnest", "Clinton ally James Carville").
_ROLE_WORDS = finding.TITLE_WORDS | {"ally", "press", "campaign", "communications", "policy", "national",
                                     "political", "top", "longtime", "spokesperson", "manager"}


def widen(text: str, start: int, end: int, cue_start: int) -> tuple[int, int]:
    """The annotated extent of the source written at text[start:end] whose cue starts at cue_start
    (-1 when there is none): honorific before, appositive after, relative pronoun alone."""
    if start < 0 or end <= start:
        return start, end
    relative = _RELATIVE_END.search(text, start, end)
    if relative and relative.start() > start:
        # "Angela Corey is the Republican state attorney who …": the pronoun is the mention.
        return relative.start(1), relative.end(1)
    for pattern in (_TRAILING, _TIME_AFTER):
        trailing = pattern.search(text, start, end)
        if trailing and trailing.start() > start:
            end = trailing.start()
    leading = _LEADING.match(text, start, end)
    if leading and leading.end() < end:
        start = leading.end()
    honorific = _HONORIFIC_BEFORE.search(text, max(0, start - 8), start)
    if honorific and text[start:start + 1].isupper():
        start = honorific.start()
    start = _with_role_before(text, start)
    end = _with_appositive(text, start, end, cue_start)
    return start, end


def _with_role_before(text: str, start: int) -> int:
    """Start of "ROLE NAME" when lower-case role words (and the names they hang on) precede NAME."""
    if not text[start:start + 1].isupper():
        return start
    words = list(re.finditer(r"[\w.’'&\-]+", text[max(0, start - 80):start]))
    offset = max(0, start - 80)
    new_start, cursor, seen_role = start, start, False
    for word in reversed(words):
        if text[offset + word.end():cursor].strip():
            break  # punctuation between: a clause break
        value = word.group()
        if value.lower() in _ROLE_WORDS and (value.islower() or value in ("Gov.", "Sen.", "Rep.")):
            seen_role = True
        elif not (value[:1].isupper() and seen_role):
            break
        cursor = offset + word.start()
        if seen_role:
            new_start = cursor
    return new_start


def _with_appositive(text: str, start: int, end: int, cue_start: int) -> int:
    opening = _APPOSITIVE_OPENING.match(text, end)
    if not opening or not text[start:start + 1].isupper() and not text[start:end].lower().startswith("the "):
        return end
    if cue_start >= end:
        # "Luis Miranda, a spokesman for the convention, said": up to the comma before the cue.
        between = text[opening.end():cue_start].rstrip()
        if not between.endswith(","):
            return end
        appositive_end = opening.end() + len(between) - 1
        piece = text[opening.end():appositive_end]
        if not piece or len(piece.split()) > _MAX_APPOSITIVE_WORDS or any(m in piece for m in "“”\""):
            return end
        return appositive_end
    if 0 <= cue_start < start:
        # "…, said Luis Miranda, a spokesman for the convention.": to the sentence's end.
        stop = _APPOSITIVE_STOP.search(text, opening.end())
        appositive_end = stop.start() if stop else len(text)
        newline = text.find("\n", opening.end(), appositive_end)
        if newline >= 0:
            appositive_end = newline
        appositive_end = len(text[:appositive_end].rstrip(" ,"))
        piece = text[opening.end():appositive_end]
        if not piece or len(piece.split()) > _MAX_APPOSITIVE_WORDS:
            return end
        return appositive_end
    return end

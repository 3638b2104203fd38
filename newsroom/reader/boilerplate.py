"""Page furniture that every site shares: share buttons, ads, newsletter boxes, comment forms, footers.

Sentence- and block-level patterns used by both the plain-text cleaner and the HTML post-cleaning.
"""

import re

SOCIAL = (r"Facebook|X|Twitter|LinkedIn|Reddit|WhatsApp|Pinterest|Telegram|E-?mail|RSS|Instagram|YouTube|"
           r"TikTok|Flipboard|Threads|Mastodon|Bluesky|Tumblr|Pocket|Messenger|Google News|Apple News")
# "Share on Facebook Share on X", "Follow us on RSS", "Click to share on Reddit (Opens in new window)"
SOCIAL_CALLS = re.compile(
    rf"(?:(?:Click to )?(?:Share|Follow(?: us)?|Like us|Tweet|Pin(?: it)?|Email|Post|Subscribe|Find us|Join us)"
    rf"(?: this(?: article| story| post)?)?\s+(?:on|to|via|with)\s+(?:{SOCIAL})\b(?:\s*\(Opens in new window\))?[\s,|•·]*)+",
    re.I,
)
SHARE_LABELS = re.compile(r"^(?:share(?: this)?(?: article| story| post)?|share via|tweet|print|e-?mail|copy link|"
                           r"(?:" + SOCIAL + r")(?:\s+(?:" + SOCIAL + r"))*)\s*:?$", re.I)

# Calls to action, ads, event promotions and newsletter boxes, addressed to the reader.
PROMO_STRONG = re.compile(
    r"\b(?:(?<!to )learn more|click here|tap here|check out our|join us|register (?:now|today|here)|"
    r"don'?t miss|near you|follow us|download (?:our|the) app|get (?:the|our) (?:app|newsletter)|promo code|"
    r"free trial|discover our|explore our|visit our|our \w+(?: / \w+)? page|(?:sign up|subscribe) (?:to|for) our|"
    r"our newsletters?|unlimited access|already a (?:subscriber|member)|create (?:an|a free) account|"
    r"support (?:our|independent) journalism|become a (?:member|subscriber|patron|sponsor)|"
    r"this (?:article|story|post|content) (?:contains|may contain|is sponsored)|we may earn|"
    r"affiliate (?:link|commission)s?|advertise with us|do not sell my|thanks for signing up|"
    r"error processing your subscription|keep an eye on your inbox|share it with a friend|"
    r"for more information[^.]{0,80}(?:please )?visit|we use cookies|(?:this|our) (?:web)?site uses cookies|"
    r"by (?:continuing|using|clicking)[^.]{0,60}you (?:agree|accept|consent)|you agree to our|"
    r"(?:delivered|straight|direct(?:ly)?) to your inbox|sign up for [\w ]{1,40}newsletters?|"
    r"follow (?:him|her|them|us) on (?:twitter|facebook|instagram)|(?:may|can) be reached at|have a tip\?|"
    r"use the (?:promo |discount )?code|if you enjoyed this|"
    r"reach (?:the )?(?:reporters?|writers?|authors?|him|her|them) (?:on|at|via)|"
    r"follow (?:\w+(?:'|’)s )?(?:full |complete |all of our |our )?coverage of|listen back here)\b",
    re.I,
)
# Words that are furniture only in a short call to action ("Sign up now", "Subscribe to read"), not
# in reporting about subscriptions or advertising.
PROMO_WEAK = re.compile(
    r"\b(?:sign up|sign-up|signup|subscribe|subscription|newsletter|sponsor(?:ed|ship|s)?|advertis\w*|"
    r"read more|webinar|log ?in to|cookies?|privacy policy|terms of (?:service|use))\b",
    re.I,
)
IMPERATIVE_START = re.compile(
    r"^(?:sign|subscribe|get|join|consider|become|register|download|try|start|follow|read|watch|listen|click|tap|"
    r"visit|discover|explore|support|share|advertise|sponsor|contact|shop|buy|save|enter|claim|book|grab|"
    r"don'?t|never miss|want|looking|interested|need)\b",
    re.I,
)
SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you’re|yours)\b", re.I)
EVENT_WORDS = re.compile(r"\b(?:awards?|summit|conference|expo|webinar|festival|tour|event|forum|masterclass|"
                          r"meetup|hackathon|workshop|livestream|podcast)\b", re.I)

COMMENT_FORM = re.compile(
    r"^(?:leave a (?:comment|reply)|post (?:a )?comment|add (?:a )?comment|cancel reply|comments?|reply|"
    r"\d+ comments?|(?:no|show|view|load|hide) (?:more )?comments?|join the (?:discussion|conversation)|"
    r"your email address will not be published\.?|required fields are marked\s*\*?|"
    r"save my name, email,? and website in this browser.*|notify me of .*(?:comments|posts).*|"
    r"name\s*\*?|e-?mail\s*\*?|website|comment\s*\*?|log in to reply|you must be logged in to post a comment\.?)$",
    re.I,
)
COMMENT_FORM_INLINE = re.compile(
    r"(?:your email address will not be published\.?|required fields are marked\s*\*?)", re.I
)
COPYRIGHT = re.compile(
    r"(?:©|\(c\)\s*\d{4}|\bcopyright\b\s*(?:©|[\w .,&'’-]{0,40}\d{4})|\ball rights reserved\b|"
    r"\bmay not be (?:published|reproduced|copied),? (?:broadcast|distributed)|\bquotes (?:are )?delayed\b|"
    r"\b(?:market|fundamental|financial|stock|real-time) (?:data|quotes) (?:is |are )?provided by\b|"
    r"\bquotes (?:are )?provided by\b|\bfor your personal,? non-commercial use only\b)",
    re.I,
)
MISSION = re.compile(r"\b(?:our|[A-Z][\w.]*(?:'|’)s) mission is\b")
RELATED_HEADER = re.compile(
    r"^(?:related(?: posts| articles| stories| news| content| coverage| reading)?|read (?:more|next|also)|"
    r"see also|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|more (?:from|on|in) [\w .&'’-]{1,40}|"
    r"more stories|recommended(?: for you| stories| reading)?|most (?:read|popular|viewed|shared)|popular(?: posts| stories)?|"
    r"trending(?: now| stories)?|latest(?: news| stories| posts)?|top stories|editor'?s picks|further reading|"
    r"also read|don'?t miss|recent posts|previous post|next post|other stories)\s*:?$",
    re.I,
)
AUTHOR_HEADER = re.compile(r"^(?:author|about the author|about (?:the )?writer|written by|the author|authors?:)\s*:?$", re.I)
BIO = re.compile(
    r"^(?P<name>(?:[A-Z][\w'’.-]+)(?: [A-Z][\w'’.-]+){0,3}) (?:is|was|has been|covers|writes)\b.{0,80}?"
    r"\b(?:journalist|writer|reporter|editor|correspondent|contributor|author|columnist|blogger|analyst|"
    r"freelancer|producer|covers|writes about|has written|has covered)",
)
BYLINE = re.compile(r"^(?:by|written by|words by|posted by|author:)\s+(?P<names>.+)$", re.I)
CAPTION_PREFIX = re.compile(r"^(?:photo|image|picture|illustration|credit|source|photograph|video|graphic|file photo)"
                             r"(?: credit)?s?\s*[:：|]", re.I)
CAPTION_CREDIT = re.compile(r"\b(?:getty images|shutterstock|reuters|afp|ap photo|associated press|unsplash|"
                             r"istock|alamy|epa|bloomberg via getty)\b", re.I)
ROLE_WORDS = re.compile(r"\b(?:ceo|cto|cfo|coo|chair(?:man|woman|person)?|president|founder|co-founder|director|"
                         r"head|vp|svp|evp|manager|minister|secretary|professor|chief|officer|editor|analyst|"
                         r"spokes(?:person|man|woman)|governor|senator|mayor|leader|partner|lead|executive)\b", re.I)


# Labels that stand for an ad slot or a reading prompt between paragraphs.
AD_LABEL = re.compile(
    r"^(?:advertisement|advertising|advert|ad|sponsored(?: content)?|story continues below(?: advertisement)?|"
    r"continue reading(?: below| the main story)?|scroll to continue(?: with content)?|skip (?:to|this) ad\w*|"
    r"article continues (?:below|after (?:this )?advertisement)|ad feedback|close|loading\.*|video|watch)\s*:?$",
    re.I,
)

# Caption furniture a scraper keeps as its own lines: "Image copyright", "Getty Images", "@handle".
CAPTION_LABEL = re.compile(
    r"^(?:(?:image|media|photo|video|picture) (?:copyright|caption|source|credit)s?|caption|"
    r"(?:photo|image)s?(?: by| credit| source)?:? .{0,40}(?:getty|reuters|ap|afp|shutterstock|images?)|"
    r"(?:getty images|shutterstock|reuters|afp|associated press|ap photo|pa media|epa|alamy|istock)"
    r"(?:[ /:,-]+[\w .]{0,30})?|@\w{1,30})\s*:?$",
    re.I,
)
# After these labels the next line is the caption itself.
CAPTION_INTRO = re.compile(r"^(?:image|media|video|photo) caption\s*:?$", re.I)

# Where the comments start: their prose must not be taken for the article's.
COMMENTS_HEADER = re.compile(
    r"^[\[(]?\s*(?:\d+\s+|top[- ]rated\s+|latest\s+|reader\s+|all\s+|most (?:popular|liked)\s+)?"
    r"(?:comments?|responses?|replies|reactions|discussion|conversation)(?:\s*\(\d+\))?\s*[\])]?\s*:?$|"
    r"^(?:leave|post|add|write|submit|start) (?:a|the|your) (?:comment|reply|response|discussion)|"
    r"^join the (?:discussion|conversation|debate)|^comments? (?:are|is) (?:closed|disabled)|"
    r"^(?:show|view|load|read|see) (?:all |the )?(?:\d+ )?(?:comments?|responses|replies)|^comment policy|"
    r"^(?:\d+|no) (?:thoughts|responses|replies) (?:on|to)\b|^what do you think\?$|^have your say\b",
    re.I,
)

# A teaser of another story behind a prompt: "READ MORE: China plague outbreak confirmed", "SEE MORE: …".
TEASER_PREFIX = re.compile(
    r"^[\[(]?\s*(?:read (?:more|also|next)|see (?:more|also)|also read|also|more|watch|related(?: posts?| stories| articles?)?|"
    r"don'?t miss|must read|recommended|trending|latest|listen)\s*(?::|\||\n|-|–)\s*\S|"
    r"^also on [\w-]+\.[a-z]{2,}\b",
    re.I,
)
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|"
           r"fri(?:day)?|sat(?:urday)?|sun(?:day)?")
# A block that is only a time stamp ("November 20, 2019 - 11:28 AMT", "Updated at 1:23 p.m."): the
# date is metadata, shown above the article, not a paragraph of it.
_TIMESTAMP_PREFIX = re.compile(r"^(?:last )?(?:updated|published|posted|modified)(?: at| on)?\s*:?\s*", re.I)
_TIMESTAMP_TOKEN = re.compile(
    rf"(?:(?:{_MONTHS})\.?|\d{{1,4}}(?:st|nd|rd|th)?(?::\d\d)*|[ap]\.?m\.?|[A-Z]{{2,4}}|at|on)", re.I
)
_TIMESTAMP_ZONE = re.compile(r"^[A-Z]{2,4}$")


def is_timestamp(text: str) -> bool:
    """True for a block that is only a time stamp ("November 20, 2019 - 11:28 AMT", "Updated at 1:23 p.m.").

    The date is metadata, shown above the article, not a paragraph of it.
    """
    if len(text) > 100 or not any(c.isdigit() for c in text):
        return False
    stripped = _TIMESTAMP_PREFIX.sub("", text.strip())
    # A clock time alone ("4:14 p.m.") heads an entry of a live blog: only a date or a labelled
    # time ("Updated at 1:23 p.m.") is a stamp.
    if stripped == text.strip() and not re.search(rf"\b(?:{_MONTHS})\b|\b(?:19|20)\d\d\b", text, re.I):
        return False
    text = stripped
    tokens = [t for t in re.split(r"[\s,/|•·–—-]+", text) if t]
    if not tokens or len(tokens) > 10 or not any(c.isdigit() for c in text):
        return False
    for token in tokens:
        if not _TIMESTAMP_TOKEN.fullmatch(token):
            return False
        if token.isalpha() and len(token) <= 4 and not re.fullmatch(rf"(?:{_MONTHS})\.?|[ap]\.?m\.?|at|on", token, re.I) \
                and not _TIMESTAMP_ZONE.match(token):
            return False
    return True

# "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube."
FOLLOW_LIST = re.compile(
    rf"^(?:follow|like|find|join) (?:us|[A-Z][\w ]{{0,30}}) on (?:{SOCIAL})(?:\s*(?:,|and|&)\s*(?:{SOCIAL}))*\s*[.!]?$", re.I
)
# The label a player or gallery puts in front of its caption ("Media captionWho is Julian Assange?");
# the video itself is not in the reader, so neither is its caption.
MEDIA_CAPTION = re.compile(r"^(?:media|video|image) caption", re.I)

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
PROMO = re.compile(
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
COPYRIGHT = re.compile(r"(?:©|\(c\)\s*\d{4}|\bcopyright\b\s*(?:©|\d{4})|\ball rights reserved\b)", re.I)
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

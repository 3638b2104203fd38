"""The page's own structure put back into the extracted body: emphasis, links, figures and captions.

trafilatura chooses the article's blocks; this module finds each kept block in the page and takes
its inline markup from there, and adds the figures that sit between kept blocks inside the article.
"""

import re
from copy import deepcopy
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from newsroom.reader.nesting import parse_fragment
from newsroom.reader.parsers import html_parser
from newsroom.reader.regions import block_score

_PARSER = html_parser()
_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")
# The first two words of a text (as _key spells them), looked for in its first 120 characters.
_FIRST_TWO_WORDS = re.compile(r"[^\W_]+(?:[\W_]+[^\W_]+)?")

# Blocks whose text is matched between the reader body and the page.
_TEXT_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "pre",
                "figcaption")
_BODY_BLOCKS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd")
# Inline markup a reader keeps; everything else inside a matched block is unwrapped (its text kept).
_INLINE = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "a": "a", "code": "code", "sub": "sub",
           "sup": "sup", "br": "br", "mark": "mark"}
# Boxes around an image that make it furniture, not the article's figure: ads, teasers of other
# stories, author headshots, share images, logos and icons (class or id words).
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:ads?|advert\w*|sponsor\w*|promo\w*|related|recommend\w*|more-stories|teaser\w*|"
    r"outbrain|taboola|share|sharing|social|author\w*|avatar|byline|bio|profile|logo|icons?|badge|"
    r"newsletter|subscribe|signup|widget|sidebar|rail|nav\w*|menu|footer|comments?|popular|trending|"
    r"thumb\w*|card|gallery-nav|breadcrumbs?)(?:$|[\s_-])",
    re.I,
)
_JUNK_SOURCE = re.compile(r"(?:pixel|tracking|spacer|blank|1x1|/logo|logo[._-]|/icons?/|icon[._-]|avatar|"
                          r"gravatar|/ads?/|doubleclick|badge|emoji|feeds\.feedburner)|\.svg(?:$|\?)", re.I)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|\?)", re.I)
# 100 px: below this an image is an icon, a button or a tracking pixel, not a figure.
MIN_IMAGE_SIZE = 100
# Figures above the first kept block: only this many (the lead photo), and only in the article's box.
MAX_LEAD_FIGURES = 1


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", text).strip().casefold()


class _KeyMemo(dict):
    """_key of each text, normalised once per page: most reader blocks' text is also the text of
    their page element (and of its <li>/<td> parent), and the figures pass keys the blocks again;
    on the benchmark 60 % of the characters keyed were repeats."""

    def __missing__(self, text: str) -> str:
        key = self[text] = _key(text)
        return key


def _text(element) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


def _web_address(value: str, base_url: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if base_url:
        value = urljoin(base_url, value)
    return value if urlsplit(value).scheme in ("http", "https") else ""


def _inline_copy(source, base_url: str):
    """A copy of a page block keeping only the reader's inline markup (text unchanged)."""
    copy = deepcopy(source)
    copy.tail = None
    for element in list(copy.iterdescendants()):
        if not isinstance(element.tag, str):
            element.drop_tree()
            continue
        tag = _INLINE.get(element.tag)
        if tag is None:
            element.drop_tag()
            continue
        href = element.get("href") if tag == "a" else None
        element.attrib.clear()
        element.tag = tag
        if tag == "a":
            address = _web_address(href or "", base_url)
            if address:
                element.set("href", address)
            else:
                element.drop_tag()
    return copy


def _is_furniture(element, stop, seen: dict | None = None) -> bool:
    """Whether a box between `element` and `stop` is an ad, a teaser, a share box (…); `seen`
    remembers each box's answer across the images of one page."""
    seen = {} if seen is None else seen
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        furniture = seen.get(ancestor)
        if furniture is None:
            words = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
            furniture = seen[ancestor] = bool(words.strip() and _FURNITURE.search(words))
        if furniture:
            return True
    return False


def _too_small(img) -> bool:
    for attribute in ("width", "height"):
        value = (img.get(attribute) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < MIN_IMAGE_SIZE:
            return True
    return False


def _figure_box(img):
    """The element holding an image and its caption: a <figure>, a "caption" box, or the image."""
    for depth, ancestor in enumerate(img.iterancestors()):
        if depth >= 4:
            break
        if ancestor.tag == "figure":
            return ancestor
        if "caption" in (ancestor.get("class") or "").lower() and len(ancestor.xpath(".//img")) == 1:
            return ancestor
    return img


def _caption(box, img) -> str:
    if box is img:
        return ""
    found = box.find(".//figcaption")
    if found is None:
        for element in box.iterdescendants():
            if isinstance(element.tag, str) and element.tag != "img" and re.search(
                r"caption", f"{element.get('class', '')}", re.I
            ) and element.find(".//img") is None:
                found = element
                break
    return _text(found) if found is not None else ""


# Photo credits inside a caption: "Credit: EPA", "(Photo: Getty Images)", "[File: Reuters]", "Photo by X".
_CREDIT = re.compile(
    r"\s*[\[(]?\s*(?:(?:photo(?:graph)?|image|picture|illustration|graphic)s?\s*(?:credit)?\s*(?:by|:)|credits?\s*(?::|\.\.\.|…)|"
    r"file(?: photo)?\s*:|source\s*:)\s*[^\])]{0,80}[\])]?\s*$|"
    r"\s*[\[(](?:getty images|reuters|ap|afp|epa|istock|shutterstock|ap photo[^)\]]*)[\])]\s*$",
    re.I,
)
# "1of4", "2 / 12": a slideshow's counter in front of its caption.
_GALLERY_COUNTER = re.compile(r"^\s*\d+\s*(?:of|/)\s*\d+\s*", re.I)
_SENTENCE = re.compile(r"\w{2,}[^\w]*\s+\w+.*\w.*\s+\w+")


def split_caption(caption: str) -> tuple[str, str]:
    """A caption as (what it says, photo credit): the credit goes into the image's title attribute.

    A caption of at most four words without a sentence in it ("Jason Cipriani/ZDNet", "Nintendo",
    "Submitted photo") is a credit line, not a description.
    """
    caption = _GALLERY_COUNTER.sub("", caption).strip()
    credit = ""
    match = _CREDIT.search(caption)
    if match and match.start() > 0:
        credit = match.group(0).strip(" ()[]")
        caption = caption[: match.start()].strip()
    elif match:
        return "", caption.strip(" ()[]")
    if not credit and len(caption.split()) <= 4 and not caption.endswith((".", "!", "?")):
        return "", " ".join(part for part in (caption, credit) if part)
    return caption, credit


def _linked_elsewhere(img, page_url: str) -> bool:
    """An image inside a link to another page is a teaser; a link to the image itself is not."""
    for depth, ancestor in enumerate(img.iterancestors("a")):
        href = (ancestor.get("href") or "").strip()
        if not href or href.startswith("#") or _IMAGE_FILE.search(href):
            return False
        return not (page_url and href.rstrip("/") == page_url.rstrip("/"))
    return False


# 15 words: a headline; a longer block that is all link is a sentence someone linked whole.
MAX_TEASER_WORDS = 15


def _is_link_to_another_story(source, block, key: str, page_url: str) -> bool:
    """A short line that is nothing but a link to another page is the headline of another story."""
    if block.tag not in _BODY_BLOCKS or len(key.split()) > MAX_TEASER_WORDS:
        return False
    text = _text(block)
    # Fewer than 4 words is a name or a source ("[Engadget]"), not a headline; an address is a reference.
    if text.endswith((".", "!", "?", ":", "”", '"')) or len(key.split()) < 4 or "://" in text or "www." in text:
        return False
    links = source.findall(".//a")
    if len(links) != 1 or _key(links[0].text_content()) != key:
        return False
    href = (links[0].get("href") or "").strip()
    if not href or href.startswith(("#", "mailto:")) or _IMAGE_FILE.search(href):
        return False
    return not (page_url and urljoin(page_url, href).rstrip("/") == page_url.rstrip("/"))


def restore_structure(page, body_html: str, base_url: str = "") -> str:
    """Return `body_html` with the inline markup and figures of the matching part of `page`."""
    if not body_html.strip():
        return body_html
    body = parse_fragment(body_html, _PARSER)
    restore_structure_tree(page, body, base_url)
    parts = [lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in body]
    return (body.text or "") + "".join(parts)


def restore_structure_tree(page, body, base_url: str = "") -> None:
    """restore_structure on a parsed body (a wrapper element holding the blocks), in place."""
    # Document order of the page's text blocks and images (all that is compared below).
    order: dict = {}
    by_key: dict[str, list] = {}
    keys = _KeyMemo()
    block_keys = {block: keys[block.text_content()] for block in body.iter(*_BODY_BLOCKS)}
    # Only page blocks starting with the first word of some reader block are worth normalising.
    openings = {" ".join(key.split(" ", 2)[:2]) for key in block_keys.values() if key}
    # Nor those longer than every reader block: the key of a prefix of a text is a prefix of the
    # text's key, so a prefix already too long rules out a container holding much of the article
    # (a layout <td>, a <blockquote> around sections) without normalising all of its text.
    longest = max(map(len, block_keys.values()), default=0)
    prefix = 2 * longest + 64
    for index, element in enumerate(page.iter(*_TEXT_BLOCKS, "img")):
        order[element] = index
        if element.tag != "img":
            raw = element.text_content()
            opening = _FIRST_TWO_WORDS.search(raw, 0, 120)
            if opening is None or _NON_WORD.sub(" ", opening.group()).casefold() not in openings:
                continue
            if len(raw) > prefix and len(_key(raw[:prefix])) > longest:
                continue
            key = keys[raw]
            if key:
                by_key.setdefault(key, []).append(element)

    matched: list[tuple[object, object]] = []  # (reader block, page element), in reader order
    teasers: list[tuple[int, object]] = []  # (position among matched blocks, block)
    sequence: list = []
    for block in body.iter(*_BODY_BLOCKS):
        key = block_keys[block]
        candidates = by_key.get(key)
        if not key or not candidates:
            continue
        # The innermost element with that text (a <p> rather than the <div> around it). It and the
        # elements before it are used up; dropping them from the list (rather than filtering a
        # "used" set on every block) keeps a page of thousands of identical cells linear.
        source = max(candidates, key=lambda element: order[element])
        by_key[key] = candidates[candidates.index(source) + 1 :]
        if _is_link_to_another_story(source, block, key, base_url):
            teasers.append((len(sequence), block))
        sequence.append(block)
        matched.append((block, source))
        if block.find(".//*") is None and source.find(".//*") is not None:
            copy = _inline_copy(source, base_url)
            if keys[copy.text_content()] == key:
                block.text = copy.text
                for child in block:
                    block.remove(child)
                for child in copy:
                    block.append(child)

    # Other stories' headlines come in runs (a "related" box) or close the body; a single linked
    # line between paragraphs is more often the article's own (a product in a gift guide).
    # Labels between them (a teaser line without a full stop) do not break a run; a line in capitals
    # is a promotion even alone ("GET FOX BUSINESS ON THE GO BY CLICKING HERE").
    doomed = set()
    for (position, block), (next_position, next_block) in zip(teasers, teasers[1:]):
        between = sequence[position + 1:next_position]
        if len(between) <= 1 and all(block_score(_text(label)) < 0 for label in between):
            doomed.update((block, next_block))
    for position, block in teasers:
        text = _text(block)
        if position == len(sequence) - 1 or (text.upper() == text and any(c.isalpha() for c in text)):
            doomed.add(block)
    if doomed:
        matched = [(block, source) for block, source in matched if block not in doomed]
        for block in doomed:
            block.tail = None
            block.drop_tree()
    if matched:
        _add_figures(page, body, matched, order, base_url, keys)


def _article_box(sources: list, order: dict):
    """The smallest element holding all the kept blocks (or the <article> around it)."""
    ancestors = [set(source.iterancestors()) for source in sources[:: max(1, len(sources) // 20)] + sources[-1:]]
    common = set.intersection(*ancestors) if ancestors else set()
    if not common:
        return None
    # The deepest of them.
    box = max(common, key=lambda element: sum(1 for _ in element.iterancestors()))
    for ancestor in box.iterancestors("article"):
        return ancestor
    return box


def _add_figures(page, body, matched: list, order: dict, base_url: str, keys: _KeyMemo) -> None:
    sources = [source for _, source in matched]
    positions = sorted((order[source], block) for block, source in matched)
    box = _article_box(sources, order)
    if box is None or box.tag in ("html", "body"):
        return
    first, last = positions[0][0], positions[-1][0]
    inside_kept = {img for source in set(sources) for img in source.iter("img")}
    furniture_boxes: dict = {}
    caption_blocks = {keys[block.text_content()]: block for block, _ in matched}
    seen: set[str] = {img.get("src") for img in body.iter("img")}
    figures: list[tuple[int, object]] = []
    lead = 0
    captions_shown: set[str] = set()
    for img in box.iter("img"):
        index = order.get(img, -1)
        if index > last:
            break
        src = _web_address(img.get("src") or "", base_url)
        if not src or src in seen or _JUNK_SOURCE.search(src) or _too_small(img):
            continue
        if img in inside_kept:
            continue  # an image inside a kept paragraph is not a figure of its own
        if _is_furniture(img, box, furniture_boxes) or _linked_elsewhere(img, base_url):
            continue
        if index < first:
            if lead >= MAX_LEAD_FIGURES:
                continue
            lead += 1
        figure_box = _figure_box(img)
        caption, credit = split_caption(_caption(figure_box, img))
        if caption and keys[caption] in captions_shown:
            # A slideshow repeats one caption under every photo: shown once.
            caption = ""
        figure = lxml.html.Element("figure")
        image = etree.SubElement(figure, "img", src=src)
        alt = _SPACES.sub(" ", img.get("alt") or "").strip()
        if alt:
            image.set("alt", alt)
        if credit:
            image.set("title", credit)
        if caption:
            etree.SubElement(figure, "figcaption").text = caption
            captions_shown.add(keys[caption])
            # trafilatura may have kept the caption as a paragraph: it now belongs to the figure.
            duplicate = caption_blocks.get(keys[caption])
            if duplicate is not None and duplicate.getparent() is not None:
                duplicate.drop_tree()
        seen.add(src)
        figures.append((index, figure))
    for index, figure in figures:
        before = [block for position, block in positions if position < index and block.getparent() is not None]
        if before:
            anchor = before[-1]
            # After the whole list, table or quotation the block belongs to, not inside it.
            while anchor.getparent() is not None and anchor.getparent() is not body and anchor.getparent().tag not in (
                "div", "section", "article"
            ):
                anchor = anchor.getparent()
            anchor.addnext(figure)
            figure.tail = None
        else:
            body.insert(0, figure)

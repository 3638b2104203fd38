"""The lxml HTML parsers of the reader: lxml.html elements, with the element classes chosen in C.

lxml.html picks each element's Python class with a Python callback (special classes for forms and
inputs, which the reader never uses); on the benchmark pages that callback ran 450,000 times,
about 6 % of extraction. A default lookup gives every element the same HtmlElement class, in C.
"""

import lxml.html
from lxml import etree

_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def html_parser(**options) -> lxml.html.HTMLParser:
    """An lxml.html.HTMLParser (huge_tree unless told otherwise) whose elements are all HtmlElement."""
    options.setdefault("huge_tree", True)
    parser = lxml.html.HTMLParser(**options)
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    return parser

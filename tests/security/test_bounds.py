"""Markup is bounded before any parser sees it: huge attribute lists are cut, everything else left alone."""

from newsroom.reader.bounds import MAX_ATTRIBUTES_PER_TAG, bound_markup


def test_a_tag_with_fifty_thousand_attributes_keeps_only_the_first_ones():
    tag = "<p " + " ".join(f'a{i}="{i}"' for i in range(50_000)) + ">text</p>"
    bounded = bound_markup(tag)
    assert bounded.startswith('<p a0="0" a1="1"') and bounded.endswith(">text</p>")
    assert bounded.count("=") == MAX_ATTRIBUTES_PER_TAG


def test_quoted_values_holding_angle_brackets_and_self_closing_tags_survive():
    values = " ".join(f"x{i}='a>b'" for i in range(200))
    assert bound_markup(f"<img src='https://e.org/a.png' {values}/>").endswith("/>")
    assert bound_markup(f"<img src='https://e.org/a.png' {values}/>").startswith("<img src='https://e.org/a.png' x0='a>b'")


def test_ordinary_markup_is_returned_unchanged():
    page = '<div class="a" id="b" data-x="1"><p title="t">Text &amp; more</p><img src="x.png" alt="a"></div>' * 500
    assert bound_markup(page) == page
    long_but_few = '<a href="https://e.org/' + "x" * 5000 + '">link</a>'
    assert bound_markup(long_but_few) == long_but_few

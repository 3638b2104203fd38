"""Template helpers for quote pages."""

from django import template

from newsroom.quotes.highlighting import word_differences

register = template.Library()


@register.simple_tag
def differences(canonical: str, version: str) -> list[tuple[str, str]]:
    """`{% differences quote.text occurrence.text as pieces %}`: (op, words) pieces, op same/ins/del."""
    return word_differences(canonical, version)

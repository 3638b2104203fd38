"""Showing stored reader HTML: the instance's remote-image policy is applied when a page is rendered.

Render time rather than upload time, so switching NEWSROOM_REMOTE_IMAGES needs no reprocessing
and the stored HTML stays one version; the pass is a regex over our own sanitizer's output.
"""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from newsroom.reader.sanitizer import without_remote_images

register = template.Library()


@register.filter
def reader_html(html: str) -> str:
    """Sanitized reader HTML (from Article.html only), with images replaced by placeholders when remote images are off."""
    if not settings.NEWSROOM_REMOTE_IMAGES:
        html = without_remote_images(html)
    return mark_safe(html)  # noqa: S308 -- Article.html is sanitize_html output, never raw upload

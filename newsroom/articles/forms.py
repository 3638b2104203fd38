"""The editors' upload form: many files and/or pasted text, with optional overrides."""

from django import forms
from django.conf import settings


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class UploadForm(forms.Form):
    files = MultipleFileField(
        required=False,
        help_text="HTML pages (.html, .htm) or plain-text scrapes (.txt). Choose as many as you like.",
        widget=MultipleFileInput(attrs={"accept": ".html,.htm,.txt,.text,text/html,text/plain"}),
    )
    pasted_text = forms.CharField(
        required=False,
        label="Or paste an article",
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text="Plain text as copied from a page; the first line is taken as the headline.",
    )
    fetch_url = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label="Or add by address",
        help_text="The server fetches the page (public http/https addresses only).",
    )
    source = forms.CharField(required=False, max_length=200, help_text="Outlet name, if extraction should not guess it.")
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https", help_text="The article's address, if known.")
    published = forms.DateTimeField(
        required=False,
        help_text="Publication date (YYYY-MM-DD or YYYY-MM-DD HH:MM), if extraction should not guess it.",
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not (cleaned.get("pasted_text") or "").strip() and not cleaned.get("fetch_url"):
            raise forms.ValidationError("Choose one or more files, paste an article's text, or give an address to fetch.")
        if len(cleaned.get("files") or []) > settings.NEWSROOM_MAX_FILES_PER_UPLOAD:
            raise forms.ValidationError(
                f"At most {settings.NEWSROOM_MAX_FILES_PER_UPLOAD} files at once; use `manage.py import_articles` for more."
            )
        return cleaned

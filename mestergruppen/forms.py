"""Form pieces two apps' public forms share (the contact form, the data-subject request form).

Every text is NFC-normalised and stripped of control characters; only multi-line fields keep
their line breaks, so nothing typed in a one-line field can reach an email header as a break.
"""

import re
import unicodedata

from django import forms

# Line and paragraph separators that some systems treat as line breaks.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_SPACES = re.compile(r"[^\S\n]+")
# Unicode's control characters (category Cc: C0, DEL and C1) but the line feed.
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """NFC, no control characters; line breaks kept (as \\n) only when `multiline`."""
    value = unicodedata.normalize("NFC", value)
    value = _LINE_BREAKS.sub("\n" if multiline else " ", value)
    value = value.replace("\t", " ")
    value = _CONTROLS.sub("", value)
    if multiline:
        lines = [_SPACES.sub(" ", line).strip() for line in value.split("\n")]
        # At most one empty line in a row: a paragraph break, not a wall of blank lines.
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return _SPACES.sub(" ", value).strip()


class PlainTextField(forms.CharField):
    """A CharField that cleans its text before the length limits are checked."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value, multiline=self.multiline) if value else value

"""Soft hyphens in long words, so a heading on a narrow phone breaks at a syllable.

CSS `hyphens: auto` needs the browser to ship a hyphenation dictionary for the page's language,
and several do not for Norwegian (Debian's chromium has none at all): there a long compound
such as «Personvernerklæringen» is cut anywhere by `overflow-wrap`, or overflows the screen.
Soft hyphens (U+00AD) are invisible unless the line breaks there, and then show as a hyphen.
"""

import functools
import re

import pyphen
from django.utils.translation import get_language

SOFT_HYPHEN = "\u00ad"
# Shorter words fit on the narrowest screen (320 px) at any heading size the site uses. The
# error pages' short headings («Vi forstod ikke forespørselen») are left as plain text.
LONG_WORD = re.compile(r"\b[^\W\d_]{12,}\b")
# Text between tags and character references: the only part of HTML hyphenated.
MARKUP = re.compile(r"(<[^>]*>|&[#\w]+;)")
DICTIONARIES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}


@functools.cache
def _dictionary(language: str) -> pyphen.Pyphen | None:
    name = DICTIONARIES.get(language.split("-")[0].lower())
    return pyphen.Pyphen(lang=name) if name else None


def _hyphenate_word(word: str, dictionary: pyphen.Pyphen) -> str:
    positions = dictionary.positions(word)
    # A one-letter piece («Personver-n-erklæring») is a dictionary quirk: keep the later break.
    positions = [
        position
        for index, position in enumerate(positions)
        if index + 1 == len(positions) or positions[index + 1] - position > 1
    ]
    pieces, start = [], 0
    for position in positions:
        pieces.append(word[start:position])
        start = position
    pieces.append(word[start:])
    return SOFT_HYPHEN.join(pieces)


def hyphenate(text: str, language: str | None = None) -> str:
    """`text` (plain or HTML) with soft hyphens in its long words, for `language` (default:
    the active one). Tags and character references are left as they are."""
    dictionary = _dictionary(language or get_language() or "nb")
    if dictionary is None:
        return text
    return "".join(
        part
        if MARKUP.fullmatch(part)
        else LONG_WORD.sub(lambda m: _hyphenate_word(m.group(0), dictionary), part)
        for part in MARKUP.split(text)
    )

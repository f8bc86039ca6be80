"""A readable comparison of two statement versions, for people and for screen readers.

The Markdown of each version is cut into blocks (headings and paragraphs). Blocks are matched
with difflib; in a changed paragraph, whole sentences are compared, and only a sentence that
was edited (not replaced) is compared word by word, so an added sentence reads as one addition.
Each addition is an <ins> and each removal a <del>, both starting with visually hidden text
("Lagt til:", "Fjernet:") because most screen readers do not announce the elements themselves.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from privacy.statement_rendering import fill_placeholders

SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")
WORD = re.compile(r"\s+|[^\s]+")
# Similar enough to show word changes; below this an edited sentence reads as removed + added.
WORD_DIFF_RATIO = 0.6


@dataclass
class Block:
    kind: str  # "heading" or "paragraph"
    level: int  # heading level on the comparison page (2–6); 0 for paragraphs
    text: str
    html: SafeString = field(default=SafeString(""))
    change: str = "equal"  # equal, changed, added, removed


@dataclass
class Comparison:
    older: object
    newer: object
    blocks: list[Block]
    additions: int
    removals: int


def _plain(markdown_text: str) -> str:
    """Markdown inline syntax removed: what a reader sees, not how it was typed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)  # [text](url) -> text
    text = re.sub(r"<([^<>\s]+@[^<>\s]+|https?://[^<>\s]+)>", r"\1", text)  # autolinks
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _blocks(body: str) -> list[Block]:
    blocks = []
    for chunk in re.split(r"\n\s*\n", fill_placeholders(body).strip()):
        heading = re.match(r"(#{1,6})\s+(.*)", chunk.strip())
        if heading:
            level = min(len(heading.group(1)) + 1, 6)
            blocks.append(Block("heading", level, _plain(heading.group(2))))
        elif chunk.strip():
            blocks.append(Block("paragraph", 0, _plain(chunk)))
    return blocks


def _marker(label: str, statement_language: str) -> str:
    """The announced label, in the page's language (the text around it is the statement's)."""
    page_language = translation.get_language()
    lang = f' lang="{escape(page_language)}"' if page_language != statement_language else ""
    return f'<span class="visually-hidden"{lang}>{escape(label)} </span>'


class _Counter:
    """Marks additions and removals, and counts them."""

    def __init__(self, statement_language: str):
        self.added = _marker(_("Lagt til:"), statement_language)
        self.removed = _marker(_("Fjernet:"), statement_language)
        self.additions = 0
        self.removals = 0

    def ins(self, text: str) -> str:
        if not text.strip():
            return escape(text)
        self.additions += 1
        return f"<ins>{self.added}{escape(text)}</ins>"

    def delete(self, text: str) -> str:
        if not text.strip():
            return escape(text)
        self.removals += 1
        return f"<del>{self.removed}{escape(text)}</del>"


def _diff_tokens(old: list[str], new: list[str], counter: _Counter, refine) -> str:
    parts = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[i1:i2])))
        elif op == "replace" and refine is not None:
            parts.append(refine(old[i1:i2], new[j1:j2], counter))
        else:
            if i2 > i1:
                parts.append(counter.delete("".join(old[i1:i2])))
            if j2 > j1:
                parts.append(counter.ins("".join(new[j1:j2])))
    return "".join(parts)


def _refine_sentences(old: list[str], new: list[str], counter: _Counter) -> str:
    """Sentences replaced by sentences: word changes when they are edits of one another."""
    if len(old) == len(new) == 1:
        old_words, new_words = WORD.findall(old[0]), WORD.findall(new[0])
        if SequenceMatcher(None, old_words, new_words).ratio() >= WORD_DIFF_RATIO:
            return _diff_tokens(old_words, new_words, counter, refine=None)
    return counter.delete("".join(old)) + counter.ins("".join(new))


def _sentences(text: str) -> list[str]:
    # Keep the separating space with the sentence before it, so joining gives the text back.
    pieces = SENTENCE_END.split(text)
    return [piece + " " for piece in pieces[:-1]] + pieces[-1:]


def compare_statements(older, newer) -> Comparison:
    old_blocks, new_blocks = _blocks(older.body), _blocks(newer.body)
    counter = _Counter(newer.language)
    result: list[Block] = []
    matcher = SequenceMatcher(
        None,
        [(b.kind, b.text) for b in old_blocks],
        [(b.kind, b.text) for b in new_blocks],
        autojunk=False,
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for block in new_blocks[j1:j2]:
                block.html = mark_safe(escape(block.text))
                result.append(block)
            continue
        old_part, new_part = old_blocks[i1:i2], new_blocks[j1:j2]
        paired = min(len(old_part), len(new_part)) if op == "replace" else 0
        for old, new in zip(old_part[:paired], new_part[:paired], strict=True):
            if old.kind == new.kind:
                new.html = mark_safe(
                    _diff_tokens(
                        _sentences(old.text), _sentences(new.text), counter, _refine_sentences
                    )
                )
                new.change = "changed"
                result.append(new)
            else:
                old.html, old.change = mark_safe(counter.delete(old.text)), "removed"
                new.html, new.change = mark_safe(counter.ins(new.text)), "added"
                result.extend([old, new])
        for old in old_part[paired:]:
            old.html, old.change = mark_safe(counter.delete(old.text)), "removed"
            result.append(old)
        for new in new_part[paired:]:
            new.html, new.change = mark_safe(counter.ins(new.text)), "added"
            result.append(new)
    return Comparison(
        older=older,
        newer=newer,
        blocks=result,
        additions=counter.additions,
        removals=counter.removals,
    )

"""What changed between two statement versions, section by section, for people and screen readers.

Each version is cut into sections at its top headings (`#`, `##`), and each section into
blocks: sub-headings, paragraphs and list items, kept as Markdown so bold text, links and lists
survive the comparison. Sections are matched by their heading without its number (a section
renumbered because one was added before it is the same section). In a changed paragraph whole
sentences are compared, ignoring the space around them, so a sentence added next to an
unchanged one leaves that one unmarked; only a sentence edited (not replaced) is compared word
by word, and bold phrases and links count as one word, so a mark never cuts through them.

The older text is shown with its removals and the newer with its additions, side by side on a
wide screen. Each addition is an <ins> and each removal a <del>, both starting with visually
hidden text ("Lagt til:", "Fjernet:") because most screen readers do not announce the elements
themselves. The marks travel through Markdown as private-use characters and become tags only
after the HTML has been sanitised.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from privacy.statement_rendering import fill_placeholders, render_markdown, slugify

INS_START, INS_END, DEL_START, DEL_END = "\ue000", "\ue001", "\ue002", "\ue003"
# Similar enough to show word changes; below this an edited sentence reads as removed + added.
WORD_DIFF_RATIO = 0.6

HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"\s{0,3}(?:([-*+])|(\d+)[.)])\s+(.*)")
# Markdown that starts a block when it opens a line: escaped where a block's text is inline.
BLOCK_SYNTAX = re.compile(r"^(\d+)([.)]\s)|^([-*+>#]\s)")
SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
# Bold, links and code are one token each, so a mark never opens inside one and closes outside.
INLINE_TOKEN = re.compile(
    r"\*\*.+?\*\*|__.+?__|\[[^\]]*\]\([^)]*\)|<[^<>\s]+>|`[^`]*`|\*[^*\s][^*]*?\*"
    r"|\s+|[^\s*_\[<`.,;:!?]+|\S"
)
SENTENCE_END = re.compile(r"[.!?:][*_»\")]*$")
SENTENCE_START = re.compile(r"[\w«\"(\[*<`]")
# «jf. GDPR», «org. nr. 123»: a full stop that does not end the sentence.
ABBREVIATIONS = frozenset(
    "f.eks. jf. nr. org. bl.a. m.m. mv. ev. evt. ca. pkt. art. dvs. osv. e.l. o.l. kl. tlf. "
    "mht. iht. ifm. vedr. ref. st. s. ibid.".split()
)


@dataclass
class Block:
    kind: str  # "heading", "paragraph" or "item"
    text: str  # inline Markdown
    level: int = 0  # a heading's level in the statement
    ordered: bool = False  # an item of a numbered list

    @property
    def key(self) -> tuple:
        return (self.kind, " ".join(self.text.split()))


@dataclass
class Section:
    heading: str  # inline Markdown of the section's heading ("" before the first one)
    blocks: list[Block] = field(default_factory=list)

    @property
    def key(self) -> str:
        return SECTION_NUMBER.sub("", _plain(self.heading)).casefold()


@dataclass
class SectionChange:
    heading: str  # as a reader sees it, the newer version's unless the section was removed
    change: str  # "changed", "added", "removed" or "unchanged"
    anchor: str
    older_html: SafeString
    newer_html: SafeString


@dataclass
class Comparison:
    older: object
    newer: object
    sections: list[SectionChange]
    additions: int
    removals: int

    @property
    def changed_sections(self) -> list[SectionChange]:
        return [section for section in self.sections if section.change != "unchanged"]


def _plain(markdown_text: str) -> str:
    """Markdown inline syntax removed: what a reader sees, not how it was typed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)  # [text](url) -> text
    text = re.sub(r"<([^<>\s]+@[^<>\s]+|https?://[^<>\s]+)>", r"\1", text)  # autolinks
    text = re.sub(r"(\*\*|__|\*|`|\\)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _inline(text: str) -> str:
    """A block's text as inline Markdown: «1. Innledning» stays a heading's text, not a list."""
    return BLOCK_SYNTAX.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text.strip())


def _chunk_blocks(lines: list[str]) -> list[Block]:
    if not LIST_ITEM.match(lines[0]):
        return [Block("paragraph", _inline(" ".join(line.strip() for line in lines)))]
    items: list[Block] = []
    for line in lines:
        item = LIST_ITEM.match(line)
        if item:
            items.append(Block("item", _inline(item[3]), ordered=item[2] is not None))
        else:  # a continuation line of the item above
            items[-1].text += " " + line.strip()
    return items


def _sections(body: str) -> list[Section]:
    sections = [Section("")]
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            sections[-1].blocks.extend(_chunk_blocks(chunk))
            chunk.clear()

    for line in fill_placeholders(body).splitlines():
        heading = HEADING.match(line.strip())
        if heading:
            flush()
            level, text = len(heading[1]), _inline(heading[2])
            if level <= 2:
                sections.append(Section(text))
            else:
                sections[-1].blocks.append(Block("heading", text, level=level))
        elif line.strip():
            chunk.append(line)
        else:
            flush()
    flush()
    return [section for section in sections if section.heading or section.blocks]


class _Marks:
    """Wraps additions and removals in private-use marks, and counts them."""

    def __init__(self):
        self.additions = 0
        self.removals = 0

    def _wrap(self, text: str, start: str, end: str) -> str:
        core = text.strip()
        if not core:
            return text
        # The space around stays outside the mark: Markdown must see `**` next to a letter.
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        return f"{lead}{start}{core}{end}{trail}"

    def added(self, text: str) -> str:
        if text.strip():
            self.additions += 1
        return self._wrap(text, INS_START, INS_END)

    def removed(self, text: str) -> str:
        if text.strip():
            self.removals += 1
        return self._wrap(text, DEL_START, DEL_END)


def _sentences(text: str) -> list[str]:
    tokens = INLINE_TOKEN.findall(text)
    sentences, current = [], []
    for index, token in enumerate(tokens):
        if token.isspace():
            before = "".join(current).rsplit(maxsplit=1)[-1] if current else ""
            after = tokens[index + 1] if index + 1 < len(tokens) else ""
            ends = (
                SENTENCE_END.search(before)
                and before.lstrip('(«"*').casefold() not in ABBREVIATIONS
                and SENTENCE_START.match(after)
                and (not after[:1].isalpha() or after[:1].isupper())
            )
            if ends:
                sentences.append("".join(current))
                current = []
                continue
        current.append(token)
    if current:
        sentences.append("".join(current).strip())
    return [sentence for sentence in sentences if sentence]


def _diff_words(old: str, new: str, marks: _Marks) -> tuple[str, str]:
    old_words, new_words = INLINE_TOKEN.findall(old), INLINE_TOKEN.findall(new)
    older, newer = [], []
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            older.append("".join(old_words[i1:i2]))
            newer.append("".join(new_words[j1:j2]))
            continue
        older.append(marks.removed("".join(old_words[i1:i2])))
        newer.append(marks.added("".join(new_words[j1:j2])))
    return "".join(older), "".join(newer)


def _diff_text(old: str, new: str, marks: _Marks) -> tuple[str, str]:
    """The older text with its removals marked, the newer with its additions."""
    old_sentences, new_sentences = _sentences(old), _sentences(new)
    older, newer = [], []
    matcher = SequenceMatcher(
        None,
        [" ".join(s.split()) for s in old_sentences],
        [" ".join(s.split()) for s in new_sentences],
        autojunk=False,
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old_sentences[i1:i2], new_sentences[j1:j2]
        if op == "equal":
            older.extend(olds)
            newer.extend(news)
        elif op == "replace" and len(olds) == len(news) == 1 and _similar(olds[0], news[0]):
            old_marked, new_marked = _diff_words(olds[0], news[0], marks)
            older.append(old_marked)
            newer.append(new_marked)
        else:
            older.extend(marks.removed(sentence) for sentence in olds)
            newer.extend(marks.added(sentence) for sentence in news)
    return " ".join(older), " ".join(newer)


def _similar(old: str, new: str) -> bool:
    matcher = SequenceMatcher(None, INLINE_TOKEN.findall(old), INLINE_TOKEN.findall(new))
    return matcher.ratio() >= WORD_DIFF_RATIO


def _pairs(old: list, new: list, key) -> list[tuple]:
    """(old, new) pairs in reading order; None on the side where a part is missing."""
    pairs = []
    matcher = SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old[i1:i2], new[j1:j2]
        paired = min(len(olds), len(news)) if op in ("equal", "replace") else 0
        pairs.extend(zip(olds[:paired], news[:paired], strict=True))
        pairs.extend((item, None) for item in olds[paired:])
        pairs.extend((None, item) for item in news[paired:])
    return pairs


def _diff_blocks(old: list[Block], new: list[Block], marks: _Marks) -> tuple[list, list]:
    older, newer = [], []
    for old_block, new_block in _pairs(old, new, key=lambda block: block.key):
        if old_block is not None and new_block is not None and old_block.kind == new_block.kind:
            old_text, new_text = _diff_text(old_block.text, new_block.text, marks)
            older.append((old_block, old_text))
            newer.append((new_block, new_text))
            continue
        if old_block is not None:
            older.append((old_block, marks.removed(old_block.text)))
        if new_block is not None:
            newer.append((new_block, marks.added(new_block.text)))
    return older, newer


def _html(blocks: list[tuple[Block, str]], *, language: str, heading_offset: int) -> SafeString:
    """The marked Markdown of a column as sanitised HTML, the marks turned into <ins>/<del>."""
    lines, list_kind = [], None
    for block, text in blocks:
        kind = ("ol" if block.ordered else "ul") if block.kind == "item" else None
        if kind != list_kind and lines:
            lines.append("")  # a new list, or the end of one
        list_kind = kind
        if block.kind == "heading":
            lines.extend([f"{'#' * min(block.level + heading_offset, 6)} {text}", ""])
        elif block.kind == "item":
            lines.append(f"{'1.' if block.ordered else '-'} {text}")
        else:
            lines.extend([text, ""])
    if not lines:
        return mark_safe("")
    html = render_markdown(body="\n".join(lines), title="", language=language).html
    html = re.sub(r'<h([1-6]) id="[^"]*">', r"<h\1>", html)  # ids are the statement page's
    page_language = translation.get_language()
    lang = f' lang="{escape(page_language)}"' if page_language != language else ""
    added_label, removed_label = escape(_("Lagt til:")), escape(_("Fjernet:"))
    added = f'<ins><span class="visually-hidden"{lang}>{added_label} </span>'
    removed = f'<del><span class="visually-hidden"{lang}>{removed_label} </span>'
    for mark, tag in ((INS_START, added), (INS_END, "</ins>"), (DEL_START, removed)):
        html = html.replace(mark, tag)
    return mark_safe(html.replace(DEL_END, "</del>"))


def _section_change(
    old: Section | None, new: Section | None, marks: _Marks, *, languages: tuple[str, str]
) -> SectionChange:
    shown = new if new is not None else old
    heading = _plain(shown.heading)
    old_blocks = old.blocks if old is not None else []
    new_blocks = new.blocks if new is not None else []
    if old is not None and new is not None and old.key != new.key:
        # A renamed section (not only renumbered): its heading's change heads both columns.
        old_blocks = [Block("heading", old.heading, level=3), *old_blocks]
        new_blocks = [Block("heading", new.heading, level=3), *new_blocks]
    if old is None:
        change = "added"
    elif new is None:
        change = "removed"
    elif [b.key for b in old_blocks] == [b.key for b in new_blocks]:
        change = "unchanged"
    else:
        change = "changed"
    older, newer = _diff_blocks(old_blocks, new_blocks, marks)
    # Headings on the comparison page sit under its section's h3: the statement's ### is an h4.
    return SectionChange(
        heading=heading,
        change=change,
        anchor="",
        older_html=_html(older, language=languages[0], heading_offset=1),
        newer_html=_html(newer, language=languages[1], heading_offset=1),
    )


def compare_statements(older, newer) -> Comparison:
    marks = _Marks()
    languages = (older.language, newer.language)
    sections = [
        _section_change(old, new, marks, languages=languages)
        for old, new in _pairs(_sections(older.body), _sections(newer.body), key=lambda s: s.key)
    ]
    # The title alone, unchanged, is not a part anyone needs to unfold.
    sections = [s for s in sections if s.change != "unchanged" or s.newer_html]
    used: set[str] = set()
    for section in sections:
        anchor = base = f"endring-{slugify(section.heading or 'innledning')}"
        number = 1
        while anchor in used:
            number += 1
            anchor = f"{base}-{number}"
        used.add(anchor)
        section.anchor = anchor
    return Comparison(
        older=older,
        newer=newer,
        sections=sections,
        additions=marks.additions,
        removals=marks.removals,
    )

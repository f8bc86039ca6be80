"""Markdown of a statement version to safe HTML, a table of contents, and the page's ETag part.

The body is Markdown written by staff. Python-Markdown renders it with raw HTML switched off
(anything that looks like a tag is shown as text), then nh3 sanitises the result against a
short allow-list as a second line of defence. Rendering happens once per version and process:
a published body never changes, so the result is kept in memory keyed by the version's row and
the few settings that feed into it (the controller's details, the cookie-settings address).
"""

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from xml.etree import ElementTree

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from mestergruppen.hyphenation import hyphenate

# Bumped when the rendering changes, so cached pages and ETags from before are not reused.
RENDERER_VERSION = "3"

COOKIE_SETTINGS_ANCHOR = "#cookie-settings"

# `{{ controller.email }}` and friends; the values come from settings.CONTROLLER.
PLACEHOLDER = re.compile(r"\{\{\s*controller\.([a-z_]+)\s*\}\}")

# ids the base layout already uses: a heading slug must not take one of them.
RESERVED_IDS = frozenset(
    {"innhold", "language-select", "language-switch-label", "cookie-settings-link", "toc"}
)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    **{f"h{level}": {"id"} for level in range(1, 7)},
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors that read well for Norwegian: «Formål og rettslig grunnlag» →
    `formal-og-rettslig-grunnlag` (æ→ae, ø→o, å→a instead of dropping the letters)."""
    value = html.unescape(value).lower().translate(NORWEGIAN_LETTERS)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip()
    slug = re.sub(rf"[{separator}\s]+", separator, value) or "avsnitt"
    return f"{slug}{separator}avsnitt" if slug in RESERVED_IDS else slug


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    text: str
    children: tuple["TocEntry", ...] = ()


HEADING_TEXT = re.compile(r"(<h[1-6][^>]*>)(.*?)(</h[1-6]>)", re.DOTALL)

# «1. Innledning», «2.3 Lagring»: a heading that carries its own number.
NUMBERED_HEADING = re.compile(r"\d+(?:\.\d+)*\.?\s")


@dataclass(frozen=True)
class RenderedStatement:
    heading: str  # the body's leading level-1 heading (or the title): the page's <h1>
    heading_anchor: str
    html: str  # the body after that heading, sanitised
    toc: tuple[TocEntry, ...]

    @property
    def toc_numbered_by_headings(self) -> bool:
        """The headings number themselves: the contents list must not number them again."""
        return bool(self.toc) and all(NUMBERED_HEADING.match(entry.text) for entry in self.toc)


# An address typed without <...> in the Markdown; autolinked ones are already links.
BARE_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
NOT_LINKED_INSIDE = {"a", "code", "pre"}


class _StatementLinks(Treeprocessor):
    """Points `#cookie-settings` at the cookie settings page; makes bare addresses mailto links."""

    def __init__(self, md, cookie_settings_url: str):
        super().__init__(md)
        self.cookie_settings_url = cookie_settings_url

    def run(self, root: ElementTree.Element) -> None:
        for link in root.iter("a"):
            if link.get("href") == COOKIE_SETTINGS_ANCHOR:
                link.set("href", self.cookie_settings_url)
        self._link_emails(root)

    def _link_emails(self, element: ElementTree.Element) -> None:
        if element.tag in NOT_LINKED_INSIDE:
            return
        for index, child in reversed(list(enumerate(element))):
            self._link_emails(child)
            if child.tail:
                child.tail, links = self._split(child.tail)
                for offset, link in enumerate(links, start=1):
                    element.insert(index + offset, link)
        if element.text:
            element.text, links = self._split(element.text)
            for offset, link in enumerate(links):
                element.insert(offset, link)

    @staticmethod
    def _split(text: str) -> tuple[str, list[ElementTree.Element]]:
        """The text before the first address, and a link (with the text after it) per address."""
        matches = list(BARE_EMAIL.finditer(text))
        if not matches:
            return text, []
        links = []
        for number, match in enumerate(matches):
            link = ElementTree.Element("a", href=f"mailto:{match.group(0)}")
            link.text = match.group(0)
            end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
            link.tail = text[match.end() : end]
            links.append(link)
        return text[: matches[0].start()], links


class _StatementExtension(Extension):
    def __init__(self, cookie_settings_url: str):
        super().__init__()
        self.cookie_settings_url = cookie_settings_url

    def extendMarkdown(self, md):
        # Raw HTML blocks and inline tags become text; autolinks (<a@b.no>) still work.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(
            _StatementLinks(md, self.cookie_settings_url), "statement_links", 5
        )


def controller_details() -> dict[str, str]:
    return {key: str(value) for key, value in settings.CONTROLLER.items()}


def check_placeholders(body: str) -> None:
    unknown = sorted({name for name in PLACEHOLDER.findall(body)} - set(controller_details()))
    if unknown:
        raise ValidationError(
            _("Ukjent plassholder i teksten: %(names)s."),
            params={"names": ", ".join(f"controller.{name}" for name in unknown)},
            code="unknown_placeholder",
        )


def fill_placeholders(body: str) -> str:
    details = controller_details()
    return PLACEHOLDER.sub(lambda match: details.get(match.group(1), match.group(0)), body)


def _cookie_settings_url(language: str) -> str:
    with translation.override(language):
        return reverse("privacy:cookie_settings") + COOKIE_SETTINGS_ANCHOR


def context_fingerprint(language: str) -> str:
    """What, besides the body, decides the rendered HTML: part of the cache key and ETag."""
    parts = [
        RENDERER_VERSION,
        _cookie_settings_url(language),
        repr(sorted(settings.CONTROLLER.items())),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def render_markdown(*, body: str, title: str, language: str) -> RenderedStatement:
    links = _StatementExtension(_cookie_settings_url(language))
    md = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists", links],
        extension_configs={"toc": {"slugify": slugify, "toc_depth": "2-3"}},
        output_format="html",
    )
    rendered = md.convert(fill_placeholders(body))
    clean = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel=None,
    )
    heading, heading_anchor = title, ""
    leading_h1 = re.match(r'\s*<h1 id="([^"]*)">(.*?)</h1>\s*', clean, re.DOTALL)
    if leading_h1:
        heading_anchor = leading_h1.group(1)
        heading = html.unescape(nh3.clean(leading_h1.group(2), tags=set()))
        clean = clean[leading_h1.end() :]
    toc = _toc_entries(md.toc_tokens)
    clean = HEADING_TEXT.sub(lambda m: m[1] + hyphenate(m[2], language) + m[3], clean)
    return RenderedStatement(heading=heading, heading_anchor=heading_anchor, html=clean, toc=toc)


def _toc_entries(tokens: list[dict]) -> tuple[TocEntry, ...]:
    return tuple(
        TocEntry(
            anchor=token["id"],
            text=html.unescape(nh3.clean(token["name"], tags=set())),
            children=_toc_entries(token["children"]),
        )
        for token in tokens
    )


# (version pk, last save, context fingerprint) -> RenderedStatement. A handful of versions
# exist; the bound only guards against an admin previewing drafts all day.
_rendered_cache: dict[tuple, RenderedStatement] = {}
_CACHE_LIMIT = 64


def rendered(statement) -> RenderedStatement:
    """The statement's HTML, rendered on first use in this process and then kept."""
    key = (statement.pk, statement.updated_at, context_fingerprint(statement.language))
    result = _rendered_cache.get(key) if statement.pk else None
    if result is None:
        result = render_markdown(
            body=statement.body, title=statement.title, language=statement.language
        )
        if statement.pk:
            if len(_rendered_cache) >= _CACHE_LIMIT:
                _rendered_cache.clear()
            _rendered_cache[key] = result
    return result

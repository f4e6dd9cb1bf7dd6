"""Formatted text pasted from Word, kept safe.

Only paragraphs, line breaks, bold, italic and lists survive; everything else
(styles, classes, scripts, Word's markup) is removed on save. Plain text typed
without the editor becomes paragraphs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li"}
_DANGEROUS = re.compile(
    r"<\s*(script|style|iframe|object|embed|link|meta)\b|\son\w+\s*=|javascript:", re.IGNORECASE
)
# Text counts as HTML only if it holds a real HTML tag: "a < b" or "<hai>" stay text.
_HAS_TAG = re.compile(
    r"<!--|</?(?:[a-z]+:)?(?:p|br|div|span|b|strong|i|em|u|s|ul|ol|li|font|table|tr|td|th|"
    r"tbody|thead|h[1-6]|a|img|script|style|iframe|object|embed|meta|link|html|body|head|"
    r"section|article|blockquote|pre|code|sup|sub|hr)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCK_DIV = re.compile(r"<(/?)div\b[^>]*>", re.IGNORECASE)
_EMPTY_PARAGRAPH = re.compile(r"<p>(\s|&nbsp;|<br>)*</p>")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Cleaned:
    html: str
    removed_unsafe: bool


def clean(value: str) -> Cleaned:
    """Sanitise ``value``; say whether anything unsafe (script, style…) was removed.

    Cleaning what ``clean`` returned changes nothing: stored text is cleaned once, when
    saved, and only marked safe when shown (``meetings_tags.richtext``). Markup the
    browser's parser would rearrange (a list item inside a list item…) is cleaned until
    it stays as it is."""
    first = _clean_once(value)
    cleaned = first.html
    for _round in range(3):
        again = _clean_once(cleaned).html
        if again == cleaned:
            break
        cleaned = again
    return Cleaned(cleaned, first.removed_unsafe)


def _clean_once(value: str) -> Cleaned:
    value = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").strip()
    if not value:
        return Cleaned("", False)
    if not _HAS_TAG.search(value):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", value) if p.strip()]
        return Cleaned("".join(f"<p>{escape_text(p)}</p>" for p in paragraphs), False)
    removed = bool(_DANGEROUS.search(value))
    value = _BLOCK_DIV.sub(lambda m: f"<{m.group(1)}p>", value)
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes={},
        clean_content_tags={"script", "style"},
        strip_comments=True,
        link_rel=None,
    )
    cleaned = cleaned.replace("<b>", "<strong>").replace("</b>", "</strong>")
    cleaned = cleaned.replace("<i>", "<em>").replace("</i>", "</em>")
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned).strip()
    if cleaned and not _HAS_TAG.search(cleaned):
        # Only text was left (a link's words…): a paragraph, or cleaning it again would
        # take its entities for typed text.
        cleaned = _EMPTY_PARAGRAPH.sub("", f"<p>{cleaned}</p>")
    return Cleaned(cleaned, removed)


def shown(value: str) -> SafeString:
    """Stored formatted text, shown as it is: every path that stores it cleans it first
    (``clean``, in the owning service; migration meetings 0008 cleaned what was stored
    before). The tests fail if it is ever given text that cleaning would change
    (tests/richtext_guard.py)."""
    return mark_safe(value or "")  # noqa: S308 (cleaned when saved)


def stored(value: str | None) -> str:
    """Stored formatted text given to the editor as it is (a textarea escapes it): cleaned
    when saved, as for ``shown`` (and checked by the same tests)."""
    return value or ""


def escape_text(text: str) -> str:
    """Text escaped as nh3 writes it, so that cleaning stored text again changes nothing."""
    return html.escape(text, quote=False).replace("\xa0", "&nbsp;")


def paragraphs_of(texts: Iterable[str]) -> str:
    """Plain texts as stored paragraphs, as ``clean`` would store them, without parsing
    (for the data generator's millions of rows)."""
    texts = (" ".join(unicodedata.normalize("NFC", t).split()) for t in texts)
    return "".join(f"<p>{escape_text(t)}</p>" for t in texts if t)


def clean_stored(model, fields: Sequence[str], chunk: int = 500) -> int:
    """Clean the rich-text ``fields`` of every row of ``model`` (a model class, a
    migration's included) that cleaning changes; how many rows were written. Rows are
    read with only these columns, ``chunk`` at a time, and written back in bulk."""
    written, changed = 0, []
    for row in model._default_manager.only("pk", *fields).order_by("pk").iterator(chunk):
        dirty = False
        for field in fields:
            stored = getattr(row, field)
            cleaned = clean(stored).html
            if cleaned != stored:
                setattr(row, field, cleaned)
                dirty = True
        if dirty:
            changed.append(row)
        if len(changed) >= chunk:
            model._default_manager.bulk_update(changed, fields)
            written, changed = written + len(changed), []
    if changed:
        model._default_manager.bulk_update(changed, fields)
    return written + len(changed)


def is_blank(value: str) -> bool:
    return not plain_text(value).strip()


def plain_text(value: str) -> str:
    """The words of the text, for searching, snippets and citation detection."""
    text = re.sub(r"</(p|li)>|<br>", "\n", value or "")
    return html.unescape(_TAGS.sub("", text))


def warn_if_cleaned(request, removed_unsafe: bool) -> None:
    """Tell the user whose save removed unsafe markup (``clean``) that the text was kept."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    if removed_unsafe:
        messages.warning(
            request,
            _(
                "Scripts, styles and other unsafe markup pasted into the text were removed; "
                "the text itself was kept."
            ),
        )

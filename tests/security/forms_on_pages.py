"""The POST forms a page offers, read from its HTML as a browser would see them.

Used by the tests that post junk to every form: they find the forms by visiting the
pages, so a form added to any page is covered without anyone listing its fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # "text", "hidden", "select", "checkbox", "radio", "textarea", "file", …
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str  # path and query string, as the browser would post to
    fields: dict[str, Field] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons

    @property
    def path(self) -> str:
        return urlsplit(self.action).path

    def defaults(self) -> dict[str, list[str]]:
        """What the browser would send untouched (checked boxes, first options…)."""
        data: dict[str, list[str]] = {}
        for f in self.fields.values():
            if f.kind == "file":
                continue
            if f.kind in {"checkbox", "radio"}:
                if f.value:
                    data.setdefault(f.name, []).append(f.value)
            elif f.kind == "select":
                if f.options:
                    data[f.name] = [f.value or f.options[0]]
            else:
                data[f.name] = [f.value]
        return data


class _Parser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.page_url, a.get("action") or self.page_url)
                parts = urlsplit(action)
                self._form = Form(action=parts.path + (f"?{parts.query}" if parts.query else ""))
            else:
                self._form = None
            return
        if self._form is None or "name" not in a or "disabled" in a:
            return
        name = a["name"]
        kind = a.get("type", "submit" if tag == "button" else "text").lower()
        if tag == "button" or (tag == "input" and kind in {"submit", "image"}):
            if kind == "submit" or tag == "input":
                self._form.buttons.append((name, a.get("value", "")))
            return
        if tag == "input":
            if kind in {"button", "reset"}:
                return
            current = self._form.fields.get(name)
            if kind in {"checkbox", "radio"}:
                entry = current or Field(name=name, kind=kind)
                entry.options.append(a.get("value", "on"))
                if "checked" in a and not entry.value:
                    entry.value = a.get("value", "on")
                self._form.fields[name] = entry
            else:
                self._form.fields[name] = Field(name=name, kind=kind, value=a.get("value", ""))
        elif tag == "select":
            self._select = Field(name=name, kind="select", multiple="multiple" in a)
            self._form.fields[name] = self._select
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a and not self._select.value:
                self._select.value = a.get("value", "")
        elif tag == "textarea":
            self._textarea = Field(name=name, kind="textarea")
            self._form.fields[name] = self._textarea

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def post_forms(html: str, page_url: str) -> list[Form]:
    """Every form with method="post" on the page, with its fields."""
    parser = _Parser(page_url)
    parser.feed(html)
    parser.close()
    return parser.forms

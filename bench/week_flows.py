"""What the users of the reporting-week benchmark do (bench/week.py), page by page.

Plain Python, neither Django nor locust: each flow drives a ``Browser`` (locust's HTTP
session in bench/locustfile.py, Django's test client in tests/test_week_bench.py), so the
test runs the very requests the benchmark sends. Writes go through the real pages, as a
browser would send them: the form is read from the page's HTML (its CSRF and one-time
tokens, its version and every field), one text is changed and the form is posted back.

A write is judged by what its author would see: a form answered with the form again
(a conflict, a validation error) or a page with an error message is a failure.

The plan (paths, accounts, pace) is a dict made by bench/week.py from the database.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Protocol

SIGN_IN = "/accounts/login/"
FETCH = {"X-Requested-With": "fetch", "Accept": "application/json"}


@dataclass
class Answer:
    status: int
    text: str
    headers: Mapping[str, str]
    redirected: bool = False  # the request was answered by a redirect, followed
    ok: bool = True  # what the judge said


Judge = Callable[[Answer], "str | None"]


class Browser(Protocol):
    def call(
        self,
        name: str,
        method: str,
        path: str,
        *,
        data: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        follow: bool = False,
        judge: Judge | None = None,
    ) -> Answer:
        """Send one request, recorded under ``name``; ``judge`` says why it failed (or
        None); a request that is not judged must answer 200."""

    def pause(self, seconds: float) -> None: ...

    def hold(self, key: object) -> AbstractContextManager:
        """One user at a time for ``key`` (the users who share an organization's report
        take turns with it, as two people of one office would)."""


# --- reading pages -----------------------------------------------------------------


class _FormReader(HTMLParser):
    """The fields a browser would send from the page's POST form holding a one-time
    token: inputs (checked boxes only), text areas and selects, outside ``<template>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: list[list[str]] = []
        self.in_form = False
        self.done = False
        self.template = 0
        self.textarea: list[str] | None = None
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.option: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if self.done:
            return
        if tag == "form" and a.get("method", "").lower() == "post":
            self.in_form, self.fields = True, []
            return
        if tag == "template":
            self.template += 1
        if not self.in_form or self.template:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            self.fields.append([name, value])
        elif tag == "textarea" and name:
            self.fields.append([name, ""])
            self.textarea = self.fields[-1]
        elif tag == "select" and name:
            self.select, self.options = name, []
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "selected" in a, ""]
            self.options.append(self.option)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if tag == "template" and self.template:
            self.template -= 1
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline right after <textarea>.
            self.textarea[1] = self.textarea[1].removeprefix("\n")
            self.textarea = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            chosen = [o for o in self.options if o[1]] or self.options[:1]
            for value, _selected, label in chosen:
                self.fields.append([self.select, label.strip() if value is None else value])
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form = False
            if any(name == "submission_token" for name, _v in self.fields):
                self.done = True


def form_fields(html: str) -> list[list[str]]:
    """The page's form (the POST form with a one-time token), as a browser would post it."""
    reader = _FormReader()
    reader.feed(html)
    if not reader.done:
        raise ValueError("no form with a submission token on the page")
    return reader.fields


def value(fields: list[list[str]], name: str) -> str:
    return next((v for n, v in fields if n == name), "")


MARK = re.compile(r"\s*<p>\[bench \d+\]</p>\s*$")


def edit(fields: list[list[str]], name: str, count: int) -> None:
    """Change the text field ``name`` as a person typing would, without letting it grow
    from save to save: the benchmark's own last paragraph is replaced."""
    for pair in fields:
        if pair[0] == name:
            text = MARK.sub("", pair[1]) or "<p>Kết quả thực hiện trong quý.</p>"
            pair[1] = f"{text}<p>[bench {count}]</p>"
            return
    raise ValueError(f"no field {name!r} in the form")


def report_status(html: str, organization: int) -> str:
    """The status the meeting page shows for the organization's report ("missing" when
    it has none yet)."""
    article = html.partition(f'id="report-{organization}"')[2].partition("</article>")[0]
    found = re.search(r'class="status status-(\w+)"', article)
    return found.group(1) if found else "missing"


def staff_actions(html: str) -> Iterator[tuple[str, int, str]]:
    """(action, organization, version) of each accept and return button of the page."""
    for match in re.finditer(
        r'action="/meetings/\d+/reports/(\d+)/(accept|return)/"[^>]*>.*?'
        r'name="version" value="([^"]*)"',
        html,
    ):
        yield match.group(2), int(match.group(1)), match.group(3)


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


# --- judges ---------------------------------------------------------------------------


def _error_shown(answer: Answer) -> str | None:
    found = re.search(r'class="alert alert-danger[^"]*"[^>]*>(.*?)<', answer.text, re.S)
    if found:
        return " ".join(found.group(1).split())[:160] or "an error message"
    return None


def saved_through_form(answer: Answer) -> str | None:
    """A form saved redirects to the meeting page; one answered with itself was not."""
    if answer.status != 200:
        return f"answered {answer.status}"
    if not answer.redirected:
        return "the form came back: " + (_error_shown(answer) or "not saved")
    return _error_shown(answer)


def done_with_message(answer: Answer) -> str | None:
    """Accept and return redirect whatever happened; the message says which."""
    if answer.status != 200 or not answer.redirected:
        return f"answered {answer.status}"
    if refused := _error_shown(answer):
        return refused
    if "alert alert-success" not in answer.text:
        return "no confirmation on the page"
    return None


def draft_kept(answer: Answer) -> str | None:
    if answer.status != 200:
        return f"answered {answer.status}: {answer.text[:160]}"
    if "saved" not in json.loads(answer.text):
        return "no confirmation"
    return None


def signed_in(answer: Answer) -> str | None:
    return None if answer.status == 302 else f"sign-in answered {answer.status}"


# --- users -------------------------------------------------------------------------------


def sign_in(browser: Browser, username: str, password: str) -> bool:
    page = browser.call("sign-in", "GET", SIGN_IN)
    if not page.ok:
        return False
    data = [("csrfmiddlewaretoken", csrf_token(page.text))]
    data += [("username", username), ("password", password)]
    return browser.call("sign-in", "POST", SIGN_IN, data=data, judge=signed_in).ok


@dataclass
class Reporter:
    """Opens the report form of the current meeting, keeps a draft (the page's own
    autosave, to the draft endpoint) and saves the form ("Lưu nháp") every
    ``save_every`` seconds, and submits it at the last save of a cycle. A submitted
    report is the staff's until they accept it and return it to draft; meanwhile the
    reporter only reads the meeting page. Users who report for the same organization
    share one ``Reporter`` (its report's state) and take turns (``Browser.hold``)."""

    plan: dict
    me: dict  # username, organization, form, draft
    saves: int = 0
    count: int = 0
    opened: bool = False
    looked: float = float("-inf")  # when the meeting page was last read, waiting

    def step(self, browser: Browser) -> None:
        """One tick: at most one save (or submission)."""
        with browser.hold(("organization", self.me["organization"])):
            self._step(browser)

    def _step(self, browser: Browser) -> None:
        if not self.opened:
            # Waiting for the staff, the organization looks once per interval, not once
            # per user sharing its report.
            if time.monotonic() - self.looked < self.plan["save_every"]:
                return
            self.looked = time.monotonic()
            page = browser.call("meeting page (current)", "GET", self.plan["meeting"])
            if not page.ok or report_status(page.text, self.me["organization"]) in (
                "submitted",
                "accepted",
            ):
                return  # with the staff
            self.opened = True
        form = browser.call("report form", "GET", self.me["form"])
        if not form.ok:
            self.opened = False
            return
        if self.saves == 0:
            # The page's script asks for a draft newer than the stored report.
            browser.call("report draft (on opening)", "GET", self.me["draft"], headers=FETCH)
        fields = form_fields(form.text)
        self.count += 1
        edit(fields, "results", self.count)
        data = [(n, v) for n, v in fields]
        headers = {"X-CSRFToken": value(fields, "csrfmiddlewaretoken"), **FETCH}
        browser.call(
            "write: report draft (autosave)",
            "POST",
            self.me["draft"],
            data=data,
            headers=headers,
            judge=draft_kept,
        )
        self.saves += 1
        submit = self.saves >= self.plan["saves_per_cycle"]
        answer = browser.call(
            "write: report submit" if submit else "write: report save",
            "POST",
            self.me["form"],
            data=[*data, ("submit" if submit else "save", "")],
            follow=True,
            judge=saved_through_form,
        )
        if submit and answer.ok:
            self.saves, self.opened = 0, False


@dataclass
class Staff:
    """Saves the conclusion of the current meeting, reads the meeting page, returns the
    reports accepted at their previous round (so that their organizations can go on),
    opens each submitted report and accepts it."""

    plan: dict
    count: int = 0

    def step(self, browser: Browser) -> None:
        form = browser.call("conclusion form", "GET", self.plan["conclusion_form"])
        if form.ok:
            fields = form_fields(form.text)
            self.count += 1
            edit(fields, "assessment", self.count)
            browser.call(
                "write: conclusion save",
                "POST",
                self.plan["conclusion_form"],
                data=[(n, v) for n, v in fields],
                follow=True,
                judge=saved_through_form,
            )
        page = browser.call("meeting page (current)", "GET", self.plan["meeting"])
        if not page.ok:
            return
        token = csrf_token(page.text)
        for action, organization, version in list(staff_actions(page.text)):
            if action == "return" and report_status(page.text, organization) != "accepted":
                continue  # a submitted report: accepted below
            path = f"{self.plan['meeting']}reports/{organization}/"
            with browser.hold(("organization", organization)):
                if action == "accept":
                    browser.call("report form (staff)", "GET", path)
                browser.call(
                    f"write: report {action}",
                    "POST",
                    f"{path}{action}/",
                    # As the confirmation step sends it (meetings/confirm.py): confirmed,
                    # and a return says why.
                    data=[
                        ("csrfmiddlewaretoken", token),
                        ("version", version),
                        ("confirmed", "1"),
                        *([("reason", "Bổ sung số liệu của quý.")] if action == "return" else []),
                    ],
                    follow=True,
                    judge=done_with_message,
                )


LEADER_PAGES = ("dashboard", "board", "meeting", "concluded")
LEADER_NAMES = {
    "dashboard": "dashboard",
    "board": "directive board",
    "meeting": "meeting page (current)",
    "concluded": "meeting page (concluded, last year)",
}


@dataclass
class Leader:
    """Reads the dashboard, the directive board and the meeting pages in turn."""

    plan: dict
    turn: int = field(default=0)

    def step(self, browser: Browser) -> None:
        page = LEADER_PAGES[self.turn % len(LEADER_PAGES)]
        self.turn += 1
        browser.call(LEADER_NAMES[page], "GET", self.plan[page])


TRIVIAL = "trivial view (/healthz)"


def trivial(browser: Browser) -> None:
    browser.call(TRIVIAL, "GET", "/healthz")

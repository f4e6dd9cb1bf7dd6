"""A browser's User-Agent string in words ("Chrome trên Windows"), for the sessions page.

A few patterns for the browsers and systems people here use, rather than a parsing
library: the words only help someone recognise their own devices; the raw string stays
on the page (in a title)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

# Checked in order: in-app and derived browsers name Chrome or Safari in their strings too.
BROWSERS = (
    ("Zalo", re.compile(r"\bZalo", re.I)),
    ("Facebook", re.compile(r"\bFBAN/|\bFBAV/|\bFB_IAB/")),
    ("Cốc Cốc", re.compile(r"coc_coc_browser", re.I)),
    ("Edge", re.compile(r"\bEdg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/|\bOpera\b")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Firefox", re.compile(r"\bFirefox/|\bFxiOS/")),
    ("Chrome", re.compile(r"\b(?:Headless)?Chrome/|\bCriOS/")),
    ("Safari", re.compile(r"\bVersion/[\d.]+.*\bSafari/|\bMobile/\w+ Safari/")),
)
SYSTEMS = (
    ("iPhone", re.compile(r"\biPhone\b")),
    ("iPad", re.compile(r"\biPad\b")),
    ("Android", re.compile(r"\bAndroid\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("macOS", re.compile(r"\bMacintosh\b|\bMac OS X\b")),
    ("Linux", re.compile(r"\bLinux\b|\bX11\b")),
)


def _first(patterns, text: str) -> str:
    return next((name for name, pattern in patterns if pattern.search(text)), "")


def describe(user_agent: str) -> str:
    """``user_agent`` as "<browser> trên <system>", or "Trình duyệt không xác định"."""
    browser, system = _first(BROWSERS, user_agent or ""), _first(SYSTEMS, user_agent or "")
    if not browser:
        return _("Unknown browser")
    if not system:
        return browser
    return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}

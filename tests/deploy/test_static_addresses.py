"""The static files' addresses in production (giaoban/staticfiles.py): WhiteNoise's
hashed names, each worked out once per process."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from giaoban.staticfiles import StaticFilesStorage

# What base.html names on every page.
PAGE_FILES = [
    "vendor/bootstrap/bootstrap.min.css",
    "css/giaoban.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "js/giaoban.js",
    "vendor/vanillajs-datepicker/datepicker.min.js",
    "vendor/vanillajs-datepicker/locale-vi.js",
    "vendor/vanillajs-datepicker/datepicker-bs5.min.css",
    "js/typed-text.js",
]


@override_settings(DEBUG=False)
def test_each_address_is_whitenoises_and_found_once(collected_static):
    ours = StaticFilesStorage(location=str(collected_static), base_url="/static/")
    theirs = CompressedManifestStaticFilesStorage(
        location=str(collected_static), base_url="/static/"
    )
    for name in PAGE_FILES:
        address = ours.url(name)
        assert address == theirs.url(name)
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", address), address  # hashed
    # Kept: the manifest is not read again for them.
    ours.hashed_files.clear()
    assert [ours.url(name) for name in PAGE_FILES] == [theirs.url(n) for n in PAGE_FILES]
    # A file the manifest does not hold is refused every time, as by WhiteNoise.
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            ours.url("css/no-such-file.css")
    # With DEBUG on, the names as they are (another key).
    with override_settings(DEBUG=True):
        assert ours.url("css/giaoban.css") == "/static/css/giaoban.css"

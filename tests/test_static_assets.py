"""Pages load their assets from the project's own static files, never a CDN."""

import re

from django.contrib.staticfiles import finders


def test_pages_reference_only_local_assets(client, db):
    content = client.get("/accounts/login/").content.decode()

    external = re.findall(r'(?:src|href)="(https?:)?//[^"]+"', content)
    assert external == []
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', content)
    assert "vendor/bootstrap/bootstrap.min.css" in assets
    assert "vendor/bootstrap/bootstrap.bundle.min.js" in assets
    for asset in assets:
        assert finders.find(asset), asset


def test_static_files_are_served(live_server):
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/static/css/giaoban.css") as response:
        assert response.status == 200
        assert b"giaoban" in response.read()


def test_pages_have_no_inline_script(client, db):
    content = client.get("/accounts/login/").content.decode()

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", content) == []
    assert " onclick=" not in content


def test_the_stylesheets_braces_balance():
    """A rule block left open (a merge that lost a ``}``) swallows every rule after it:
    the browser reads them as part of the open ``@media`` block, on phones only."""
    import re
    from pathlib import Path

    for path in (Path(__file__).resolve().parent.parent / "static" / "css").glob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        depth = 0
        for character in text:
            depth += (character == "{") - (character == "}")
            assert depth >= 0, path.name
        assert depth == 0, path.name

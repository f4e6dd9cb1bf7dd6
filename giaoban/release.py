"""The release a deployment renders pages with, fixed when it starts.

Kept pages (``giaoban/pagecache.py``) carry the release in their version, so that a
page rendered by other code, templates, translations or static files is not served.
The value is computed once, before the application serves anything: by gunicorn's
master when it starts and at each reload (``gunicorn.conf.py`` puts it in
``GIAOBAN_RELEASE``, which every worker inherits), or by ``GiaobanConfig.ready`` when
nothing has set it (``runserver``, commands, tests). No worker reads files for it while
serving; every server of one release computes the same value, so they share kept pages.

Only the standard library: gunicorn's master, which never loads the application,
imports this module.
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata

ENVIRONMENT_VARIABLE = "GIAOBAN_RELEASE"
SKIPPED_FOLDERS = {".venv", ".git", "node_modules", "media", "staticfiles", "__pycache__"}
# Packages whose templates or widgets write parts of our pages.
PAGE_PACKAGES = ("Django", "django-crispy-forms", "crispy-bootstrap5")
RENDERING_FILES = (".py", ".html", ".mo", ".css", ".js", ".svg")


def compute(base: str | os.PathLike) -> str:
    """What the code in ``base`` renders pages with: our code, templates, translations
    and static files (their hashed names are in the pages), and the packages that
    render forms."""
    digest = hashlib.sha1()
    for package in PAGE_PACKAGES:
        digest.update(f"{package}={metadata.version(package)}".encode())
    base = str(base)
    for folder, folders, files in os.walk(base):
        folders[:] = sorted(f for f in folders if f not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if name.endswith(RENDERING_FILES):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, base).encode())
                with open(path, "rb") as handle:
                    digest.update(hashlib.sha1(handle.read()).digest())
    return digest.hexdigest()[:16]


def fixed(base: str | os.PathLike) -> str:
    """The release set for this process (``GIAOBAN_RELEASE``), or, when nothing set it,
    the one computed now from the files (``runserver``'s reloader restarts with new
    code, so this value is not passed on to the processes started from this one)."""
    return os.environ.get(ENVIRONMENT_VARIABLE, "").strip() or compute(base)

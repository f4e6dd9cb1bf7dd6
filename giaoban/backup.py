"""A full backup in one file, on any database: the data as JSON and the uploaded files.

For PostgreSQL in production, pg_dump is faster (docs in README.md); this works
everywhere and is what the tests round-trip.
"""

from __future__ import annotations

import io
import json
import tarfile
import time
from pathlib import Path

from django.core import management
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from search import indexing as search_indexing

DATA = "data.json"
MEDIA = "media/"
# The search index is derived from the meetings: rebuilt on restore, not stored. Page
# stamps (giaoban/pagecache.py) are not data: a restore stamps anew.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "search",
    "giaoban.pagestamp",
]


def _media_files(folder: str = "") -> list[str]:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += _media_files(f"{folder}{sub}/")
    return names


def write_backup(path: Path) -> dict:
    data = io.StringIO()
    management.call_command(
        "dumpdata",
        # Every row, also those removed in the interface (archived, hidden by the default
        # managers): an admin may still restore them.
        "--all",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={label}" for label in EXCLUDED],
        stdout=data,
    )
    payload = data.getvalue().encode()
    files = _media_files()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo(DATA)
        info.size, info.mtime = len(payload), int(time.time())
        archive.addfile(info, io.BytesIO(payload))
        for name in files:
            with default_storage.open(name, "rb") as handle:
                content = handle.read()
            info = tarfile.TarInfo(MEDIA + name)
            info.size, info.mtime = len(content), int(time.time())
            archive.addfile(info, io.BytesIO(content))
    return {"objects": len(json.loads(payload)), "files": len(files)}


@transaction.atomic
def read_backup(path: Path) -> dict:
    """Load a backup into an empty, migrated database and its storage."""
    with tarfile.open(path, "r:gz") as archive:
        members = {m.name: m for m in archive.getmembers() if m.isfile()}
        if DATA not in members:
            raise ValueError("not a giaoban backup: data.json is missing")
        payload = archive.extractfile(members[DATA]).read()
        fixture = Path(path).with_suffix(".restore.json")
        fixture.write_bytes(payload)
        try:
            management.call_command("loaddata", str(fixture), verbosity=0)
        finally:
            fixture.unlink(missing_ok=True)
        search_indexing.rebuild()
        restored = 0
        for name, member in members.items():
            if not name.startswith(MEDIA) or ".." in name:
                continue
            target = name[len(MEDIA) :]
            if default_storage.exists(target):
                default_storage.delete(target)
            default_storage.save(target, ContentFile(archive.extractfile(member).read()))
            restored += 1
    return {"objects": len(json.loads(payload)), "files": restored}

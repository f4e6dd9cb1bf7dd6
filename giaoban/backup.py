"""A full backup in one file, on any database: every row of every table and every
uploaded file; a restore loads all of it or nothing.

What is stored: every table, through its base manager (rows removed in the interface
are archived, not deleted, and hidden by the default managers), history included, with
the security log, sign-in attempts (django-axes: the lockouts in force and the record of
attempts, part of the security record), two-factor devices (people sign in with them
after a restore), the admin log and the many-to-many links. What is not: see
``NOT_STORED``.

For PostgreSQL in production, pg_dump is faster (docs in README.md); this works
everywhere and is what the tests round-trip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import management
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.commands.loaddata import Command as LoadData
from django.core.serializers import json as json_serializer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from giaoban import pagecache
from meetings import services as meeting_services
from search import indexing as search_indexing

DATA = "data.json"
MEDIA = "media/"
# What a backup leaves out, and why.
NOT_STORED = {
    "contenttypes.contenttype": "made by migrate; rows refer to them by natural key",
    "auth.permission": "made by migrate; rows refer to them by natural key",
    "sessions.session": "sign-ins end with a restore: everyone signs in again",
    "search.searchentry": "derived from the meetings: rebuilt on restore",
    "giaoban.pagestamp": "not data (giaoban/pagecache.py): a restore stamps anew",
}
# Made anew by ``migrate`` in the new database, maybe with other ids.
BY_NATURAL_KEY = {"contenttypes.contenttype", "auth.permission"}


class RestoreError(Exception):
    """A backup that cannot be restored; the database and the storage are unchanged."""


def stored_models() -> list[type[models.Model]]:
    """The models whose rows a backup holds (their many-to-many links come with them)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_STORED and not model._meta.proxy
    ]


class _Encoder(DjangoJSONEncoder):
    """Times to the microsecond (DjangoJSONEncoder cuts them to the millisecond)."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(json_serializer.Serializer):
    """Ids as they are, so that every reference (history, admin log) still holds, except
    content types and permissions: by natural key."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model._meta.label_lower in BY_NATURAL_KEY
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model._meta.label_lower in BY_NATURAL_KEY
        super().handle_m2m_field(obj, field)


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Read every table as of one moment, so that a row written while the backup runs is
    not half in it (an assignment without its directive). A transaction is that on
    SQLite; PostgreSQL needs repeatable read."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _media_files(folder: str = "") -> list[str]:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += _media_files(f"{folder}{sub}/")
    return sorted(names)


def write_backup(path: Path) -> dict:
    """Write every stored table and every uploaded file to ``path`` (.tar.gz)."""
    counts = {"tables": 0, "rows": 0, "files": 0}

    def rows():
        for model in stored_models():
            counts["tables"] += 1
            for row in model._base_manager.order_by("pk").iterator(chunk_size=2000):
                counts["rows"] += 1
                yield row

    # Written aside and renamed once complete: a backup that fails half-way leaves no
    # file that looks like a backup.
    partial = path.with_name(f".{path.name}.partial")
    try:
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / DATA
            with _one_snapshot(), data.open("w", encoding="utf-8") as stream:
                _Serializer().serialize(rows(), stream=stream, cls=_Encoder)
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(data, arcname=DATA)
                for name in _media_files():
                    info = tarfile.TarInfo(MEDIA + name)
                    info.size, info.mtime = default_storage.size(name), int(time.time())
                    with default_storage.open(name, "rb") as handle:
                        archive.addfile(info, handle)
                    counts["files"] += 1
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return counts


def _refuse_unless_empty() -> None:
    holding = [m._meta.label for m in stored_models() if m._base_manager.exists()]
    if holding:
        named = ", ".join(holding[:5]) + (f" and {len(holding) - 5} more" if holding[5:] else "")
        raise RestoreError(
            f"The database is not empty: {named} hold rows. Restore into a new database: "
            "create it, run `manage.py migrate`, then `manage.py restore FILE`."
        )


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _write_files(archive: tarfile.TarFile, files: dict, written: list[str]) -> int:
    """Write the backup's files to the storage, noting each in ``written``. A file already
    there with the same content is left; with other content, the restore stops."""
    restored = 0
    for name, member in files.items():
        content = archive.extractfile(member).read()
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                if _sha256(handle) != hashlib.sha256(content).hexdigest():
                    raise RestoreError(
                        f"The file storage already holds {name} with other content. "
                        "Restore into an empty storage (DJANGO_MEDIA_ROOT)."
                    )
            restored += 1
            continue
        stored = default_storage.save(name, ContentFile(content))
        written.append(stored)
        if stored != name:  # someone wrote the same name meanwhile
            raise RestoreError(f"The file storage already holds {name}.")
        restored += 1
    return restored


def read_backup(path: Path) -> dict:
    """Load a backup into an empty, migrated database and its storage: all of it, or
    nothing (``RestoreError`` says why)."""
    written: list[str] = []
    try:
        with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as folder:
            members = {m.name: m for m in archive.getmembers() if m.isfile()}
            if DATA not in members:
                raise RestoreError(f"{path} is not a giaoban backup: {DATA} is missing.")
            files = {n.removeprefix(MEDIA): m for n, m in members.items() if n.startswith(MEDIA)}
            unsafe = [n for n in files if n.startswith("/") or ".." in PurePosixPath(n).parts]
            if unsafe:
                raise RestoreError(f"{path} names files outside the storage: {unsafe[0]}.")
            fixture = Path(folder) / DATA
            with archive.extractfile(members[DATA]) as source, fixture.open("wb") as target:
                shutil.copyfileobj(source, target)
            with transaction.atomic():
                _refuse_unless_empty()
                loaddata = LoadData()
                # Checks every reference once all rows are in, and moves the id sequences.
                management.call_command(loaddata, str(fixture), verbosity=0)
                # A backup written before rich text was cleaned when saved.
                meeting_services.clean_stored_rich_text()
                search_indexing.rebuild()
                pagecache.changed_everything()
                # Last, so that data that does not load leaves the storage untouched.
                restored = _write_files(archive, files, written)
    except BaseException as error:
        for name in written:
            default_storage.delete(name)
        if isinstance(error, RestoreError) or not isinstance(error, Exception):
            raise
        if isinstance(error, tarfile.TarError):
            raise RestoreError(
                f"{path} is not a giaoban backup, or it is damaged ({error}); nothing was changed."
            ) from error
        reason = " ".join(str(error).split()) or type(error).__name__
        raise RestoreError(
            f"The backup could not be restored; nothing was changed. {reason}"
        ) from error
    return {"rows": loaddata.loaded_object_count, "files": restored}

"""Compile the catalogs in locale/ to .mo files with polib (no gettext needed).

For each language, ``django.po`` (the project's strings, kept up to date by
``makemessages``) and ``django_supplement.po`` (Django's own strings that
Django's catalog for that language lacks, edited by hand) are merged into one
``django.mo``, the project's strings winning. The .mo files are committed, so
running the app needs neither gettext nor this script; ``make messages`` runs it
after a catalog changes.
"""

from __future__ import annotations

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("django_supplement.po", "django.po")  # later files win


def merged_catalog(messages_dir: Path) -> polib.POFile:
    merged = polib.POFile()
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    for name in SOURCES:
        path = messages_dir / name
        if not path.exists():
            continue
        catalog = polib.pofile(str(path))
        if name == "django.po":
            merged.metadata = catalog.metadata
        for entry in catalog.translated_entries():
            entries[(entry.msgctxt, entry.msgid)] = entry
    for entry in entries.values():
        merged.append(entry)
    return merged


def main() -> None:
    for messages_dir in sorted((ROOT / "locale").glob("*/LC_MESSAGES")):
        catalog = merged_catalog(messages_dir)
        catalog.save_as_mofile(str(messages_dir / "django.mo"))
        print(f"{messages_dir.relative_to(ROOT)}/django.mo: {len(catalog)} messages")


if __name__ == "__main__":
    main()

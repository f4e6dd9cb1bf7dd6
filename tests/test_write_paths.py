"""One write path: pages, admin pages and commands of these apps call services; none of
them saves, creates, updates or deletes a row itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "documents", "giaoban", "meetings", "organizations", "search", "tracking")
WRITE = re.compile(
    r"\.(save|create|update|delete|bulk_create|bulk_update|get_or_create|update_or_create)\("
)
# Not rows: a QR code image written to memory, a stored file without a row, a form's
# object built (not saved) for a service to write.
NOT_ROWS = {"image.save(buffer)", "default_storage.delete(name)", ".save(commit=False)"}


def entry_points() -> list[Path]:
    files = []
    for app in APPS:
        base = ROOT / app
        files += [*base.glob("*views.py"), *base.glob("views/*.py"), *base.glob("admin*.py")]
        files += [*base.glob("management/commands/*.py"), *base.glob("two_factor.py")]
    return sorted(files)


@pytest.mark.parametrize("path", entry_points(), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_admin_and_commands_write_only_through_services(path):
    writes = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if WRITE.search(line) and not any(allowed in line for allowed in NOT_ROWS)
    ]
    assert writes == []

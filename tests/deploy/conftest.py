"""Fixtures that run the application as it runs in production: gunicorn processes with
DJANGO_DEBUG=0 on the test's PostgreSQL database, static files collected, uploads in
one shared folder.

The servers read the database the test writes: the tests use ``transactional_db``,
so what they create is committed and visible to the gunicorn processes. On SQLite
these tests are skipped: production requires PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from accounts.models import User
from tests.deploy.servers import GunicornServer, manage, production_environment

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
requires_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="production servers need PostgreSQL: run with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban",
)
PASSWORD = "mật-khẩu-thử-2026"


def database_url() -> str:
    """The test database (test_<name>), as the servers must reach it."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """``manage.py collectstatic`` with production settings: hashed, compressed files."""
    root = tmp_path_factory.mktemp("staticfiles")
    env = production_environment(DJANGO_STATIC_ROOT=str(root), DJANGO_ALLOW_SQLITE="1")
    manage("collectstatic", "--noinput", env=env)
    return root


@pytest.fixture(scope="session")
def migrated(django_db_setup, django_db_blocker) -> None:
    """``manage.py migrate`` with production settings on the test database, as on an
    upgrade (pytest-django created it; this must find nothing left to do)."""
    with django_db_blocker.unblock():
        url = database_url()
    result = manage("migrate", "--noinput", env=production_environment(DATABASE_URL=url))
    assert "No migrations to apply" in result.stdout, result.stdout


@pytest.fixture
def server_environment(migrated, transactional_db, collected_static, tmp_path) -> dict[str, str]:
    """Production settings on the test database, static files collected, an uploads folder."""
    media = tmp_path / "media"
    media.mkdir()
    return production_environment(
        DATABASE_URL=database_url(),
        DJANGO_STATIC_ROOT=str(collected_static),
        DJANGO_MEDIA_ROOT=str(media),
    )


@pytest.fixture
def start_server(server_environment, tmp_path) -> Iterator[Callable[..., GunicornServer]]:
    """Start a gunicorn server; ``start_server(**env)`` changes its environment."""
    servers: list[GunicornServer] = []

    def start(**env: str) -> GunicornServer:
        log = tmp_path / f"gunicorn-{len(servers) + 1}.log"
        server = GunicornServer({**server_environment, **env}, log)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def two_servers(start_server) -> tuple[GunicornServer, GunicornServer]:
    """Two app servers on different ports, one database, one uploads folder."""
    return start_server(), start_server()


@pytest.fixture
def staff_user(world) -> User:
    """Trang, staff of Ban Dân vận in Lâm Giang, with a password the servers can check
    (production hashes with PBKDF2, the test suite with a cheaper hasher)."""
    world.trang.password = PBKDF2PasswordHasher().encode(PASSWORD, "deploytestsalt")
    world.trang.save(update_fields=["password"])
    return world.trang

"""Bad configuration is explained in one message, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "mysql://root@localhost/giaoban"}, "not a database URL"),
        ({"DATABASE_URL": "postgres://user:secret@host:port/name"}, "cannot be read"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432"}, "names no database"),
        ({"DJANGO_DEBUG": "0"}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY must be set"),
        (
            {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50},
            "DJANGO_ALLOWED_HOSTS must list",
        ),
        ({"DJANGO_DEBUG": "perhaps"}, "not a yes/no value"),
        (
            {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "a.vn"},
            "DATABASE_URL must name a PostgreSQL database",
        ),
        ({"DATABASE_REPLICA_URL": "mysql://root@replica/giaoban"}, "DATABASE_REPLICA_URL="),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "not a Redis URL"),
        ({"DJANGO_STORAGE": "ftp"}, "not a storage"),
        ({"DJANGO_STORAGE": "s3"}, "needs AWS_STORAGE_BUCKET_NAME"),
        ({"DJANGO_LOG_FORMAT": "xml"}, "not json or text"),
        ({"DJANGO_LOG_LEVEL": "loud"}, "DJANGO_LOG_LEVEL='LOUD'"),
    ],
)
def test_bad_setting_is_explained(env, expected):
    result = run_manage("check", **env)

    assert result.returncode == 2
    assert "configuration error" in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_password_in_bad_url_is_not_printed():
    result = run_manage("check", DATABASE_URL="postgres://user:hunter2@host:port/name")

    assert "hunter2" not in result.stderr


def test_unreachable_database_is_explained():
    # Port 9 (discard) has no PostgreSQL server on any machine we run on.
    result = run_manage("migrate", DATABASE_URL="postgres://postgres:topsecret@127.0.0.1:9/giaoban")

    assert result.returncode == 2
    assert "the database cannot be reached" in result.stderr
    assert "127.0.0.1:9/giaoban" in result.stderr
    assert "topsecret" not in result.stderr
    assert "Traceback" not in result.stderr


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k" * 50,
    "DJANGO_ALLOWED_HOSTS": "giaoban.example.vn",
}


def test_production_settings_start_with_what_they_need():
    # `check` reads the database URL but does not connect.
    result = run_manage(
        "check", **PRODUCTION, DATABASE_URL="postgres://giaoban@db.example.vn:5432/giaoban"
    )

    assert result.returncode == 0, result.stderr


def test_production_settings_run_on_sqlite_only_when_asked():
    result = run_manage("check", **PRODUCTION, DJANGO_ALLOW_SQLITE="1")

    assert result.returncode == 0, result.stderr


def test_production_settings_with_every_shared_service_start():
    result = run_manage(
        "check",
        **PRODUCTION,
        DATABASE_URL="postgres://giaoban:secret@db.example.vn:5432/giaoban",
        DATABASE_REPLICA_URL="postgres://giaoban:secret@replica.example.vn:5432/giaoban",
        REDIS_URL="redis://cache.example.vn:6379/0",
        DJANGO_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="giaoban-uploads",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
    )

    assert result.returncode == 0, result.stderr


def test_gunicorn_with_a_bad_setting_stops_at_once_with_the_message():
    """Not a worker failing to boot over and over: one message, exit code 2."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    environ.update(DJANGO_DEBUG="0", GUNICORN_BIND="127.0.0.1:0", GUNICORN_WORKERS="1")
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "giaoban.wsgi"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert result.stderr.count("configuration error") == 1
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Booting worker" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"DJANGO_CSRF_TRUSTED_ORIGINS": "https://gb.tinhuy.vn"}, "https://gb.tinhuy.vn"),
        (
            {"DJANGO_CSRF_TRUSTED_ORIGINS": "https://a.vn", "GIAOBAN_SITE_URL": "https://b.vn/"},
            "https://b.vn",
        ),
    ],
)
def test_the_site_address_of_e_mail_links(env, expected):
    code = "from django.conf import settings; print(settings.SITE_URL)"
    result = run_manage(
        "shell", "-c", code, GIAOBAN_SITE_URL=env.pop("GIAOBAN_SITE_URL", ""), **env
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr

"""Logs: JSON lines on standard output in production, text in development; a 500 is
logged with its traceback and e-mailed to DJANGO_ADMINS."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A page that fails, served with production settings by Django's test client.
SCRIPT = """
import sys, types
from importlib import import_module
import django, django.conf
django.setup()
from django.core import mail
from django.test import Client
from django.test.utils import override_settings, setup_test_environment
from django.urls import path

def broken(request):
    raise RuntimeError("the report template is missing")

urls = types.ModuleType("broken_urls")
urls.urlpatterns = [path("broken/", broken), *import_module("giaoban.urls").urlpatterns]
sys.modules["broken_urls"] = urls
setup_test_environment()  # the locmem outbox
# No collectstatic here: the error page links the static files without their hashes.
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
storages = {**django.conf.settings.STORAGES, "staticfiles": plain_static}
with override_settings(ROOT_URLCONF="broken_urls", STORAGES=storages):
    response = Client(raise_request_exception=False).get("/broken/?q=1")
print("STATUS", response.status_code, file=sys.stderr)
print("MAILS", len(mail.outbox), file=sys.stderr)
for message in mail.outbox:
    print("TO", message.to, "SUBJECT", message.subject, file=sys.stderr)
"""


def serve_a_broken_page(**env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    environ.update(
        DJANGO_SETTINGS_MODULE="giaoban.settings",
        DJANGO_SECRET_KEY="k" * 50,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_ALLOW_SQLITE="1",
        DJANGO_SSL_REDIRECT="0",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_server_error_is_one_json_line_with_its_traceback():
    result = serve_a_broken_page(DJANGO_DEBUG="0")

    assert "STATUS 500" in result.stderr, result.stderr
    lines = result.stdout.strip().splitlines()
    records = [json.loads(line) for line in lines]  # every line is JSON
    error = next(r for r in records if r["logger"] == "django.request")
    assert error["level"] == "ERROR"
    assert error["status_code"] == 500
    assert error["method"] == "GET"
    assert error["path"] == "/broken/"
    assert "RuntimeError: the report template is missing" in error["exc_info"]
    assert "Traceback" in error["exc_info"]
    assert "time" in error


def test_a_server_error_is_mailed_to_the_admins():
    result = serve_a_broken_page(
        DJANGO_DEBUG="0",
        DJANGO_ADMINS="it@tinhuy.example.vn",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )

    assert "MAILS 1" in result.stderr, result.stderr
    assert "['it@tinhuy.example.vn']" in result.stderr
    assert "/broken/" in result.stderr


def test_no_mail_without_admins():
    result = serve_a_broken_page(
        DJANGO_DEBUG="0", DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    )

    assert "MAILS 0" in result.stderr, result.stderr


def test_development_logs_are_readable_text():
    result = serve_a_broken_page(DJANGO_DEBUG="1")

    assert "ERROR django.request: Internal Server Error: /broken/" in result.stdout
    assert "RuntimeError: the report template is missing" in result.stdout
    assert not result.stdout.lstrip().startswith("{")

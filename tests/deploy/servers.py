"""Real gunicorn servers with production settings, and a visitor who talks to them.

``GunicornServer`` runs ``gunicorn -c gunicorn.conf.py giaoban.wsgi`` exactly as
docs/deploy.md does, with DJANGO_DEBUG=0; ``Visitor`` is a browser without
JavaScript (the standard library's urllib with a cookie jar): it signs in through
the real sign-in page with its CSRF token, posts forms and uploads files, and
may send each request to another server, as a load balancer would.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "Vx7-q2Lp9_zR4mWt8nBc3Kd6Yf1Hj5Gs0Ea2Ui4Oo7Pl9Mk3Nb-deploy-tests"
# Variables of the machine that would change what the servers do.
_OURS = ("DJANGO_", "DATABASE_", "REDIS_URL", "AWS_", "GUNICORN_")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(**overrides: str) -> dict[str, str]:
    """The environment of a production server on plain HTTP (the tests have no TLS proxy)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


class GunicornServer:
    def __init__(self, env: dict[str, str], log: Path, workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
        }
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> GunicornServer:
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "giaoban.wsgi"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz in {timeout}s:\n{self.log_text()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's graceful shutdown
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def log_records(self) -> list[dict]:
        """The JSON lines the server wrote (production logs are JSON)."""
        return [json.loads(line) for line in self.log_text().splitlines() if line.startswith("{")]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at the redirect itself


class Visitor:
    """One person's browser: its cookies go to whichever server it talks to."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects
        )

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        return self._send(urllib.request.Request(url, headers=headers or {}))

    def post(
        self,
        url: str,
        fields: dict[str, str],
        files: dict[str, tuple[str, bytes, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """POST a form with the CSRF token; ``files``: field -> (file name, content, type)."""
        fields = {"csrfmiddlewaretoken": self.cookie("csrftoken"), **fields}
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            url, data=body, method="POST", headers={**(headers or {}), "Content-Type": content_type}
        )
        return self._send(request)

    def sign_in(
        self, server_url: str, username: str, password: str, headers: dict[str, str] | None = None
    ) -> Response:
        """Through the real sign-in page, as a person does (django-axes sees the request)."""
        form = self.get(f"{server_url}/accounts/login/", headers=headers)
        assert form.status == 200, form.status
        return self.post(
            f"{server_url}/accounts/login/",
            {"username": username, "password": password},
            headers=headers,
        )

    def form_token(self, page: Response) -> str:
        """The one-time submission token of a form on ``page`` (accounts/submissions.py)."""
        match = re.search(r'name="submission_token" value="([0-9a-f]+)"', page.text)
        assert match, "no submission token on the page"
        return match.group(1)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def _send(self, request: urllib.request.Request) -> Response:
        try:
            with self._opener.open(request, timeout=30) as response:
                return Response(response.status, _lower(response.headers), response.read())
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            return Response(error.code, _lower(error.headers), error.read())


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _multipart(
    fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"

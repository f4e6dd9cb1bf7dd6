"""One gunicorn server with production settings on PostgreSQL, as docs/deploy.md runs it."""

from __future__ import annotations

import re
import signal
import threading
import time

import pytest

from accounts.models import SecurityEvent
from tests.deploy.conftest import PASSWORD, requires_postgresql
from tests.deploy.servers import Visitor

pytestmark = [requires_postgresql, pytest.mark.deploy]


def test_it_serves_the_login_page_hashed_static_files_and_health(start_server):
    server = start_server()
    visitor = Visitor()

    login = visitor.get(f"{server.url}/accounts/login/")
    assert login.status == 200
    assert 'name="csrfmiddlewaretoken"' in login.text
    assert "Đăng nhập" in login.text
    # The page links to the collected file whose name carries a hash of its content.
    stylesheet = re.search(r'href="(/static/css/giaoban\.[0-9a-f]{12}\.css)"', login.text)
    assert stylesheet, login.text

    css = visitor.get(f"{server.url}{stylesheet.group(1)}", headers={"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.headers["content-type"].startswith("text/css")
    max_age = int(re.search(r"max-age=(\d+)", css.headers["cache-control"]).group(1))
    assert max_age >= 365 * 24 * 3600
    assert "immutable" in css.headers["cache-control"]
    assert css.headers["content-encoding"] == "gzip"

    health = visitor.get(f"{server.url}/healthz")
    assert health.status == 200
    assert health.text.startswith('{"status": "ok", "database": "ok"')


def test_a_file_without_a_hash_is_not_cached_for_long(start_server):
    server = start_server()

    css = Visitor().get(f"{server.url}/static/css/giaoban.css")

    assert css.status == 200
    assert "immutable" not in css.headers["cache-control"]


def test_it_logs_json_lines_to_standard_output(start_server, staff_user):
    server = start_server()
    visitor = Visitor()
    visitor.get(f"{server.url}/healthz")
    assert visitor.sign_in(server.url, "trang", PASSWORD).status == 302

    server.stop()  # flushes what the workers wrote
    records = server.log_records()
    assert records, server.log_text()
    assert all({"time", "level", "logger", "message"} <= set(record) for record in records)
    access = [r for r in records if r["logger"] == "gunicorn.access"]
    assert {"method": "GET", "path": "/healthz", "status": 200} in [
        {key: r[key] for key in ("method", "path", "status")} for r in access
    ]
    # No line that is not JSON: nothing for a log collector to trip over.
    assert len(records) == len(server.log_text().splitlines())


def test_behind_a_proxy_it_sees_the_visitors_address(start_server, staff_user):
    """nginx passes X-Real-IP; lockouts and the security log see the person, not nginx."""
    server = start_server(DJANGO_CLIENT_IP_HEADER="X-Real-IP")
    visitor = Visitor()

    visitor.sign_in(server.url, "trang", "wrong", headers={"X-Real-IP": "203.0.113.7"})
    visitor.sign_in(server.url, "trang", PASSWORD, headers={"X-Real-IP": "not an address"})

    events = SecurityEvent.objects.order_by("created_at")
    assert [(e.kind, e.ip_address) for e in events] == [
        (SecurityEvent.Kind.SIGN_IN_FAILED, "203.0.113.7"),
        (SecurityEvent.Kind.SIGNED_IN, "127.0.0.1"),
    ]


def test_a_reload_replaces_the_workers_without_losing_a_request(start_server):
    """`systemctl reload giaoban` (HUP): new workers with the new code, no downtime."""
    server = start_server()
    statuses: list[int | str] = []
    done = threading.Event()

    def keep_asking() -> None:
        deadline = time.monotonic() + 30  # bounded, whatever happens
        while not done.is_set() and time.monotonic() < deadline:
            try:
                statuses.append(Visitor().get(f"{server.url}/healthz").status)
            except OSError as error:
                statuses.append(repr(error))

    def wait_for(condition, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.1)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    # Requests before, during and after the reload, however busy the machine is.
    wait_for(lambda: len(statuses) >= 3, 10)
    before = len(statuses)
    server.process.send_signal(signal.SIGHUP)
    wait_for(lambda: server.log_text().count("Booting worker") >= 4, 20)
    booted = len(statuses)
    wait_for(lambda: len(statuses) >= booted + 3, 10)
    done.set()
    asker.join()

    assert server.log_text().count("Booting worker") == 4, server.log_text()
    assert "Handling signal: hup" in server.log_text()
    assert before >= 3 and len(statuses) >= booted + 3, (before, booted, len(statuses))
    assert set(statuses) == {200}

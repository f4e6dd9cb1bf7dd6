"""Two app servers behind one load balancer: whichever answers, the visitor is the same.

Both servers share the PostgreSQL database, the uploads folder (DJANGO_MEDIA_ROOT)
and, in the second variant, a Redis cache. Nothing is kept in one server's memory,
so no sticky sessions are needed.
"""

from __future__ import annotations

import uuid

import pytest

from tests.deploy.conftest import PASSWORD, requires_postgresql
from tests.deploy.servers import Visitor, free_port

pytestmark = [requires_postgresql, pytest.mark.deploy]


def redis_url() -> str:
    """A Redis on this machine, or skip (CI installs one: .ci/run)."""
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379 (sudo apt-get install redis-server)")
    return url


@pytest.fixture(params=["database sessions", "sessions cached in Redis"])
def servers(request, start_server):
    if request.param == "database sessions":
        return start_server(), start_server()
    # Each run keeps its keys apart, so runs on one Redis do not meet.
    env = {"REDIS_URL": redis_url(), "DJANGO_CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    return start_server(**env), start_server(**env)


def test_it_signs_in_on_one_server_and_is_signed_in_on_the_other(servers, staff_user):
    a, b = servers
    visitor = Visitor()

    signed_in = visitor.sign_in(a.url, "trang", PASSWORD)
    assert signed_in.status == 302, signed_in.text
    assert signed_in.location == "/"

    page = visitor.get(f"{b.url}/account/")
    assert page.status == 200
    assert "Lê Thị Thu Trang" in page.text
    assert visitor.get(f"{a.url}/meetings/").status == 200


def test_it_signs_out_on_one_server_and_is_signed_out_on_the_other(servers, staff_user):
    a, b = servers
    visitor = Visitor()
    visitor.sign_in(a.url, "trang", PASSWORD)
    assert visitor.get(f"{a.url}/account/").status == 200

    assert visitor.post(f"{b.url}/accounts/logout/", {}).status == 302

    page = visitor.get(f"{a.url}/account/")
    assert page.status == 302
    assert page.location.startswith("/accounts/login/")


def test_a_session_ended_on_one_server_is_ended_on_the_other(servers, staff_user):
    """ "My sessions" → end the one at home: it ends everywhere, Redis copy included."""
    a, b = servers
    office, home = Visitor(), Visitor()
    office.sign_in(a.url, "trang", PASSWORD)
    home.sign_in(b.url, "trang", PASSWORD)
    assert home.get(f"{a.url}/account/").status == 200

    ended = office.post(
        f"{a.url}/accounts/sessions/end/", {"session_key": home.cookie("sessionid")}
    )
    assert ended.status == 302

    assert home.get(f"{b.url}/account/").status == 302
    assert home.get(f"{a.url}/account/").status == 302
    assert office.get(f"{b.url}/account/").status == 200


def test_wrong_passwords_on_both_servers_add_up_to_one_lockout(two_servers, staff_user):
    """django-axes counts failures in the shared database, not per server."""
    a, b = two_servers
    visitor = Visitor()
    for attempt in range(4):
        server = a if attempt % 2 else b
        assert visitor.sign_in(server.url, "trang", "wrong-password").status == 200

    # The fifth failure, the third on server B: locked on both.
    assert visitor.sign_in(b.url, "trang", "wrong-password").status == 429
    assert visitor.sign_in(a.url, "trang", PASSWORD).status == 429
    assert visitor.sign_in(b.url, "trang", PASSWORD).status == 429


def test_a_file_uploaded_through_one_server_downloads_through_the_other(
    two_servers, staff_user, world
):
    """DJANGO_MEDIA_ROOT is one folder for both servers (on several machines: an NFS
    mount, or DJANGO_STORAGE=s3); the download goes through the permission check."""
    import datetime as dt

    from documents.models import ReportAttachment
    from tests.documents import files
    from tests.factories import make_meeting

    a, b = two_servers
    meeting = make_meeting(world.lam_giang, "2024-Q1", held_on=dt.date(2024, 4, 19))
    content = files.docx("Báo cáo công tác Mặt trận quý I năm 2024 (bản gốc)")
    visitor = Visitor()
    assert visitor.sign_in(a.url, "trang", PASSWORD).status == 302
    page_url = f"/documents/meetings/{meeting.pk}/reports/{world.front.pk}/files/"
    form = visitor.get(f"{a.url}{page_url}")
    assert form.status == 200
    sent = visitor.post(
        f"{a.url}{page_url}",
        {"submission_token": visitor.form_token(form)},
        files={"file": ("Báo cáo MTTQ quý I.docx", content, "application/octet-stream")},
    )
    assert sent.status == 302, sent.text[:500]
    attachment = ReportAttachment.objects.get()
    assert attachment.original_name == "Báo cáo MTTQ quý I.docx"

    download = visitor.get(f"{b.url}/documents/files/{attachment.pk}/")
    assert download.status == 200
    assert download.body == content
    assert "attachment;" in download.headers["content-disposition"]
    # Someone signed in to neither server is sent to sign in, on either.
    assert Visitor().get(f"{b.url}/documents/files/{attachment.pk}/").status == 302


def test_while_redis_does_not_answer_sessions_work_from_the_database(start_server, staff_user):
    """Redis is a cache: when it stops, people notice nothing (docs/deploy.md, 2.4)."""
    a = start_server()
    without_redis = start_server(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    visitor = Visitor()
    visitor.sign_in(a.url, "trang", PASSWORD)

    assert visitor.get(f"{without_redis.url}/account/").status == 200
    other = Visitor()
    assert other.sign_in(without_redis.url, "trang", PASSWORD).status == 302
    assert other.get(f"{a.url}/account/").status == 200
    assert other.post(f"{without_redis.url}/accounts/logout/", {}).status == 302
    assert other.get(f"{a.url}/account/").status == 302
    without_redis.stop()
    warnings = [r for r in without_redis.log_records() if r["logger"] == "giaoban.sessions"]
    assert warnings
    assert all(r["level"] == "WARNING" for r in warnings)

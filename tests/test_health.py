"""/healthz answers quickly, without login, and leaks nothing."""


def test_health_answers_without_login(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")
    assert set(response.json()) == {"status", "database", "ms"}


def test_health_accepts_only_get(client, db):
    assert client.post("/healthz").status_code == 405


def test_health_says_when_the_database_is_down():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DATABASE_URL="postgres://postgres@127.0.0.1:9/giaoban",
        DJANGO_SETTINGS_MODULE="giaoban.settings",
        DJANGO_DB_CONNECT_TIMEOUT="2",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    # Logs go to standard output too (giaoban/settings.py, LOGGING): the answer is the last line.
    answer = result.stdout.splitlines()[-1]
    assert answer.startswith("503 ")
    assert "unreachable" in answer
    assert "127.0.0.1" not in result.stdout

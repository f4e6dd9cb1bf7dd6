"""Production headers and Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_prints_no_warning_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="Vx7-q2Lp9_zR4mWt8nBc3Kd6Yf1Hj5Gs0Ea2Ui4Oo7Pl9Mk3Nb",
        DJANGO_ALLOWED_HOSTS="giaoban.example.vn",
        # Checked, not connected to: `check` needs no database server.
        DATABASE_URL="postgres://giaoban@db.example.vn:5432/giaoban",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_pages_carry_a_content_security_policy_without_inline_script(client, db):
    response = client.get("/accounts/login/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"

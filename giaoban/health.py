"""/healthz: is the application up and does its database answer? No login, no data."""

from __future__ import annotations

import time

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; details stay in the logs
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse(
        {"status": "ok", "database": "ok", "ms": round((time.monotonic() - started) * 1000, 1)}
    )

"""Logs on standard output: JSON lines in production, readable text in development.

One JSON object per line is what journald, Docker and log collectors (Loki,
Elasticsearch, Graylog) read without parsing rules. The formatter is shared by
Django (``LOGGING`` in settings) and gunicorn (``gunicorn.conf.py``), so the
access log and the application log have the same shape.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pythonjsonlogger.json import JsonFormatter

# gunicorn's access-log atoms (see gunicorn.glogging.Logger.atoms) -> our field names.
_ACCESS_FIELDS = {
    "m": "method",
    "U": "path",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "h": "client",
    "a": "user_agent",
}


class JsonLinesFormatter(JsonFormatter):
    """``{"time", "level", "logger", "message"}`` plus the record's extra fields; a
    traceback in ``exc_info``; an HTTP request as method and path, never the whole object."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", ["levelname", "name", "message"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        super().__init__(*args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        request = log_data.pop("request", None)
        if request is not None:  # django.request and django.security records carry it
            log_data["method"] = getattr(request, "method", None)
            log_data["path"] = getattr(request, "path", None)
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            for atom, field in _ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "-"):
                    log_data[field] = value
            if "status" in log_data:
                log_data["status"] = int(log_data["status"])

"""Typed readers for settings taken from the environment.

Each helper fails fast with ``ImproperlyConfigured`` and a message that names
the variable, so a wrong value is caught at start-up instead of deep inside a
request.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value: use 1/0, true/false, yes/no or on/off."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def redact_url(url: str) -> str:
    """The URL with its password replaced, safe to print in an error message."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable>"
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def database_from_url(url: str, *, name: str = "DATABASE_URL") -> dict[str, Any]:
    """Parse a database URL into Django's DATABASES entry, or explain what is wrong."""
    import dj_database_url

    supported = ("postgres", "postgresql", "pgsql", "sqlite")
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in supported:
        raise ImproperlyConfigured(
            f"{name}={redact_url(url)!r} is not a database URL this application supports. "
            "Expected postgres://USER[:PASSWORD]@HOST[:PORT]/NAME or sqlite:///PATH."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except ValueError as error:  # dj_database_url.ParseError is one
        raise ImproperlyConfigured(f"{name}={redact_url(url)!r} cannot be read: {error}") from None
    if config["ENGINE"].endswith("postgresql") and not config.get("NAME"):
        raise ImproperlyConfigured(
            f"{name}={redact_url(url)!r} names no database: add /NAME at the end."
        )
    return config

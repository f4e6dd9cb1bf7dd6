"""Parts of a page every reader sees alike, rendered once per version and kept in the
cache that every worker shares (Redis when ``REDIS_URL`` is set; each process's memory
otherwise).

A report's body or a conclusion's body is the same for every reader of its committee:
when one reader has rendered it, the others (on any worker) are given the same HTML, and
after a change N readers cost one render, not N.

``kept(request, kind, pk, version, render)``: the fragment of object ``pk`` of ``kind``,
where ``version`` lists everything the fragment shows (the caller's business: see
``meetings/fragments.py``). One key per object and language (``fragment:report:12:vi``),
so keys are bounded by the objects; the value carries its version (a digest of the
release and of ``version``), and a new version replaces the old one in place.

Each response tells how many fragments it took from the cache and how many it rendered
(``X-Fragment-Cache``, ``X-Fragments``; ``FragmentHeadersMiddleware``), for the
benchmark. ``DJANGO_FRAGMENT_CACHE=0`` renders every fragment.

A utility of the whole project: apps import it; it imports no app.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from giaoban.pagecache import release

logger = logging.getLogger(__name__)


def _digest(version: Iterable) -> str:
    digest = hashlib.sha256(release().encode())
    for part in version:
        digest.update(b"\x1f")
        digest.update(repr(part).encode())
    return digest.hexdigest()


def _count(request: HttpRequest | None, outcome: str) -> None:
    if request is not None:
        counts = request.__dict__.setdefault("fragments", {"kept": 0, "rendered": 0})
        counts[outcome] += 1


def kept(
    request: HttpRequest | None,
    kind: str,
    pk: int,
    version: Iterable | Callable[[], Iterable],
    render: Callable[[], str],
) -> SafeString:
    """The HTML ``render()`` gives for this version of the object, rendered once and then
    taken from the cache until the version changes. ``version`` may be a function, called
    only when fragments are kept (it may cost a query)."""
    if not getattr(settings, "FRAGMENT_CACHE", True):
        return mark_safe(render())  # noqa: S308 (rendered by a template, escaped there)
    if callable(version):
        version = version()
    key = f"fragment:{kind}:{pk}:{translation.get_language() or ''}"
    stamp = _digest(version)
    try:
        found = cache.get(key)
    except Exception:  # a cache that does not answer costs the rendering, nothing more
        logger.warning("fragment cache unavailable", exc_info=True)
        found = None
    if found is not None and found[0] == stamp:
        _count(request, "kept")
        return mark_safe(found[1])  # noqa: S308 (as rendered below)
    html = str(render())
    _count(request, "rendered")
    try:
        cache.set(key, (stamp, html), settings.FRAGMENT_CACHE_SECONDS)
    except Exception:
        logger.warning("fragment cache unavailable", exc_info=True)
    return mark_safe(html)  # noqa: S308 (rendered by a template, escaped there)


class FragmentHeadersMiddleware:
    """``X-Fragment-Cache: hit`` on a response that took at least one fragment from the
    cache (``miss`` when it rendered them all), and ``X-Fragments: kept=N rendered=M``.

    Set after the view, so that the page cache (a view decorator) does not keep them with
    the page: a page served from it renders no fragment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        counts = request.__dict__.get("fragments")
        if counts:
            response["X-Fragment-Cache"] = "hit" if counts["kept"] else "miss"
            response["X-Fragments"] = f"kept={counts['kept']} rendered={counts['rendered']}"
        return response

"""A new worker made ready before its first request.

gunicorn replaces each worker after about a thousand requests (``max_requests`` in
gunicorn.conf.py). Left alone, the new worker's first request pays for what every later
one finds ready: importing the URLconf and every view, loading the translation catalogs,
compiling the templates and opening the database connection; about a second on the
meeting page, against 80 ms once warm. ``warm()`` does that work in the worker as it
starts (gunicorn's ``post_worker_init``), before it accepts a request.

Then ``freeze()`` hands what the worker holds for good (modules, URL patterns,
templates, catalogs) to the garbage collector's permanent generation: its full
collections, which otherwise walk every one of those objects again (about 140,000)
every few dozen pages, walk only what requests left behind.

First of all, ``keep_memory()`` tells the C library's allocator (glibc) to keep the
memory a page freed for the next page, rather than hand it back to the system and
fault it in again, page by page, at the next request.

A utility of the whole project: it imports no app; it reaches the apps' views and
templates through the URLconf and the template engines, as a request would.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.template.exceptions import TemplateDoesNotExist, TemplateSyntaxError
from django.urls import get_resolver
from django.utils import formats, translation

logger = logging.getLogger(__name__)

# The third-party templates our pages render through: Django's own form widgets and the
# crispy Bootstrap 5 pack.
FORM_TEMPLATE_FOLDERS = ("django/forms",)
THIRD_PARTY_FOLDERS = ("bootstrap5",)

# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# Free memory at the top of the heap kept for the next requests, up to this much.
KEPT_FREE = 64 * 1024 * 1024
# Blocks up to this size come from the heap; larger ones are mapped on their own.
MAPPED_FROM = 16 * 1024 * 1024


def _template_names(folder: Path, under: str = "") -> list[str]:
    """The names of the templates in ``folder`` (optionally only those ``under`` a subfolder)."""
    root = folder / under if under else folder
    if not root.is_dir():
        return []
    return sorted(
        path.relative_to(folder).as_posix()
        for path in root.rglob("*")
        if path.suffix in {".html", ".txt"} and path.is_file()
    )


def project_template_names() -> list[str]:
    """Every template of the project's own folders (``TEMPLATES[…]["DIRS"]``)."""
    names: list[str] = []
    for config in settings.TEMPLATES:
        for folder in config.get("DIRS", []):
            names += _template_names(Path(folder))
    return names


def _third_party_template_names(folders: tuple[str, ...]) -> list[str]:
    import crispy_bootstrap5
    import django

    roots = [
        Path(django.__file__).parent / "forms" / "templates",
        Path(crispy_bootstrap5.__file__).parent / "templates",
    ]
    return [name for root in roots for folder in folders for name in _template_names(root, folder)]


def _load(get_template, names: list[str]) -> int:
    loaded = 0
    for name in names:
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            # Templates shadowed by another loader, or fragments not meant to stand
            # alone: a request would not load them this way either.
            continue
        loaded += 1
    return loaded


def warm() -> dict[str, int | float]:
    """Do in this process what its first requests would otherwise do. Returns what it did."""
    started = time.perf_counter()
    resolver = get_resolver()
    # Imports the URLconf and with it every view, form and service module.
    resolver.reverse_dict  # noqa: B018 (populating the resolver is the point)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Trang chủ")
            formats.get_format("DATE_FORMAT")  # imports the language's format module
    django_engine = engines["django"]
    templates = _load(django_engine.get_template, project_template_names())
    templates += _load(django_engine.get_template, _third_party_template_names(THIRD_PARTY_FOLDERS))
    renderer = get_default_renderer()
    templates += _load(renderer.get_template, _third_party_template_names(FORM_TEMPLATE_FOLDERS))
    try:
        connections["default"].ensure_connection()
    except Exception:  # the first request reports a database that does not answer
        logger.warning("warm-up: the database did not answer", exc_info=True)
    took = round((time.perf_counter() - started) * 1000, 1)
    logger.info("worker warmed up: %s templates in %s ms", templates, took)
    return {"templates": templates, "ms": took}


def keep_memory() -> bool:
    """Keep what a request frees for the next one (glibc's ``mallopt``): ``KEPT_FREE`` of
    free memory at the top of the heap before any goes back to the system, and blocks
    under ``MAPPED_FROM`` from the heap rather than mapped and unmapped each time.

    By default glibc maps each block over 128 KB on its own, raises that bound as such
    blocks are freed, and gives the heap's free top back once it passes twice the bound.
    A large page grows the heap by more than that and frees it all at its end: the
    conclusion form with 40 directives made 456 page faults a request, each page of the
    heap faulted in again after it was given back (issue 19; one process, province
    data), and a fault costs most in a virtual machine. With these bounds it made 1. A
    worker then holds on to what its largest page needed, which ``max_requests``
    bounds (gunicorn.conf.py). Returns False where the C library is not glibc (musl's
    ``mallopt`` does nothing), or refused a bound."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # TypeError: Windows has no CDLL(None)
        return False
    # (With another allocator preloaded, jemalloc or tcmalloc, glibc still answers 1 and
    # the bounds apply to nothing: that allocator keeps memory by its own rules.)
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    # Each returns 1 when glibc took the bound.
    kept = mallopt(_M_TRIM_THRESHOLD, KEPT_FREE) == 1
    kept = mallopt(_M_MMAP_THRESHOLD, MAPPED_FROM) == 1 and kept
    logger.info("worker memory kept between requests: %s", kept)
    return kept


def freeze() -> int:
    """Move every object alive now, after the warm-up, out of the garbage collector's
    reach (``gc.freeze``: it then ignores them for good). A full collection walks every
    object it tracks, and a warm worker holds about 140,000 that live as long as it
    does. Measured in one process, 1,300 renders of the key pages at province (issue
    19): two full collections of 75 ms each before, four of 6 ms after; the pause is
    what a reader notices, at whichever page it falls on. Garbage made later is
    collected as before; a frozen object that later dies in a reference cycle is not,
    which ``max_requests`` bounds (gunicorn.conf.py: each worker is replaced after about
    a thousand requests). Returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    logger.info("worker heap frozen: %s objects", frozen)
    return frozen

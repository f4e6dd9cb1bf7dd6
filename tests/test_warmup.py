"""A worker made ready before its first request (giaoban/warmup.py, gunicorn's
``post_worker_init``): the key pages then compile no template and import no module."""

from __future__ import annotations

import gc
import importlib.util
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.template import Template, engines
from django.test import Client

from accounts.models import User
from bench.pages import key_pages
from giaoban import warmup
from giaoban.generate import SCALES, Generator


def caching_loaders():
    """The cached template loaders of the project's engine and of the forms' renderer's own
    engine, if it has one (``TemplatesSetting`` renders through the project's)."""
    renderer = get_default_renderer()
    own = [renderer.engine.engine] if hasattr(renderer, "engine") else []
    for engine in (engines["django"].engine, *own):
        for loader in engine.template_loaders:
            if hasattr(loader, "get_template_cache"):
                yield loader


def compiled() -> set[str]:
    return {
        key
        for loader in caching_loaders()
        for key, value in loader.get_template_cache.items()
        if isinstance(value, Template)
    }


@pytest.mark.usefixtures("no_page_cache")
def test_after_the_warm_up_the_key_pages_compile_no_template_and_import_no_module(db):
    Generator(SCALES["tiny"]).run()
    clients = {}
    for user in ("staff", "leader"):
        clients[user] = Client()
        clients[user].force_login(User.objects.get(username=f"bench_{user}"))
        # Loads the middleware, as gunicorn's worker does when it imports the application.
        clients[user].get("/healthz")
    pages = key_pages()
    for loader in caching_loaders():
        loader.reset()  # as a new worker starts

    done = warmup.warm()
    ready, modules = compiled(), set(sys.modules)
    for page in pages:
        assert clients[page.user].get(page.path).status_code == 200, page.path

    assert done["templates"] > 100
    assert compiled() - ready == set()
    assert {
        name
        for name in set(sys.modules) - modules
        if name.split(".")[0]
        in {"accounts", "organizations", "meetings", "tracking", "documents", "search", "giaoban"}
    } == set()


def test_gunicorn_warms_each_worker_up_before_it_takes_a_request(monkeypatch):
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", Path(settings.BASE_DIR) / "gunicorn.conf.py"
    )
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    done = []
    monkeypatch.setattr(warmup, "warm", lambda: done.append("warm"))
    monkeypatch.setattr(warmup, "freeze", lambda: done.append("freeze"))
    monkeypatch.setattr(warmup, "keep_memory", lambda: done.append("keep_memory"))

    conf.post_worker_init(worker=None)

    assert done == ["keep_memory", "warm", "freeze"]


def test_what_is_alive_at_the_freeze_is_left_out_of_full_collections():
    """After ``freeze`` a collection walks only what came after it: what the process held
    then (in a worker, its modules, templates and catalogs once warm) is no longer walked
    at every full collection."""
    gc.collect()
    before = len(gc.get_objects())
    try:
        frozen = warmup.freeze()
        # (Its own collection may free what was alive a moment before: not ==.)
        assert frozen > before * 0.9 and before > 1000
        kept_after = [object() for _ in range(3)], {"new": "dict"}
        walked = gc.get_objects()
        assert len(walked) < before / 100
        assert any(obj is kept_after for obj in walked)
    finally:
        gc.unfreeze()
    assert len(gc.get_objects()) > before * 0.9  # walked again once unfrozen


# A page's work as the allocator sees it: forty blocks of 200 KB (a large page's HTML,
# its copies and what builds it) touched, then all freed at the end of the request.
_REQUESTS = """
import resource, sys
from giaoban import warmup
if sys.argv[1] == "kept":
    assert warmup.keep_memory()
def request():
    blocks = [bytearray(200_000) for _ in range(40)]
    for block in blocks:
        block[::4096] = b"x" * len(block[::4096])
request()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    request()
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 20)
"""


def faults_per_request(how: str) -> float:
    # glibc's defaults, whatever this process was started with.
    env = {
        name: value
        for name, value in os.environ.items()
        if name != "GLIBC_TUNABLES" and not name.startswith("MALLOC_")
    }
    done = subprocess.run(
        [sys.executable, "-c", _REQUESTS, how],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt")
def test_memory_a_request_frees_is_kept_for_the_next_one():
    """Once ``keep_memory`` has set glibc's bounds, a request that frees 8 MB at its end
    finds them again at the next one, instead of faulting each page of them in anew."""
    assert faults_per_request("default") > 1000  # 2,000 pages given back and faulted in
    assert faults_per_request("kept") < 50

"""The users of the reporting-week benchmark for locust (run by bench/week.py, which
writes the plan to the file named by ``GIAOBAN_WEEK_PLAN`` and reads every request's
figures back from ``GIAOBAN_WEEK_SAMPLES``). What they do is bench/week_flows.py."""

from __future__ import annotations

import itertools
import json
import os
import sys
from pathlib import Path

import gevent
from gevent.lock import Semaphore
from locust import HttpUser, between, constant_pacing, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

from week_flows import (  # noqa: E402
    TRIVIAL,
    Answer,
    Leader,
    Reporter,
    Staff,
    sign_in,
    trivial,
)

PLAN = json.loads(Path(os.environ["GIAOBAN_WEEK_PLAN"]).read_text())
SAMPLES: list[dict] = []
CACHE_HEADERS = ("X-Page-Cache", "X-Fragment-Cache")
_locks: dict[object, Semaphore] = {}
_reporters = itertools.count()
_flows: dict[int, Reporter] = {}


@events.request.add_listener
def record(name, response_time, response, exception, start_time=None, **_kw):
    headers = getattr(response, "headers", None) or {}
    SAMPLES.append(
        {
            "name": name,
            "start": start_time,
            "ms": response_time,
            "ok": exception is None,
            "error": str(exception)[:200] if exception else "",
            "cached": any(headers.get(h, "").lower() == "hit" for h in CACHE_HEADERS),
        }
    )


@events.quitting.add_listener
def write_samples(**_kw):
    Path(os.environ["GIAOBAN_WEEK_SAMPLES"]).write_text(json.dumps(SAMPLES))


class LocustBrowser:
    """week_flows' Browser on locust's HTTP session: one request event per call."""

    def __init__(self, user: HttpUser):
        self.client = user.client

    def call(self, name, method, path, *, data=None, headers=None, follow=False, judge=None):
        with self.client.request(
            method,
            path,
            name=name,
            data=data,
            headers=headers,
            allow_redirects=follow,
            catch_response=True,
        ) as response:
            answer = Answer(
                status=response.status_code,
                text=response.text or "",
                headers=response.headers,
                redirected=bool(response.history),
            )
            reason = judge(answer) if judge else None
            if judge is None and answer.status != 200:
                reason = f"answered {answer.status}"
            if reason:
                answer.ok = False
                response.failure(reason)
            else:
                response.success()
        return answer

    def pause(self, seconds: float) -> None:
        gevent.sleep(seconds)

    def hold(self, key):
        return _locks.setdefault(key, Semaphore())


class ReporterUser(HttpUser):
    fixed_count = PLAN["counts"]["reporter"]
    wait_time = constant_pacing(PLAN["save_every"])

    def on_start(self):
        accounts, index = PLAN["reporters"], next(_reporters)
        me = accounts[index % len(accounts)]
        self.browser = LocustBrowser(self)
        # The users of one organization share its report, and what was done to it.
        self.flow = _flows.setdefault(me["organization"], Reporter(PLAN, me))
        # Not all at once: the reporters' saves are spread over the interval.
        gevent.sleep(PLAN["save_every"] * index / PLAN["counts"]["reporter"])
        sign_in(self.browser, me["username"], PLAN["password"])

    @task
    def tick(self):
        self.flow.step(self.browser)


class StaffUser(HttpUser):
    fixed_count = PLAN["counts"]["staff"]
    wait_time = constant_pacing(PLAN["save_every"])

    def on_start(self):
        self.browser = LocustBrowser(self)
        self.flow = Staff(PLAN)
        sign_in(self.browser, PLAN["staff"], PLAN["password"])

    @task
    def round(self):
        self.flow.step(self.browser)


class LeaderUser(HttpUser):
    fixed_count = PLAN["counts"]["leader"]
    wait_time = between(2, 6)

    def on_start(self):
        self.browser = LocustBrowser(self)
        self.flow = Leader(PLAN)
        sign_in(self.browser, PLAN["leader"], PLAN["password"])

    @task
    def read(self):
        self.flow.step(self.browser)


class TrivialUser(HttpUser):
    """The baseline: ``/healthz`` once a second behind the same session middleware."""

    fixed_count = PLAN["counts"]["trivial"]
    wait_time = constant_pacing(1)

    def on_start(self):
        self.browser = LocustBrowser(self)
        sign_in(self.browser, PLAN["staff"], PLAN["password"])

    @task
    def healthz(self):
        trivial(self.browser)


__all__ = ["TRIVIAL", "LeaderUser", "ReporterUser", "StaffUser", "TrivialUser"]

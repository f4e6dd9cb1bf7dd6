"""gunicorn's settings for giaoban: ``gunicorn -c gunicorn.conf.py giaoban.wsgi``.

Read from the environment like the application's own settings (README.md,
"Configuration"; docs/deploy.md shows the systemd unit that uses this file).

- ``kill -HUP <master pid>`` (``systemctl reload giaoban``) starts new workers
  with the new code and lets the old ones finish their requests: a restart
  without downtime. The application is therefore not preloaded in the master.
- The release kept pages are versioned with (``giaoban/release.py``) is computed
  here, in the master, when gunicorn starts and at each reload, and handed to the
  workers in ``GIAOBAN_RELEASE``: every worker has the same, and none reads files
  for it.
- Each new worker loads the URLconf, catalogs and templates before it takes a
  request (``post_worker_init``, giaoban/warmup.py), so that the reader whose request
  lands on a worker just replaced does not wait for them; then what the worker holds
  for good is frozen out of the garbage collector's full collections, and what its
  requests free is kept for the next ones rather than given back to the system.
- Access and error logs go to standard output, as JSON lines when the
  application logs JSON (``DJANGO_LOG_FORMAT``, JSON with ``DJANGO_DEBUG=0``).
"""

import multiprocessing
import os
import sys
import traceback


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"giaoban: {name}={raw!r} is not a whole number.") from None


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: one request at a time each. 2 × cores + 1 is gunicorn's own advice.
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
timeout = _int("GUNICORN_TIMEOUT", 60)  # a worker silent this long is killed and replaced
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)  # to finish requests on restart
keepalive = 5  # behind nginx on the same machine or a load balancer
# Replace each worker after about a thousand requests, so that memory never creeps up.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
preload_app = False
# Trust X-Forwarded-Proto only from the proxy in front (nginx on the same machine).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "giaoban"
# gunicorn 25+ opens a control socket in $HOME; systemd's signals do the same job, and
# two instances on one machine would fight over the socket.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("DJANGO_LOG_LEVEL", "info").lower()

_debug = os.environ.get("DJANGO_DEBUG", "1").strip().lower() in {"1", "true", "yes", "on"}
_log_format = os.environ.get("DJANGO_LOG_FORMAT", "text" if _debug else "json").strip().lower()
if _log_format == "json":
    _stdout = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "stream": "ext://sys.stdout",
    }
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "giaoban.logs.JsonLinesFormatter"}},
        "handlers": {"stdout": _stdout},
        "root": {"level": "INFO", "handlers": ["stdout"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        },
    }


def fix_release(server=None):
    """The release of the code about to be served (giaoban/release.py), in the
    environment every worker inherits. Computed afresh at each start and reload, so
    that a reload with new code gives its workers the new release."""
    from giaoban.release import ENVIRONMENT_VARIABLE, compute

    os.environ[ENVIRONMENT_VARIABLE] = compute(os.path.dirname(os.path.abspath(__file__)))


def post_worker_init(worker):
    """Make the new worker ready before its first request (giaoban/warmup.py): a worker
    replaced after ``max_requests`` otherwise makes its first reader wait for the imports,
    catalogs and templates every later request finds ready. What it then holds for good
    is frozen out of the garbage collector's full collections (``freeze``). Memory a
    request frees is kept for the next one (``keep_memory``)."""
    from giaoban.warmup import freeze, keep_memory, warm

    keep_memory()
    warm()
    freeze()


def on_reload(server):
    fix_release(server)


def on_starting(server):
    """Check the settings once, before any worker starts: a configuration error stops
    gunicorn with its one clear message and exit code 2 (systemd then stops retrying),
    instead of workers failing to boot over and over. The check runs in a forked child,
    so that the master never imports the application and a reload loads new code."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            import django

            from giaoban.startup import run_or_explain

            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaoban.settings")
            run_or_explain(django.setup)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stderr.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code:
        sys.exit(code)
    fix_release(server)

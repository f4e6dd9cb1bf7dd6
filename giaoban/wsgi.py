"""WSGI entry point, used by gunicorn: ``gunicorn giaoban.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from giaoban.startup import run_or_explain

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaoban.settings")

application = run_or_explain(get_wsgi_application)

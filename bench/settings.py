"""Settings of the page benchmark (bench/pages.py): the app's own, plus a middleware that
reports how many database queries each request ran, in an ``X-Queries`` header."""

from giaoban.settings import *  # noqa: F403
from giaoban.settings import MIDDLEWARE

# First, so that it counts the session and user queries too.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

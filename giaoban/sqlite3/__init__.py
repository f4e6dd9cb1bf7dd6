"""SQLite, for development and tests, with the real limit on query parameters."""

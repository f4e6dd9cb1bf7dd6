"""The static files' storage in production: WhiteNoise's (hashed names, compressed
copies), each file's address worked out once per process.

Every page names eight static files (base.html); WhiteNoise's storage worked each
address out again at every page (the manifest's lookup, the name cleaned, joined and
quoted): about 0.1 ms a page (issue 19). The manifest does not change while a process
runs (a new release starts new workers), so an address once found is kept, with
DEBUG (which gives the unhashed name) as part of its key. ``collectstatic`` forgets
them as it writes a new manifest.
"""

from __future__ import annotations

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._addresses: dict[tuple[str, bool], str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        key = (name, settings.DEBUG)
        address = self._addresses.get(key)
        if address is None:
            # (A file missing from the manifest raises, as before, and is not kept.)
            address = self._addresses[key] = super().url(name)
        return address

    def post_process(self, *args, **kwargs):
        self._addresses.clear()
        yield from super().post_process(*args, **kwargs)
        self._addresses.clear()

"""The Vietnamese catalog is complete and its compiled form is up to date."""

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
CATALOGS = sorted(LOCALE.glob("vi/LC_MESSAGES/*.po"))


def test_there_is_a_vietnamese_catalog():
    assert [p.name for p in CATALOGS] == ["django.po", "django_supplement.po"]


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.name)
def test_catalog_is_fully_translated(po_path):
    catalog = polib.pofile(str(po_path))

    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []


def test_compiled_catalog_matches_sources():
    """Run `make messages` after editing a .po file."""
    with (LOCALE / "vi/LC_MESSAGES/django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    project = polib.pofile(str(LOCALE / "vi/LC_MESSAGES/django.po"))
    supplement = polib.pofile(str(LOCALE / "vi/LC_MESSAGES/django_supplement.po"))
    own = {(e.msgctxt, e.msgid) for e in project}
    entries = [e for e in supplement if (e.msgctxt, e.msgid) not in own] + list(project)
    for entry in entries:
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_django_messages_users_meet_are_in_vietnamese(client, db):
    from django.contrib.auth.password_validation import MinimumLengthValidator
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        MinimumLengthValidator(10).validate("abc")
    assert error.value.messages == ["Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 10 ký tự."]


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.name)
def test_translations_are_nfc(po_path):
    import unicodedata

    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            assert unicodedata.is_normalized("NFC", text), entry.msgid


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.name)
def test_no_message_is_defined_twice(po_path):
    """gettext's msgfmt refuses a catalog that defines a message twice (``make messages``
    then fails); entries added by hand at the end of a catalog must not repeat one."""
    catalog = polib.pofile(str(po_path))
    seen = [(e.msgctxt, e.msgid) for e in catalog if not e.obsolete]

    assert sorted({key for key in seen if seen.count(key) > 1}, key=str) == []

"""The fields of the search form, written in Python (search/form_html.py), are the
markup the lines of search/results.html gave them, byte for byte: empty, filled in,
with the errors of a committee not read and of a range of periods backwards, a
committee and organization with names to escape, in English too; and the period
options kept between pages mark each page's own choice."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from organizations.models import RoleKind
from tests.factories import make_organization, make_role

pytestmark = pytest.mark.usefixtures("no_page_cache")

URL = reverse("search:results")

# The lines of search/results.html before (issue 19), one a line as the page shows them.
TEMPLATE_FIELDS = Template(
    "{% load form_rows %}"
    + "\n".join(
        [
            '<div class="col-12 col-lg-6"><label class="form-label" for="id_q">{{ form.q.label }}</label>{% widget form.q %}</div>',  # noqa: E501
            '<div class="col-12 col-md-6 col-lg-6"><label class="form-label" for="id_committee">{{ form.committee.label }}</label>{% widget form.committee %}{% if form.committee.errors %}{{ form.committee.errors }}{% endif %}</div>',  # noqa: E501
            '<div class="col-12 col-md-4"><label class="form-label" for="id_organization">{{ form.organization.label }}</label>{% widget form.organization %}{% if form.organization.errors %}{{ form.organization.errors }}{% endif %}</div>',  # noqa: E501
            '<div class="col-6 col-md-2"><label class="form-label" for="id_kind">{{ form.kind.label }}</label>{% widget form.kind %}</div>',  # noqa: E501
            '<div class="col-6 col-md-2"><label class="form-label" for="id_period_from">{{ form.period_from.label }}</label>{% widget form.period_from %}</div>',  # noqa: E501
            '<div class="col-6 col-md-2"><label class="form-label" for="id_period_to">{{ form.period_to.label }}</label>{% widget form.period_to %}{% if form.period_to.errors %}{{ form.period_to.errors }}{% endif %}</div>',  # noqa: E501
        ]
    )
)


def fields_as_before(client, user, **params) -> str:
    """The fields the page shows, checked equal to the former template's for its form."""
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    ours = html.split('role="search">\n', 1)[1].split('\n<div class="col-auto">', 1)[0]
    theirs = TEMPLATE_FIELDS.render(Context({"form": response.context["form"]}))
    assert ours == theirs, f"{ours}\n---\n{theirs}"
    return ours


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_fields_are_the_former_templates_markup(client, world, language):
    make_organization(world.lam_giang, 'Hội <Cựu> chiến binh & "tỉnh"', kind="other")
    make_role(world.trang, world.commune, RoleKind.STAFF)  # two committees to choose from
    with override_settings(LANGUAGE_CODE=language), translation.override(language):
        empty = fields_as_before(client, world.trang)
        filled = fields_as_before(
            client,
            world.trang,
            q='dân vận <b>"&',
            committee=world.lam_giang.pk,
            organization=world.front.pk,
            kind="directive",
            period_from="2023-Q1",
            period_to="2023-Q4",
        )
        refused = fields_as_before(
            client,
            world.trang,
            q="dan van",
            committee=world.ha_son.pk,  # not theirs
            period_from="2024-Q1",
            period_to="2023-Q1",
        )

    assert 'id="id_period_to_error"' in refused and 'id="id_committee_error"' in refused
    assert "errorlist" not in empty and "errorlist" not in filled
    assert "&lt;Cựu&gt;" in empty
    assert '<option value="2023-Q1" selected>' in filled
    assert '<option value="2023-Q4" selected>' in filled


def test_the_kept_period_options_mark_each_pages_own_choice(client, world):
    first = fields_as_before(client, world.trang, q="dan van", period_from="2023-Q2")
    second = fields_as_before(client, world.trang, q="dan van", period_to="2022-Q3")
    third = fields_as_before(client, world.trang, q="dan van")

    assert first.count(" selected>") == 5  # the period, and "All" of the four others
    assert '<option value="2023-Q2" selected>' in first
    assert '<option value="2023-Q2" selected>' not in second + third
    assert '<option value="2022-Q3" selected>' in second
    assert '<option value="2022-Q3" selected>' not in first + third

"""The search results, written in Python (search/result_rows.py), are the markup the
template loop of search/results.html gave: reports, numbered proposals and directives,
conclusions, drafts, a directive whose conclusion is issued (its follow-up page) or not,
meetings held or not, with a title or not, names to escape; in English too."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Conclusion, Directive, Proposal
from organizations import services as organization_services
from tests.factories import index_for_search, make_meeting, make_organization, make_report
from tracking.models import DirectiveAssignment

pytestmark = pytest.mark.usefixtures("no_page_cache")

# The results as search/results.html wrote them before (issue 19).
TEMPLATE_ROWS = Template(
    """{% load i18n %}
    {% for entry in rows %}
    <li class="card mb-2">
      <div class="card-body">
        <div class="small text-body-secondary mb-1">
          <span class="badge text-bg-light">{{ entry.get_kind_display }}</span>
          {{ entry.section_label|capfirst }}{% if entry.kind == "proposal" or entry.kind == "directive" %} {{ entry.position }}{% endif %}{% if entry.organization_name %} · {{ entry.organization_name }}{% endif %}{% if not entry.is_public %} · <span class="status status-draft">{% translate "Draft" %}</span>{% endif %}{% if entry.kind == "directive" %}<span class="directive-id">{% blocktranslate with number=entry.position %}Item {{ number }}{% endblocktranslate %}{% if entry.notice_number %} · {% blocktranslate with number=entry.notice_number %}Notice {{ number }}{% endblocktranslate %}{% endif %} · {{ entry.meeting.period.label }}</span>{% endif %}
        </div>
        <p class="mb-1 search-snippet">{{ entry.snippet }}</p>
        <a href="{{ entry.get_absolute_url }}">{{ entry.meeting.display_title }}</a>
        <span class="small text-body-secondary">· {{ entry.meeting.committee.name }}{% if entry.meeting.held_on %} · {{ entry.meeting.held_on|date:"SHORT_DATE_FORMAT" }}{% endif %}</span>
      </div>
    </li>
    {% endfor %}
"""  # noqa: E501
)


def assert_rows_as_before(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    ours = html.split('<ol class="list-unstyled search-results"', 1)[1].split(">", 1)[1]
    ours = ours.split("</ol>", 1)[0]
    theirs = TEMPLATE_ROWS.render(Context({"rows": response.context["rows"]}))
    assert parse_html(ours) == parse_html(theirs), f"{ours}\n---\n{theirs}"
    return ours


@pytest.fixture
def said(world):
    veterans = make_organization(world.lam_giang, "Hội <Cựu> chiến binh & “tỉnh”", kind="other")
    held = make_meeting(world.lam_giang, "2024-Q1", held_on=dt.date(2024, 4, 19))
    planned = make_meeting(
        world.lam_giang, "2024-Q2", held_on=None, title="Giao ban <đặc biệt> & dân vận"
    )
    front = make_report(held, world.front, status="accepted", results="<p>Dân vận khéo.</p>")
    Proposal.objects.create(report=front, position=3, text="Đề nghị tăng cường dân vận.")
    make_report(held, world.farmers, status="draft", results="<p>Nháp dân vận.</p>")
    make_report(planned, veterans, status="submitted", results="<p>Dân vận cựu chiến binh.</p>")
    issued = Conclusion.objects.create(
        meeting=held, status="issued", assessment="<p>Công tác dân vận tốt.</p>"
    )
    directive = Directive.objects.create(conclusion=issued, position=2, text="Làm tốt dân vận.")
    DirectiveAssignment.objects.create(directive=directive, organization=world.front)
    draft = Conclusion.objects.create(
        meeting=planned, status="draft", orientation="<p>Dân vận kỳ tới.</p>"
    )
    Directive.objects.create(conclusion=draft, position=1, text="Dân vận chính quyền.")
    index_for_search(held, planned)


@pytest.mark.parametrize("who", ["trang", "khoi"])
def test_result_rows_are_the_markup_of_the_template_loop(client, world, said, who):
    client.force_login(getattr(world, who))

    rows = assert_rows_as_before(client.get(reverse("search:results"), {"q": "dan van"}))

    assert rows.count("<li") == (8 if who == "trang" else 5)
    assert "Hội &lt;Cựu&gt; chiến binh &amp; “tỉnh”" in rows
    assert "<mark>" in rows


def test_in_english(client, world, said):
    client.force_login(world.trang)
    client.post(reverse("set_language"), {"language": "en"})

    rows = assert_rows_as_before(client.get(reverse("search:results"), {"q": "dan van"}))

    assert "Draft" in rows


def test_each_result_names_the_organization_as_on_its_meetings_day(client, world):
    before = make_meeting(world.lam_giang, "2024-Q1", held_on=dt.date(2024, 4, 19))
    planned = make_meeting(world.lam_giang, "2024-Q4", held_on=None)  # its period's end
    after = make_meeting(world.lam_giang, "2025-Q2", held_on=dt.date(2025, 7, 10))
    for meeting in (before, planned, after):
        make_report(meeting, world.front, status="accepted", results="<p>Dân vận khéo.</p>")
    organization_services.rename_organization(
        organization=world.front, name="Ủy ban MTTQ tỉnh (tên mới)", on=dt.date(2025, 1, 1)
    )
    index_for_search(before, planned, after)
    client.force_login(world.trang)

    response = client.get(reverse("search:results"), {"q": "dan van"})

    shown = {e.meeting_id: e.organization_name for e in response.context["rows"]}
    assert shown == {
        before.pk: "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang",
        planned.pk: "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang",
        after.pk: "Ủy ban MTTQ tỉnh (tên mới)",
    }
    assert_rows_as_before(response)


def test_a_directive_result_shows_its_position_notice_and_period(client, world, said):
    Conclusion.objects.filter(status="issued").update(notice_number="45-TB/TU")
    client.force_login(world.trang)

    response = client.get(reverse("search:results"), {"q": "dan van"})
    rows = assert_rows_as_before(response)

    identities = re.findall(r'<span class="directive-id">([^<]*)</span>', rows)
    # The issued directive with its notice; the draft's conclusion has no number yet.
    assert sorted(identities) == ["Mục 1 · Quý II/2024", "Mục 2 · TB 45-TB/TU · Quý I/2024"]
    # Only directives carry one, and the notice is read in the page's one query.
    kinds = [entry.kind for entry in response.context["rows"]]
    assert kinds.count("directive") == 2 and len(kinds) == 8
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("search:results"), {"q": "dan van"})
    reads = [q["sql"] for q in queries.captured_queries if "notice_number" in q["sql"]]
    assert len(reads) == 1 and "search_searchentry" in reads[0]

"""The conclusion form's co-assignees (tracking.queries.assignees_of) are read without the
organizations and sorted in Python as the query sorted them: the lead first, then by the
organizations' display order, then by part; an organization the page does not offer
comes after those it does."""

from meetings.models import Conclusion, Directive
from tests.factories import make_organization
from tracking.models import DirectiveAssignment
from tracking.queries import assignees_of


def test_lead_first_then_display_order_then_part(world, meeting):
    conclusion = Conclusion.objects.create(meeting=meeting)
    late, early, middle, gone = (
        make_organization(world.lam_giang, f"Tổ chức {name}", kind="other")
        for name in ("muộn", "sớm", "giữa", "cũ")
    )
    orders = {late.pk: 30, early.pk: 10, middle.pk: 20}
    first = Directive.objects.create(conclusion=conclusion, position=1, text="Một")
    second = Directive.objects.create(conclusion=conclusion, position=2, text="Hai")
    for directive, organization, is_lead in (
        (first, gone, False),
        (first, late, False),
        (first, middle, True),
        (first, early, False),
        (second, late, True),
    ):
        DirectiveAssignment.objects.create(
            directive=directive, organization=organization, is_lead=is_lead
        )

    assert assignees_of(conclusion, orders) == {
        first.pk: [(middle.pk, True), (early.pk, False), (late.pk, False), (gone.pk, False)],
        second.pk: [(late.pk, True)],
    }
    assert assignees_of(Conclusion(meeting=meeting), orders) == {}

    # Given every organization's own display order: the order the query sorted by before.
    stored = DirectiveAssignment.objects.filter(directive__conclusion=conclusion).order_by(
        "directive_id", "-is_lead", "organization__display_order", "pk"
    )
    before: dict[int, list[tuple[int, bool]]] = {}
    for part in stored:
        before.setdefault(part.directive_id, []).append((part.organization_id, part.is_lead))
    offered = {o.pk: o.display_order for o in (late, early, middle, gone)}
    assert assignees_of(conclusion, offered) == before

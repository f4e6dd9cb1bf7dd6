"""Forms of the administration pages (organizations/manage_views.py)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from giaoban.forms import DayFirstDateField, ModelMultipleIdField
from organizations.forms import DateInput, MergeForm
from organizations.models import Organization, OrganizationKind, PartyCommittee, RoleKind
from organizations.services import likely_successor


class OrganizationCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    display_order = forms.IntegerField(
        label=_("Display order"),
        min_value=0,
        max_value=999999,
        required=False,
        help_text=_("Empty: by kind, the Front first."),
    )
    reports_at_meetings = forms.ChoiceField(
        label=_("Reports at liaison meetings"),
        choices=[("", _("By kind (party bodies do not)")), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
    )
    valid_from = DayFirstDateField(
        label=_("In existence from"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "Required once the committee has liaison meetings. Leave empty only if it "
            "existed before the records in this system begin."
        ),
    )

    def reports(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["reports_at_meetings"])


class EndForm(forms.Form):
    date = DayFirstDateField(
        label=_("Ceases to exist on"),
        widget=DateInput(),
        help_text=_("The first day on which it no longer exists."),
    )


class ManageMergeForm(MergeForm):
    """The merge form with the organizations to merge chosen on the page itself."""

    sources = ModelMultipleIdField(
        label=_("Organizations to merge"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["sources", "date", "successor", "new_name", "new_short_name", "new_kind"]

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, candidates=organizations, **kwargs)
        if organizations is not None:
            self.fields["sources"].queryset = organizations

    def clean(self):
        data = super().clean()
        successor, sources = data.get("successor"), data.get("sources") or []
        if successor is not None and successor in sources:
            self.add_error("successor", _("An organization cannot be merged into itself."))
        return data


class PasswordFields(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def password_for(self, user: User) -> str | None:
        """The password, checked against the validators for ``user``."""
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
            return None
        if first:
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
                return None
        return first


class PasswordResetForm(PasswordFields):
    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        data["password"] = self.password_for(self.user)
        return data


class RoleFields(forms.Form):
    kind = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices)
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Only for a reporter: the organization whose reports they enter."),
    )

    def clean(self):
        data = super().clean()
        kind, organization = data.get("kind"), data.get("organization")
        if kind == RoleKind.REPORTER and organization is None:
            self.add_error("organization", _("Choose the organization the reporter reports for."))
        if kind and kind != RoleKind.REPORTER and organization is not None:
            self.add_error("organization", _("Only a reporter is attached to an organization."))
        return data


class AccountForm(PasswordFields, RoleFields):
    """A new account of the committee, with its first role."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Used to sign in: letters, digits and @ . + - _ only."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    job_title = forms.CharField(label=_("Job title"), max_length=255, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    field_order = [
        "username",
        "full_name",
        "job_title",
        "email",
        "password1",
        "password2",
        "kind",
        "organization",
    ]

    def __init__(self, *args, committee: PartyCommittee, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what exists today: an account is not made to report for the past.
        self.fields["organization"].queryset = (
            Organization.objects.filter(committee=committee)
            .valid_on(timezone.localdate())
            .order_by("display_order", "name")
        )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is already taken."))
        return username

    def clean(self):
        data = super().clean()
        candidate = User(
            username=data.get("username", ""),
            full_name=data.get("full_name", ""),
            email=data.get("email", ""),
        )
        data["password"] = self.password_for(candidate)
        return data


class RoleGrantForm(RoleFields):
    committee = forms.ModelChoiceField(
        label=_("Party committee"), queryset=PartyCommittee.objects.none()
    )
    field_order = ["committee", "kind", "organization"]

    def __init__(self, *args, committees, organizations, **kwargs):
        """``committees`` and ``organizations``: those the admin administers; only those
        that exist today are offered, the organizations grouped by committee in the
        order of the committees."""
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["committee"].queryset = committees.valid_on(today).order_by("level", "name")
        self.fields["organization"].queryset = (
            organizations.valid_on(today)
            .filter(committee__in=committees.valid_on(today))
            .select_related("committee")
            .order_by("committee__level", "committee__name", "committee", "display_order", "name")
        )
        self.fields["organization"].label_from_instance = lambda org: f"{org} ({org.committee})"

    def clean(self):
        data = super().clean()
        committee, organization = data.get("committee"), data.get("organization")
        if committee and organization and organization.committee_id != committee.pk:
            self.add_error(
                "organization", _("The organization must belong to the role's committee.")
            )
        return data


# The choice, for an organization of a merged committee, of none: it ends with it.
ENDS = "ends"


class CommitteeMergeForm(forms.Form):
    """A committee merged into another: the successor and the date, then (once both are
    chosen) what each of its organizations merges into, guessed by kind and name."""

    into = forms.ModelChoiceField(
        label=_("Merged into"),
        queryset=PartyCommittee.objects.none(),
        help_text=_("A committee of the same level that you administer."),
    )
    date = DayFirstDateField(
        label=_("Merged on"),
        widget=DateInput(),
        help_text=_("The first day on which it no longer exists, for example 01/07/2025."),
    )
    note = forms.CharField(
        label=_("Decision"),
        max_length=500,
        required=False,
        help_text=_("The decision or resolution of the merger, as it is cited."),
    )
    step = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        candidates,
        organizations=(),
        successor_organizations=(),
        children=(),
        parents=None,
        mapping=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = candidates
        self.organizations = list(organizations)
        if not mapping:
            return
        self.fields["step"].initial = "map"
        successor_organizations = list(successor_organizations)
        self.successor_organizations = {str(o.pk): o for o in successor_organizations}
        choices = [("", _("— choose —"))]
        choices += [(str(o.pk), o.name) for o in successor_organizations]
        choices += [(ENDS, _("None: it ends with the committee"))]
        for organization in self.organizations:
            guess = likely_successor(organization, successor_organizations)
            self.fields[f"organization_{organization.pk}"] = forms.ChoiceField(
                label=_("“%(name)s” merges into") % {"name": organization.name},
                choices=choices,
                initial=str(guess.pk) if guess else "",
            )
        if children and parents is not None:
            self.fields["children_to"] = forms.ModelChoiceField(
                label=_("The committees under it come under"),
                queryset=parents,
                required=False,
                empty_label=_("The successor committee"),
                help_text=", ".join(child.name for child in children),
            )

    def successors(self) -> dict[int, Organization | None]:
        """What each organization merges into, by its id (None: it ends)."""
        data = self.cleaned_data
        return {
            o.pk: self.successor_organizations.get(data[f"organization_{o.pk}"])
            for o in self.organizations
        }


class CommitteeMoveForm(forms.Form):
    """Committees under one committee come under another from a date (communes under the
    province when their district ends)."""

    committees = ModelMultipleIdField(
        label=_("Committees to move"),
        queryset=PartyCommittee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    parent = forms.ModelChoiceField(label=_("Come under"), queryset=PartyCommittee.objects.none())
    date = DayFirstDateField(
        label=_("From"),
        widget=DateInput(),
        help_text=_("The first day on which they come under it, for example 01/07/2025."),
    )

    def __init__(self, *args, children, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committees"].queryset = children
        self.fields["parent"].queryset = parents

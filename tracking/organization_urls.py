"""Tracking's pages at the organizations' addresses (/organizations/…): an organization's
page, with its follow-up, and ending or merging one (tracking/organization_views.py)."""

from django.urls import path

from tracking import organization_views

app_name = "tracking_organizations"
urlpatterns = [
    path("<int:pk>/", organization_views.organization_detail, name="detail"),
    path(
        "manage/organizations/merge/",
        organization_views.organization_merge,
        name="manage_merge",
    ),
    path(
        "manage/committee/merge/",
        organization_views.committee_merge,
        name="manage_committee_merge",
    ),
    path(
        "manage/organizations/<int:pk>/end/",
        organization_views.organization_end,
        name="manage_end",
    ),
]

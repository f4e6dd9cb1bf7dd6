from django.urls import path

from organizations import manage_views, views

# An organization's page, and ending and merging one, are tracking's, at these addresses
# (tracking/organization_urls.py): their follow-up decides them.
app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    # Committee administration (organizations/manage_views.py).
    path("manage/", manage_views.organizations, name="manage"),
    path("manage/committee/move/", manage_views.committee_move, name="manage_committee_move"),
    path("manage/organizations/new/", manage_views.organization_create, name="manage_create"),
    path(
        "manage/organizations/<int:pk>/rename/",
        manage_views.organization_rename,
        name="manage_rename",
    ),
    path("manage/people/", manage_views.people, name="manage_people"),
    path("manage/people/new/", manage_views.person_create, name="manage_person_create"),
    path("manage/people/<int:pk>/", manage_views.person, name="manage_person"),
    path("manage/people/<int:pk>/password/", manage_views.person_password, name="manage_password"),
    path("manage/people/<int:pk>/unlock/", manage_views.person_unlock, name="manage_unlock"),
    path("manage/people/<int:pk>/roles/new/", manage_views.role_grant, name="manage_role_grant"),
    path("manage/roles/<int:pk>/end/", manage_views.role_end, name="manage_role_end"),
    path("manage/import/", manage_views.import_file, name="manage_import"),
]

from django.urls import path

from meetings.views import drafts, history, meetings, removed, reports

app_name = "meetings"
urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("new/", meetings.meeting_create, name="create"),
    path("new/attendance/", meetings.attendance_rows, name="attendance_rows"),
    path("removed/", removed.removed_items, name="removed"),
    path("removed/restore/", removed.restore, name="restore"),
    path("<int:pk>/", meetings.meeting_detail, name="detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="edit"),
    path("<int:pk>/next/", meetings.meeting_next, name="next"),
    path("<int:pk>/print/", meetings.meeting_print, name="print"),
    path("<int:pk>/history/", history.meeting_history, name="history"),
    path(
        "<int:pk>/reports/<int:organization_pk>/accept/",
        reports.report_accept,
        name="report_accept",
    ),
    path(
        "<int:pk>/reports/<int:organization_pk>/return/",
        reports.report_return,
        name="report_return",
    ),
    path("<int:pk>/reports/remind/", reports.reports_remind, name="reports_remind"),
    path(
        "<int:pk>/reports/<int:organization_pk>/draft/",
        drafts.report_draft,
        name="report_draft",
    ),
    path("<int:pk>/conclusion/draft/", drafts.conclusion_draft, name="conclusion_draft"),
]

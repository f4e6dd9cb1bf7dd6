from django.urls import path

from documents import profile_views, views

app_name = "documents"
urlpatterns = [
    path("meetings/<int:pk>/notice.docx", views.notice_docx, name="notice"),
    path("meetings/<int:pk>/proposals.docx", views.proposals_docx, name="proposals"),
    path("meetings/<int:pk>/summary-draft.docx", views.summary_draft_docx, name="summary_draft"),
    path("meetings/<int:pk>/signed/", views.signed_notice, name="signed_notice"),
    path("signed/<int:pk>/", views.signed_notice_file, name="signed_notice_file"),
    path(
        "meetings/<int:pk>/reports/<int:organization_pk>/files/",
        views.report_files,
        name="report_files",
    ),
    path("files/<int:pk>/", views.attachment_file, name="attachment"),
    path("files/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("board.xlsx", views.board_sheet, name="board_sheet"),
    path("board/upload/", views.board_upload, name="board_upload"),
    path("settings/", profile_views.profile_edit, name="profile"),
]

from django.urls import path

from tracking import views

app_name = "tracking"
urlpatterns = [
    path("board/", views.board, name="board"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("directives/<int:pk>/", views.directive_detail, name="directive"),
    path("proposals/", views.proposal_register, name="proposals"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
]

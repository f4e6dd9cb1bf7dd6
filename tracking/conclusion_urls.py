"""Tracking's pages at the meetings' addresses (/meetings/…): a meeting's conclusion, saved
and issued with what it does to the follow-up (tracking/conclusion_views.py)."""

from django.urls import path

from tracking import conclusion_views, follow_up_views

app_name = "conclusions"
urlpatterns = [
    path("<int:pk>/conclusion/", conclusion_views.conclusion_edit, name="edit"),
    path("<int:pk>/conclusion/issue/", conclusion_views.conclusion_issue, name="issue"),
    path("<int:pk>/follow-up/", follow_up_views.meeting_follow_up, name="follow_up"),
]

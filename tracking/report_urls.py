"""The report page keeps its address under the meeting (``/meetings/<id>/reports/<org>/``)
while its view lives in tracking: meetings' URLs may not import tracking."""

from django.urls import path

from tracking import report_views

app_name = "reports"
urlpatterns = [
    path("<int:pk>/reports/<int:organization_pk>/", report_views.report_edit, name="edit"),
]

from django.urls import path

from sanad.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/<str:language>/narrative/", views.narrative, name="narrative"),
    path("generate/", views.generate, name="generate"),
    path("jobs/<uuid:job_id>/", views.job, name="job"),
    path("jobs/<uuid:job_id>/status/", views.job_status, name="job_status"),
    path("jobs/<uuid:job_id>/download/", views.download, name="download"),
]

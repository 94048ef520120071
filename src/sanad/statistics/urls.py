from django.urls import path

from sanad.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tables/<slug:code>/", views.table_page, name="table"),
    path("tables/<slug:code>/download.<slug:file_format>", views.download, name="download"),
    path("exports/", views.exports, name="exports"),
    path("exports/sdg-16-2-2.xml", views.sdmx_download, name="sdmx"),
    path("exports/ctdc.csv", views.ctdc_download, name="ctdc"),
]

from django.urls import path

from sanad.tip import readiness_views, views

app_name = "tip"

urlpatterns = [
    path("", views.index, name="index"),
    path("countries/<str:iso3>/", views.country, name="country"),
    path("compare/", views.compare, name="compare"),
    path("import/", views.import_list, name="import"),
    path("readiness/", readiness_views.readiness_page, name="readiness"),
    path("readiness/<int:period_year>/<slug:criterion>/", readiness_views.rate, name="rate"),
    path(
        "readiness/<int:period_year>/submission.<slug:file_format>",
        readiness_views.submission_download,
        name="submission",
    ),
]

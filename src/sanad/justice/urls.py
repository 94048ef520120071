from django.urls import path

from sanad.justice import catalogue_views, figures_views, import_views, views

app_name = "justice"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("figures/", figures_views.figures, name="figures"),
    path("import/", import_views.register_import, name="import"),
    path("import/template.csv", import_views.register_template, name="import_template"),
    path("<uuid:criminal_case_id>/", views.case_detail, name="detail"),
    path("<uuid:criminal_case_id>/edit/", views.case_edit, name="edit"),
    path("<uuid:criminal_case_id>/suspects/new/", views.defendant_new, name="defendant_new"),
    path(
        "<uuid:criminal_case_id>/suspects/<uuid:defendant_id>/", views.defendant_edit, name="defendant_edit"
    ),
    path(
        "<uuid:criminal_case_id>/suspects/<uuid:defendant_id>/charges/new/",
        views.charge_new,
        name="charge_new",
    ),
    path(
        "<uuid:criminal_case_id>/suspects/<uuid:defendant_id>/sentences/new/",
        views.sentence_new,
        name="sentence_new",
    ),
    path(
        "<uuid:criminal_case_id>/charges/<uuid:charge_id>/verdicts/new/",
        views.verdict_new,
        name="verdict_new",
    ),
    path("<uuid:criminal_case_id>/victims/new/", views.victim_link_new, name="victim_link_new"),
    path("<uuid:criminal_case_id>/victims/<uuid:link_id>/", views.participation, name="participation"),
    path("<uuid:criminal_case_id>/victims/<uuid:link_id>/unlink/", views.victim_unlink, name="victim_unlink"),
]

catalogue_urlpatterns = [
    path("", catalogue_views.article_list, name="list"),
    path("new/", catalogue_views.article_new, name="new"),
    path("<slug:code>/", catalogue_views.article_edit, name="edit"),
]

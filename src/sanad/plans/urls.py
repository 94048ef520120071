from django.urls import path

from sanad.plans import dashboard_views, export_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_new, name="new"),
    path("recommendations/", views.recommendation_list, name="recommendations"),
    path("recommendations/new/", views.recommendation_new, name="recommendation_new"),
    path("recommendations/outlook/", views.outlook, name="outlook"),
    path(
        "recommendations/<uuid:recommendation_id>/edit/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path("<uuid:plan_id>/", views.plan_detail, name="detail"),
    path("<uuid:plan_id>/edit/", views.plan_edit, name="edit"),
    path("<uuid:plan_id>/objectives/new/", views.objective_new, name="objective_new"),
    path("<uuid:plan_id>/measures/new/", views.measure_new, name="measure_new"),
    path("<uuid:plan_id>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("<uuid:plan_id>/progress.xlsx", export_views.progress_xlsx, name="export_xlsx"),
    path("<uuid:plan_id>/progress-<str:language>.pdf", export_views.progress_pdf, name="export_pdf"),
    path("measures/<uuid:measure_id>/", views.measure_detail, name="measure"),
    path("measures/<uuid:measure_id>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<uuid:measure_id>/indicators/new/", views.indicator_new, name="indicator_new"),
    path("measures/<uuid:measure_id>/reports/new/", views.report_new, name="report_new"),
    path("indicators/<uuid:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path("reports/<uuid:report_id>/", views.report_detail, name="report"),
    path("reports/<uuid:report_id>/edit/", views.report_edit, name="report_edit"),
    path("reports/<uuid:report_id>/submit/", views.report_submit, name="report_submit"),
    path(
        "reports/<uuid:report_id>/approve/",
        views.report_review,
        {"decision": "approve"},
        name="report_approve",
    ),
    path(
        "reports/<uuid:report_id>/return/", views.report_review, {"decision": "return"}, name="report_return"
    ),
    path("reports/<uuid:report_id>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<uuid:evidence_id>/", views.evidence_download, name="evidence"),
]

from django.urls import path

from sanad.cases import import_views, lifecycle_views, views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("import/", import_views.import_page, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/break-glass/", views.case_break_glass, name="break_glass"),
    path("<uuid:case_id>/plan/", lifecycle_views.plan, name="plan"),
    path("<uuid:case_id>/follow-ups/new/", lifecycle_views.follow_up, name="follow_up"),
    path("<uuid:case_id>/transfer/", lifecycle_views.transfer, name="transfer"),
    path("<uuid:case_id>/close/", lifecycle_views.close, name="close"),
    path("<uuid:case_id>/reopen/", lifecycle_views.reopen, name="reopen"),
    path("transfers/", lifecycle_views.transfers, name="transfers"),
    path("transfers/<uuid:transfer_id>/answer/", lifecycle_views.answer_transfer, name="answer_transfer"),
]

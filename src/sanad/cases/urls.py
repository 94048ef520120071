from django.urls import path

from sanad.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/break-glass/", views.case_break_glass, name="break_glass"),
]

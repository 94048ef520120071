from django.urls import path

from sanad.identification import views

app_name = "identification"

urlpatterns = [
    path("screenings/import/", views.offline_import, name="offline_import"),
    path("screenings/form.xlsx", views.offline_form, name="offline_form"),
    path("<uuid:case_id>/screenings/new/", views.screening_new, name="screening_new"),
    path("<uuid:case_id>/screenings/score/", views.screening_score, name="screening_score"),
    path("<uuid:case_id>/screenings/<uuid:screening_id>/", views.screening_detail, name="screening_detail"),
    path("<uuid:case_id>/details/", views.case_details, name="case_details"),
    path("<uuid:case_id>/submit/", views.submit, name="submit"),
    path("<uuid:case_id>/submissions/<uuid:submission_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:case_id>/decision/", views.decide, name="decide"),
]

guide_urlpatterns = [
    path("", views.guide_list, name="list"),
    path("<int:guide_id>/current/", views.guide_make_current, name="make_current"),
]

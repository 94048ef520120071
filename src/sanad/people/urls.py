from django.urls import path

from sanad.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
]

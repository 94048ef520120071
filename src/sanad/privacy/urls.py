from django.urls import path

from sanad.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.search, name="search"),
    path("persons/<uuid:person_id>/", views.person, name="person"),
    path("persons/<uuid:person_id>/file/", views.download, name="download"),
    path("persons/<uuid:person_id>/rectify/", views.rectify, name="rectify"),
]

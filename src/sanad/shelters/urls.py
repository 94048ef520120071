from django.urls import path

from sanad.shelters import views

app_name = "shelters"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("capacity/", views.capacity, name="capacity"),
    path("admit/<uuid:referral_id>/", views.admit, name="admit"),
    path("placements/<uuid:placement_id>/discharge/", views.discharge, name="discharge"),
]

from django.urls import path

from sanad.prevention import dashboard_views, views

app_name = "prevention"

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<uuid:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<uuid:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    path("trainings/", views.training_list, name="trainings"),
    path("trainings/new/", views.training_new, name="training_new"),
    path("trainings/<uuid:training_id>/", views.training_detail, name="training_detail"),
    path("trainings/<uuid:training_id>/edit/", views.training_edit, name="training_edit"),
]

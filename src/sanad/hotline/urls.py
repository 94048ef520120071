from django.urls import path

from sanad.hotline import views

app_name = "hotline"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("supervision/", views.supervision, name="supervision"),
    path("contacts/", views.contact_list, name="list"),
    path("contacts/new/", views.record, name="record"),
    path("contacts/<uuid:contact_id>/", views.detail, name="detail"),
    path("contacts/<uuid:contact_id>/state/", views.transition, name="transition"),
    path("contacts/<uuid:contact_id>/take/", views.take, name="take"),
    path("contacts/<uuid:contact_id>/escalate/", views.escalate, name="escalate"),
    path("contacts/<uuid:contact_id>/alerts/", views.alert, name="alert"),
    path("figures/", views.figures, name="figures"),
]

public_urlpatterns = [path("", views.public_tip, name="tip")]

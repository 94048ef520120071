from django.urls import path

from sanad.linkage import views

app_name = "linkage"

urlpatterns = [
    path("", views.index, name="index"),
    path("runs/", views.start, name="start"),
    path("runs/<uuid:run_id>/", views.run, name="run"),
    path("runs/<uuid:run_id>/status/", views.run_status, name="run_status"),
    path("queue/", views.queue, name="queue"),
    path("queue/<int:pair_id>/", views.pair, name="pair"),
    path("links/", views.links, name="links"),
    path("persons/<uuid:person_id>/", views.person, name="person"),
    path("persons/<uuid:person_id>/unlink/", views.unlink, name="unlink"),
]

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "sanad.access"
    label = "access"
    verbose_name = "Access policy"

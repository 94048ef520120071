from django.apps import AppConfig


class SheltersConfig(AppConfig):
    name = "sanad.shelters"
    label = "shelters"
    verbose_name = "Shelters"

from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "sanad.hotline"
    label = "hotline"
    verbose_name = "Hotline"

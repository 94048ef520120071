from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sanad.web"
    label = "web"
    verbose_name = "Web interface"

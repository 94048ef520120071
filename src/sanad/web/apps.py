from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sanad.web"
    label = "web"
    verbose_name = "Web interface"

    def ready(self) -> None:
        from sanad.web import deployment_checks  # noqa: F401 - registers the checks

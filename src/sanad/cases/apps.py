from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sanad.cases"
    label = "cases"
    verbose_name = "Cases"

from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "sanad.statistics"
    label = "statistics"
    verbose_name = "Statistics"

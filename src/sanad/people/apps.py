from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sanad.people"
    label = "people"
    verbose_name = "Persons"

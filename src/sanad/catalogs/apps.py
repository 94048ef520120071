from django.apps import AppConfig


class CatalogsConfig(AppConfig):
    name = "sanad.catalogs"
    label = "catalogs"
    verbose_name = "Catalogues"

    def ready(self) -> None:
        # Load and validate every catalogue at start-up: a broken data file stops the process here,
        # naming the file and the entry, rather than failing later in the middle of a request.
        from sanad.catalogs import loader

        loader.validate_all()

from django.apps import AppConfig
from django.utils.translation import gettext_noop


class PartnersConfig(AppConfig):
    name = "partners"

    def ready(self) -> None:
        # Registered once the apps are loaded: the due work's modules import models.
        from certlink import clock
        from partners import tasks
        from partners.services import credits

        clock.register(
            clock.DueWork(
                "credit_propagation",
                gettext_noop("Credits reach Partner Center (PC-9)"),
                credits.propagation_next_due,
                credits.propagation_due,
                fan_out=tasks.propagation_fan_out,
            )
        )
        clock.register(
            clock.DueWork(
                "skills_refresh",
                gettext_noop("Monthly skills data refresh (PC-10)"),
                credits.refresh_next_due,
                credits.refresh_due,
            )
        )

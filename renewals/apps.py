from django.apps import AppConfig
from django.utils.translation import gettext_noop


class RenewalsConfig(AppConfig):
    name = "renewals"

    def ready(self) -> None:
        # Registered once the apps are loaded: the due work's modules import models.
        from certlink import clock
        from renewals import reminders, tasks

        clock.register(
            clock.DueWork(
                "renewal_reminders",
                gettext_noop("Renewal notices and reminders (RN-8)"),
                reminders.reminders_next_due,
                reminders.reminders_due,
                fan_out=tasks.reminders_fan_out,
            )
        )

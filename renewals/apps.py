from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "renewals"

    def ready(self) -> None:
        from certlink import clock
        from renewals.reminders import reminders_next_due, reminders_run

        clock.register(
            clock.DueWork(
                "renewal_reminders", "Renewal notices and reminders (RN-8)", reminders_next_due, reminders_run
            )
        )

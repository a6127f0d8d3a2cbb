from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "renewals"

    def ready(self) -> None:
        from certlink import clock
        from renewals import reminders

        clock.register(
            clock.DueWork(
                "renewal_reminders",
                "Renewal notices and reminders (RN-8)",
                reminders.reminders_next_due,
                reminders.reminders_run,
                moments=reminders.reminders_moments,
                run_after=reminders.reminders_run_after,
            )
        )

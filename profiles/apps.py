from django.apps import AppConfig
from django.utils.translation import gettext_noop


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Accounts, tenants and profiles"

    def ready(self) -> None:
        from certlink import clock
        from profiles.services.certification import legal_name_changes_next_due, legal_name_changes_run

        clock.register(
            clock.DueWork(
                "legal_name_changes",
                # Marked only: the clock's page translates the label when it shows it.
                gettext_noop("Legal-name changes take effect (CP-7)"),
                legal_name_changes_next_due,
                legal_name_changes_run,
            )
        )

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"

    def ready(self) -> None:
        from certlink import clock
        from partners.services import credits

        clock.register(
            clock.DueWork(
                "credit_propagation",
                "Credits reach Partner Center (PC-9)",
                credits.propagation_next_due,
                credits.propagation_run,
                moments=credits.propagation_moments,
                run_after=credits.propagation_run_after,
            )
        )
        clock.register(
            clock.DueWork(
                "skills_refresh",
                "Monthly skills data refresh (PC-10)",
                credits.refresh_next_due,
                credits.refresh_run,
                moments=credits.refresh_moments,
            )
        )

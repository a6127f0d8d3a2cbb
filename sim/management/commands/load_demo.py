from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from sim.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo world (idempotent) and print who to sign in as."

    def handle(self, *args: object, **options: object) -> None:
        personas = load_demo()
        signin = f"{settings.SITE_URL}{reverse('signin')}"
        self.stdout.write(self.style.SUCCESS(f"Demo world loaded. Sign in at {signin} as:"))
        width = max(len(p.email) for p in personas)
        for persona in personas:
            kind = "personal" if persona.kind == "msa" else "work"
            hint = f"  → {persona.try_this}" if persona.try_this else ""
            self.stdout.write(f"  {persona.email:<{width}}  {kind:<8}  {persona.role}{hint}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")

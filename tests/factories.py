"""Factories for the shared cast. Passwords are PASSWORD unless a test says otherwise."""

from __future__ import annotations

import factory

from profiles.models import Account, Domain, Tenant

PASSWORD = "Correct-horse-9"


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Tenant {n}")

    @factory.post_generation
    def domains(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        for name in extracted or [f"{self.name.lower().replace(' ', '')}.example"]:
            Domain.objects.get_or_create(name=name, defaults={"tenant": self})


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    kind = Account.Kind.MSA
    email = factory.Sequence(lambda n: f"person{n}@outlook.example")
    display_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


class WorkAccountFactory(AccountFactory):
    kind = Account.Kind.WORK
    tenant = factory.SubFactory(TenantFactory)
    email = factory.LazyAttributeSequence(lambda o, n: f"employee{n}@{o.tenant.domains.first().name}")

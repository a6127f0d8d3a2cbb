"""Factories for the shared cast. Passwords are PASSWORD unless a test says otherwise."""

from __future__ import annotations

from datetime import UTC, date, datetime

import factory

from profiles.models import (
    Account,
    Certification,
    CertificationHeld,
    CertificationProfile,
    Domain,
    Exam,
    ExamResult,
    LearnProfile,
    Provider,
    Tenant,
)
from renewals.models import AssessmentQuestion, RenewalAssessment

PASSWORD = "Correct-horse-9"
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # the clock of every test starts here (settings.test)


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


class LearnProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnProfile

    created_at = START


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"certification-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    level = Certification.Level.ASSOCIATE
    release_date = date(2020, 1, 1)


class ExamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exam
        django_get_or_create = ["code"]
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"EX-{100 + n}")
    name = factory.LazyAttribute(lambda o: f"Exam {o.code}")

    @factory.post_generation
    def certifications(self, create: bool, extracted: list[Certification] | None, **kwargs: object) -> None:
        """The certifications this exam counts towards (one new certification unless given)."""
        self.certifications.add(*(extracted if extracted is not None else [CertificationFactory()]))


class CertificationProfileFactory(factory.django.DjangoModelFactory):
    """A certification profile reached through its own MSA (CP-1)."""

    class Meta:
        model = CertificationProfile

    mcid = factory.Sequence(lambda n: 20_000_000 + n)
    msa = factory.SubFactory(AccountFactory)
    legal_name = factory.Faker("name")
    contact_email = factory.LazyAttribute(lambda o: o.msa.email)
    created_at = START


class ExamResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExamResult

    profile = factory.SubFactory(CertificationProfileFactory)
    exam = factory.SubFactory(ExamFactory)
    provider = Provider.PEARSON_VUE
    taken_at = START
    score = 800
    passed = True


class CertificationHeldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationHeld

    profile = factory.SubFactory(CertificationProfileFactory)
    certification = factory.SubFactory(CertificationFactory)
    number = factory.Sequence(lambda n: f"H{n % 1000:03d}-{n // 1000 % 10000:04d}")
    provider = Provider.PEARSON_VUE
    earned_at = START
    expires_at = factory.LazyAttribute(lambda o: o.earned_at.replace(year=o.earned_at.year + 1))


def assessment_for(
    certification: Certification, *, areas: tuple[str, ...] = ("Identity", "Storage", "Compute"), per_area: int = 4
) -> RenewalAssessment:
    """A renewal assessment with `per_area` questions in each skill area; the right answer of each is choice 1."""
    assessment = RenewalAssessment.objects.create(
        certification=certification, title=f"Renew: {certification.name}", modules=["Module one", "Module two"]
    )
    AssessmentQuestion.objects.bulk_create(
        [
            AssessmentQuestion(
                assessment=assessment,
                position=n,
                skill_area=area,
                text=f"{area} question {n}",
                choices=["wrong", "right", "wrong too", "also wrong"],
                answer=1,
            )
            for n, area in enumerate((a for a in areas for _ in range(per_area)), start=1)
        ]
    )
    return assessment


def answers_for(assessment: RenewalAssessment, *, right: int) -> dict[int, int]:
    """Answers to every question of `assessment`, the first `right` of them right."""
    questions = list(assessment.questions.order_by("position"))
    return {q.pk: (q.answer if n < right else (q.answer + 1) % len(q.choices)) for n, q in enumerate(questions)}

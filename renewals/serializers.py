from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from certlink.api.fields import EmailAddressField
from profiles.models import Provider


class HeldStatusOut(serializers.Serializer):
    """A certification held as Learn shows it (from renewals.selectors.HeldView)."""

    id = serializers.IntegerField(source="held.pk")
    name = serializers.CharField(source="held.certification.name")
    level = serializers.CharField(source="held.certification.level")
    number = serializers.CharField(source="held.number")
    earned_at = serializers.DateTimeField(source="held.earned_at")
    expires_at = serializers.DateTimeField(allow_null=True)
    provider = serializers.CharField(source="held.provider")
    status = serializers.ChoiceField(choices=["active", "in_window", "expired", "retired"])
    days_left = serializers.IntegerField(allow_null=True)
    window_opens_at = serializers.DateTimeField(allow_null=True)
    can_renew = serializers.BooleanField(help_text="Inside the renewal window (RN-2)")
    cycle = serializers.IntegerField(source="held.cycle")


class LearnCertificationsOut(serializers.Serializer):
    connected = serializers.BooleanField()
    mcid = serializers.IntegerField(allow_null=True)
    certifications = HeldStatusOut(many=True, help_text="With status, days left and whether it can be renewed now")


class QuestionOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    skill_area = serializers.CharField()
    text = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField())


class AttemptOut(serializers.Serializer):
    cycle = serializers.IntegerField()
    number = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    score = serializers.IntegerField(help_text="Percent right")
    by_skill = serializers.DictField(help_text='{"skill area": {"right": n, "of": m}}')
    passed = serializers.BooleanField()


class RefusalOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.DictField()


class LearningModuleOut(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField(help_text="The module on Microsoft Learn")


class RenewalOut(serializers.Serializer):
    certification = HeldStatusOut(source="view")
    modules = serializers.ListField(child=serializers.CharField(), help_text="The titles of learning_modules")
    learning_modules = LearningModuleOut(many=True)
    questions = QuestionOut(many=True, help_text="Empty while an attempt cannot start")
    attempts = AttemptOut(many=True)
    blocked = RefusalOut(allow_null=True, help_text="Why an attempt cannot start now, or null")
    next_attempt_at = serializers.DateTimeField(allow_null=True)


class AttemptIn(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=20),
        help_text='{"question id": index of the chosen answer}',
    )

    def validate_answers(self, value: dict) -> dict[int, int]:
        if not all(str(key).isdigit() for key in value):
            raise serializers.ValidationError(_("Answer keys are question ids (whole numbers)."))
        return {int(key): answer for key, answer in value.items()}


class AttemptResultOut(serializers.Serializer):
    attempt = AttemptOut()
    certification = HeldStatusOut()


class ExamResultIn(serializers.Serializer):
    mcid = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    candidate_email = EmailAddressField(required=False)
    exam_code = serializers.CharField(max_length=20)
    taken_at = serializers.DateTimeField()
    score = serializers.IntegerField(min_value=0, max_value=1000)
    provider = serializers.ChoiceField(choices=Provider.choices)

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("mcid") and not attrs.get("candidate_email"):
            raise serializers.ValidationError(_("Give the candidate's MCID or their email."))
        return attrs


class EarnedOut(serializers.Serializer):
    name = serializers.CharField(source="certification.name")
    number = serializers.CharField()
    earned_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)
    cycle = serializers.IntegerField()


class ExamOutcomeOut(serializers.Serializer):
    mcid = serializers.IntegerField(source="result.profile.mcid")
    exam = serializers.CharField(source="result.exam.code")
    score = serializers.IntegerField(source="result.score")
    passed = serializers.BooleanField(source="result.passed")
    provider = serializers.CharField(source="result.provider")
    taken_at = serializers.DateTimeField(source="result.taken_at")
    earned = EarnedOut(many=True)
    notes = serializers.ListField(child=serializers.CharField())

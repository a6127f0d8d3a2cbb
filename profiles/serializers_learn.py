"""Input and output serializers of the Learn, certification and certification-support API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certlink.api.fields import EmailAddressField
from profiles.models import Account, CertificationHeld, ExamResult, SupportMessage, SupportRequest

# Learn profile (LP-1..LP-8)


class LearnAccountOut(serializers.ModelSerializer):
    tenant = serializers.CharField(source="tenant.name", allow_null=True, default=None)
    added_at = serializers.DateTimeField(source="learn_added_at", allow_null=True)

    class Meta:
        model = Account
        fields = ["id", "email", "kind", "tenant", "added_at"]
        read_only_fields = fields


class LearnProfileOut(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    accounts = LearnAccountOut(many=True)
    certification_profile = serializers.IntegerField(
        allow_null=True, help_text="The MCID of the connected certification profile (LP-7), or null"
    )
    signed_in = serializers.IntegerField(help_text="The id of the account you are signed in with (LP-5)")


class LearnAccountAddIn(serializers.Serializer):
    email = EmailAddressField()
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    kind = serializers.ChoiceField(
        choices=Account.Kind.choices,
        required=False,
        help_text="Needed when the address is on an organisation's domain (ID-2)",
    )
    merge = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Confirm the merge offered when the account already signs in to another Learn profile (LP-6)",
    )


class CertificationHeldOut(serializers.ModelSerializer):
    name = serializers.CharField(source="certification.name")
    level = serializers.CharField(source="certification.level")

    class Meta:
        model = CertificationHeld
        fields = ["name", "level", "number", "earned_at", "expires_at", "provider"]
        read_only_fields = fields


class ConnectionOut(serializers.Serializer):
    mcid = serializers.IntegerField()
    connected_at = serializers.DateTimeField()


# The alignment doctor (AL-5)


class DoctorProveIn(serializers.Serializer):
    email = EmailAddressField(help_text="The personal account (MSA) your certification profile uses")
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class DoctorPathIn(serializers.Serializer):
    path = serializers.CharField(max_length=5, help_text="One of the paths the doctor shows now (AL-1 … LP-6)")


class AlignmentOut(serializers.Serializer):
    path = serializers.CharField(allow_blank=True, help_text="The path you follow; blank until one is chosen")
    steps_done = serializers.ListField(child=serializers.IntegerField(), help_text="Step numbers done on that path")
    proven_by = serializers.CharField(allow_blank=True, help_text="msa_sign_in, support_request, or blank")
    started_at = serializers.DateTimeField()
    support_request = serializers.IntegerField(source="support_request_id", allow_null=True)
    claimed_mcid = serializers.IntegerField(
        source="support_request.claimed_mcid", allow_null=True, default=None, help_text="As you gave it (AL-1)"
    )


class DoctorAccountOut(serializers.ModelSerializer):
    tenant = serializers.CharField(source="tenant.name", allow_null=True, default=None)

    class Meta:
        model = Account
        fields = ["id", "email", "kind", "tenant"]
        read_only_fields = fields


class DoctorCertificationProfileOut(serializers.Serializer):
    mcid = serializers.IntegerField()
    msa_email = serializers.CharField(allow_blank=True)
    connected_here = serializers.BooleanField()


class StepOut(serializers.Serializer):
    number = serializers.IntegerField()
    text = serializers.CharField()
    action = serializers.CharField(allow_blank=True)
    done = serializers.BooleanField()


class PathOut(serializers.Serializer):
    rule = serializers.CharField()
    title = serializers.CharField()
    current = serializers.IntegerField(allow_null=True, help_text="The step you are on; null when all are done")
    steps = serializers.SerializerMethodField()

    @extend_schema_field(StepOut(many=True))
    def get_steps(self, path: Any) -> list[dict[str, Any]]:
        return StepOut(
            [
                {"number": number, "text": step.text, "action": step.action, "done": _done(number, path.current)}
                for number, step in enumerate(path.steps, start=1)
            ],
            many=True,
        ).data  # type: ignore[return-value]  # many=True makes a ListSerializer (.data a list); the stubs can't say


def _done(number: int, current: int | None) -> bool:
    return current is None or number < current


class DiagnosisOut(serializers.Serializer):
    situation = serializers.CharField()
    summary = serializers.CharField()
    path = PathOut(allow_null=True)
    alternatives = PathOut(many=True)


class DoctorOut(serializers.Serializer):
    accounts = DoctorAccountOut(many=True)
    certification_profiles = DoctorCertificationProfileOut(
        many=True, source="map.certs", help_text="Only the certification profiles you have proven to be yours (AL-5)"
    )
    alignment = AlignmentOut(allow_null=True, help_text="The alignment in progress kept on your Learn profile")
    diagnosis = DiagnosisOut()


# Transcripts (LP-8)


class TranscriptShareOut(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.CharField(help_text="The public page of the transcript: it needs no sign-in")


class SharedTranscriptOut(serializers.Serializer):
    display_name = serializers.CharField()
    certifications = CertificationHeldOut(many=True)


# Certification profile (CP-1..CP-7)


class ExamResultOut(serializers.ModelSerializer):
    exam = serializers.CharField(source="exam.code")

    class Meta:
        model = ExamResult
        fields = ["exam", "provider", "taken_at", "score", "passed"]
        read_only_fields = fields


class CertificationProfileOut(serializers.Serializer):
    mcid = serializers.IntegerField()
    legal_name = serializers.CharField()
    contact_email = serializers.EmailField()
    pending_legal_name = serializers.CharField(allow_blank=True, help_text="A legal-name change waiting (CP-7)")
    legal_name_effective_at = serializers.DateTimeField(allow_null=True)
    learn_profile = serializers.IntegerField(
        source="learn_profile_id", allow_null=True, help_text="The id of the connected Learn profile (CP-2), or null"
    )
    connected_at = serializers.DateTimeField(allow_null=True)
    aliases = serializers.ListField(child=serializers.IntegerField(), help_text="MCIDs merged into this one (CP-4)")
    exam_results = ExamResultOut(many=True)
    certifications = CertificationHeldOut(many=True, help_text="The certifications Learn shows (CP-6)")
    certiport_transcript = CertificationHeldOut(
        many=True, help_text="Certiport certifications that stay on the Certiport transcript (CP-6)"
    )


class CertificationProfileIn(serializers.Serializer):
    legal_name = serializers.CharField(max_length=200)
    contact_email = EmailAddressField()


class ContactIn(serializers.Serializer):
    contact_email = EmailAddressField()


class LegalNameIn(serializers.Serializer):
    legal_name = serializers.CharField(max_length=200)


class LegalNameChangeOut(serializers.Serializer):
    pending_legal_name = serializers.CharField()
    effective_at = serializers.DateTimeField()


# Certification support (AL-1, CP-4, CP-5)


class SupportQuery(serializers.Serializer):
    state = serializers.ChoiceField(choices=SupportRequest.State.choices, required=False)


class SupportRequestIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SupportRequest.Kind.choices)
    claimed_mcid = serializers.IntegerField(min_value=1, max_value=2**62)
    legal_name = serializers.CharField(max_length=200)
    contact_email = EmailAddressField()
    other_mcid = serializers.IntegerField(
        min_value=1, max_value=2**62, required=False, allow_null=True, help_text="Merge: the second MCID"
    )
    details = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class SupportMessageOut(serializers.ModelSerializer):
    author = serializers.CharField(source="author.name")
    by_agent = serializers.SerializerMethodField()

    class Meta:
        model = SupportMessage
        fields = ["id", "author", "by_agent", "body", "created_at"]
        read_only_fields = fields

    def get_by_agent(self, message: SupportMessage) -> bool:
        return message.author_id != message.request.requester_id


class SupportRequestOut(serializers.ModelSerializer):
    requester = serializers.EmailField(source="requester.email")
    agent = serializers.CharField(source="agent.name", allow_null=True, default=None)
    legal_name = serializers.CharField(source="claimed_legal_name")
    contact_email = serializers.EmailField(source="claimed_contact_email")

    class Meta:
        model = SupportRequest
        fields = [
            "id",
            "kind",
            "state",
            "requester",
            "agent",
            "claimed_mcid",
            "other_mcid",
            "legal_name",
            "contact_email",
            "details",
            "identity_check",
            "verified_at",
            "closed_at",
            "rejection_reason",
            "created_at",
        ]
        read_only_fields = fields


class SupportRequestDetailOut(SupportRequestOut):
    messages = SupportMessageOut(many=True)

    class Meta(SupportRequestOut.Meta):
        fields = [*SupportRequestOut.Meta.fields, "messages"]
        read_only_fields = fields


class SupportMessageIn(serializers.Serializer):
    # Blank is let through so that the service refuses it with the sentence the page shows (empty_message).
    body = serializers.CharField(max_length=5000, allow_blank=True, trim_whitespace=False)


class SupportRejectIn(serializers.Serializer):
    # Blank is let through so that the service refuses it with the sentence the page shows (reason_required).
    reason = serializers.CharField(max_length=2000, allow_blank=True, trim_whitespace=False)

"""Input and output serializers of the Partner Center API: organisations and users (PC-1), My Learn profile (PC-2,
PC-3, PC-6, PC-8, PC-9), partner support (PC-13). The skills report, designations and why-not-counted are in
serializers_skills."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rest_framework import serializers

from certlink.api.fields import EmailAddressField
from certlink.api.schema import ErrorSerializer
from partners import selectors_learn
from partners.models import PartnerOrganization
from partners.serializers_skills import PersonOut, ReportRowOut
from profiles.models import Account

# Roles as Partner Center names them (PC-1), and the flag each sets.
ROLE_FLAGS = {
    "global admin": "is_global_admin",
    "account admin": "is_account_admin",
    "partner admin": "is_partner_admin",
    "report viewer": "is_report_viewer",
}


def role_flags(names: list[str]) -> dict[str, bool]:
    """Exactly the roles named: the others are taken away."""
    return {flag: name in names for name, flag in ROLE_FLAGS.items()}


# --- Organisations, users, Partner University completions (operators and user admins, PC-1) ------------------------


class OrganizationIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    partner_id = serializers.CharField(max_length=10, help_text="PartnerID")
    domains = serializers.ListField(
        child=serializers.CharField(max_length=253), min_length=1, help_text="The tenant's verified domains"
    )
    admin_email = EmailAddressField(help_text="The first global admin's work account")
    admin_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    track = serializers.ChoiceField(
        choices=PartnerOrganization.Track.choices, required=False, default=PartnerOrganization.Track.ENTERPRISE
    )


class OrganizationOut(serializers.ModelSerializer):
    domains = serializers.SerializerMethodField()

    class Meta:
        model = PartnerOrganization
        fields = ["id", "name", "partner_id", "track", "domains", "created_at"]
        read_only_fields = fields

    def get_domains(self, organization: PartnerOrganization) -> list[str]:
        return sorted(organization.tenant.domains.values_list("name", flat=True))


class PartnerUserOut(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField(source="account.email")
    display_name = serializers.CharField(source="account.display_name")
    roles = serializers.ListField(child=serializers.CharField(), help_text='"default user" when it has no role')
    created_at = serializers.DateTimeField()
    deleted_at = serializers.DateTimeField(
        source="account.deleted_at", allow_null=True, help_text="The work account was deleted (ID-4)"
    )


class OrganizationCreatedOut(serializers.Serializer):
    organization = OrganizationOut()
    admin = PartnerUserOut()
    one_time_password = serializers.CharField(help_text="Give it to the global admin; it is shown once")


class PartnerUserIn(serializers.Serializer):
    email = EmailAddressField(help_text="A work account on one of the tenant's domains")
    display_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=list(ROLE_FLAGS)),
        required=False,
        default=list,
        help_text="None is a default user, who can still link their own MCID (PC-1)",
    )


class RolesIn(serializers.Serializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=list(ROLE_FLAGS)), help_text="Exactly the roles the user holds"
    )


class PartnerUserCreatedOut(serializers.Serializer):
    user = PartnerUserOut()
    one_time_password = serializers.CharField(help_text="Give it to the employee; it is shown once")


class MeOut(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField(source="account.email")
    display_name = serializers.CharField(source="account.display_name")
    organization = OrganizationOut()
    roles = serializers.ListField(child=serializers.CharField())
    manages_users = serializers.BooleanField(help_text="Global admin or account admin (PC-1)")
    sees_skills = serializers.BooleanField(help_text="Partner admin or global admin: skills report, designations")


class CompletionIn(serializers.Serializer):
    email = EmailAddressField(help_text="The Partner University account")
    assessment = serializers.SlugField(max_length=100)
    title = serializers.CharField(max_length=250)
    completed_at = serializers.DateTimeField()


class CompletionOut(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField(source="account.email")
    assessment = serializers.CharField()
    title = serializers.CharField()
    completed_at = serializers.DateTimeField()


# --- My Learn profile (PC-2, PC-3, PC-6, PC-8, PC-9) ---------------------------------------------------------------


class AssociateIn(serializers.Serializer):
    email = EmailAddressField(help_text="The MSA of your certification profile")
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    kind = serializers.ChoiceField(
        choices=Account.Kind.choices,
        required=False,
        help_text="Needed when the address exists both as a work and as a personal account (ID-2)",
    )


class PasswordIn(serializers.Serializer):
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class UniversityAccessIn(serializers.Serializer):
    email = EmailAddressField(help_text="Your personal Partner University credentials")
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    sign_up = serializers.BooleanField(required=False, default=False, help_text="Create the account first")
    display_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class PendingOut(serializers.Serializer):
    title = serializers.CharField()
    due_at = serializers.DateTimeField(help_text="When it reaches Partner Center (PC-9)")


class MyCreditOut(serializers.Serializer):
    activity_id = serializers.CharField()
    title = serializers.CharField()
    type = serializers.CharField(source="get_kind_display")
    completed_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)
    arrived_at = serializers.DateTimeField()
    manual = serializers.BooleanField(help_text="Added by an agent on a partner support request (PC-13)")


class LinkEventOut(serializers.Serializer):
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    actor = serializers.EmailField(source="actor.email", allow_null=True, default=None)
    mcid = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.DictField()


class UniversityOut(serializers.Serializer):
    email = serializers.EmailField(source="account.email")
    since = serializers.DateTimeField(source="started_at")


class MyLearnProfileOut(serializers.Serializer):
    mcid = serializers.IntegerField(allow_null=True, help_text="The associated MCID, or null (PC-4: one at most)")
    method = serializers.CharField(allow_null=True, help_text="learn or partner_university")
    since = serializers.DateTimeField(allow_null=True)
    next_association_at = serializers.DateTimeField(
        allow_null=True, help_text="The first moment a new association may start; null: any time (PC-8)"
    )
    can_associate_now = serializers.BooleanField()
    association_refused = ErrorSerializer(
        allow_null=True,
        help_text="PC-8: the refusal an association would get now, in the words My Learn profile shows instead of "
        "Associate (with next_eligible_at); null when one may start",
    )
    pending = PendingOut(many=True, help_text="Credits on their way, with the day each arrives (PC-9)")
    credits = MyCreditOut(many=True, help_text="What Partner Center holds for you")
    history = LinkEventOut(many=True, help_text="Links, unlinks and refusals, latest first (PC-7)")
    university = UniversityOut(allow_null=True, help_text="Partner University access (PC-3), or null")
    learn_one_step = serializers.CharField(
        help_text='"use email@address": your Partner University email is an MSA with an MCID; "" when not offered'
    )
    university_one_step = serializers.CharField(
        help_text='Your MCID\'s MSA email has a Partner University account; "" when not offered'
    )


def my_learn_profile_body(me: selectors_learn.MyLearnProfile, *, now: datetime) -> dict[str, Any]:
    link = me.link
    return MyLearnProfileOut(
        {
            "mcid": link.profile.mcid if link else None,
            "method": link.method if link else None,
            "since": link.started_at if link else None,
            "next_association_at": me.next_association_at,
            "can_associate_now": me.next_association_at is None or me.next_association_at <= now,
            "association_refused": me.association.refused.as_dict() if me.association.refused else None,
            "pending": me.pending,
            "credits": me.credits,
            "history": me.history,
            "university": me.university,
            "learn_one_step": me.learn_one_step,
            "university_one_step": me.university_one_step,
        }
    ).data


# --- Partner support (PC-13) ---------------------------------------------------------------------------------------


class CreditRequestIn(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, help_text="The Partner Center user who holds the certification")
    held = serializers.IntegerField(min_value=1, help_text="The certification held (on the person's linked MCID)")
    evidence = serializers.CharField(max_length=4000, allow_blank=True, trim_whitespace=False)


class CreditRequestRejectIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class HeldOut(serializers.Serializer):
    id = serializers.IntegerField()
    certification = serializers.CharField(source="certification.slug")
    name = serializers.CharField(source="certification.name")
    number = serializers.CharField()
    provider = serializers.CharField()
    earned_at = serializers.DateTimeField()


class CreditRequestOut(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField(help_text="open, accepted or rejected")
    partner_id = serializers.CharField(source="organization.partner_id")
    partner_name = serializers.CharField(source="organization.name")
    person = PersonOut()
    filed_by = serializers.EmailField(source="filed_by.account.email")
    held = HeldOut()
    evidence = serializers.CharField()
    decision = serializers.CharField(help_text="The agent's reason, when rejected")
    agent = serializers.EmailField(source="agent.email", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class CreditAcceptedOut(serializers.Serializer):
    request = CreditRequestOut()
    credit = ReportRowOut(help_text="The credit, in the skills report at once and marked manual")

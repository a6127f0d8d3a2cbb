"""Partner Center (PC-1..PC-14): organisations and their users, MCID and Partner University links with their
history, Partner Center's own copy of credits, designation inputs, partner support requests."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from certlink.appendonly import AppendOnlyModel


class PartnerOrganization(models.Model):
    class Track(models.TextChoices):
        # Translators: a Solutions Partner track (the size of the organisation it is scored as).
        ENTERPRISE = "enterprise", _("Enterprise")
        # Translators: a Solutions Partner track: small and medium business.
        SMB = "smb", _("SMB")

    name = models.CharField(max_length=200)
    partner_id = models.CharField(max_length=10, unique=True, help_text="PartnerID")
    tenant = models.OneToOneField("profiles.Tenant", on_delete=models.PROTECT, related_name="partner_organization")
    track = models.CharField(max_length=10, choices=Track.choices, default=Track.ENTERPRISE)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner_id})"


class PartnerUser(models.Model):
    """A Partner Center user: a work account of the organisation's tenant (PC-1). Linking needs no role."""

    organization = models.ForeignKey(PartnerOrganization, on_delete=models.PROTECT, related_name="users")
    account = models.OneToOneField("profiles.Account", on_delete=models.PROTECT, related_name="partner_user")
    is_global_admin = models.BooleanField(default=False)
    is_account_admin = models.BooleanField(default=False)
    is_partner_admin = models.BooleanField(default=False)
    is_report_viewer = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["organization", "account__email"]

    def __str__(self) -> str:
        return f"{self.account.email} at {self.organization.name}"

    @property
    def roles(self) -> list[str]:
        """The Partner Center roles held, as the pages list them (in the active language)."""
        names = [
            # Translators: Partner Center's roles, listed after a user's email ("megan@contoso.com · global admin").
            (gettext("global admin"), self.is_global_admin),
            (gettext("account admin"), self.is_account_admin),
            (gettext("partner admin"), self.is_partner_admin),
            (gettext("report viewer"), self.is_report_viewer),
        ]
        # Translators: the role of a Partner Center user who holds none of the others.
        return [name for name, held in names if held] or [gettext("default user")]

    @property
    def manages_users(self) -> bool:
        return self.is_global_admin or self.is_account_admin

    @property
    def sees_skills(self) -> bool:
        """PC-11: partner admins and global admins see the skills report."""
        return self.is_global_admin or self.is_partner_admin


class McidLink(models.Model):
    """One association of an MCID with a Partner Center user (PC-2..PC-6), from its start to its end."""

    class Method(models.TextChoices):
        # Translators: how an MCID was associated: "by Microsoft Learn account, since 4 February 2026".
        LEARN = "learn", _("Microsoft Learn account")
        PARTNER_UNIVERSITY = "partner_university", _("Partner University")

    class Ended(models.TextChoices):
        REMOVED = "removed", _("Access removed by the user")
        MOVED = "moved", _("Linked to another organisation")
        REPLACED = "replaced", _("Linked by another user of the organisation")
        LEFT = "left", _("Work account deleted")

    partner_user = models.ForeignKey(PartnerUser, on_delete=models.PROTECT, related_name="mcid_links")
    organization = models.ForeignKey(PartnerOrganization, on_delete=models.PROTECT, related_name="mcid_links")
    profile = models.ForeignKey("profiles.CertificationProfile", on_delete=models.PROTECT, related_name="mcid_links")
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.LEARN)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=10, choices=Ended.choices, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            # PC-4: a Partner Center user links at most one MCID, and an MCID is linked to one organisation at a time.
            models.UniqueConstraint(
                fields=["partner_user"], condition=Q(ended_at__isnull=True), name="one_live_mcid_per_partner_user"
            ),
            models.UniqueConstraint(
                fields=["profile"], condition=Q(ended_at__isnull=True), name="one_live_link_per_mcid"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, ended_reason="") | (Q(ended_at__isnull=False) & ~Q(ended_reason="")),
                name="an_ended_link_says_why",
            ),
        ]
        indexes = [models.Index(fields=["profile", "started_at"], name="association_history")]

    def __str__(self) -> str:
        return f"MCID {self.profile_id} → {self.organization_id} ({'live' if self.ended_at is None else 'ended'})"


class PartnerUniversityAccount(models.Model):
    """A Partner University account: personal credentials of its own (PC-3)."""

    email = models.EmailField(max_length=320, unique=True)
    password = models.CharField(max_length=128)
    display_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.email


class PartnerUniversityLink(models.Model):
    partner_user = models.ForeignKey(PartnerUser, on_delete=models.PROTECT, related_name="university_links")
    account = models.ForeignKey(PartnerUniversityAccount, on_delete=models.PROTECT, related_name="links")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner_user"], condition=Q(ended_at__isnull=True), name="one_live_university_link_per_user"
            ),
            models.UniqueConstraint(
                fields=["account"], condition=Q(ended_at__isnull=True), name="one_live_link_per_university_account"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} → {self.partner_user}"


class UniversityCompletion(models.Model):
    """A Partner University assessment completed by an account (a credit source, PC-9)."""

    account = models.ForeignKey(PartnerUniversityAccount, on_delete=models.CASCADE, related_name="completions")
    assessment = models.CharField(max_length=100, help_text="Assessment id, e.g. pu-teams-meetings-rooms-...")
    title = models.CharField(max_length=250)
    completed_at = models.DateTimeField()

    class Meta:
        ordering = ["-completed_at"]
        constraints = [models.UniqueConstraint(fields=["account", "assessment"], name="a_completion_once")]

    def __str__(self) -> str:
        return self.title


class LinkEvent(AppendOnlyModel):
    """PC-7: every link, unlink and refusal, with who, when and why. Append-only (certlink.appendonly: refused in
    Django, and by a trigger on PostgreSQL)."""

    class Kind(models.TextChoices):
        # Translators: what happened, in the association history of My Learn profile.
        LINKED = "linked", _("Linked")
        UNLINKED = "unlinked", _("Unlinked")
        # Translators: an MCID that was associated with another organisation (or user), in the association history.
        MOVED = "moved", _("Moved")
        REFUSED = "refused", _("Refused")
        UNIVERSITY_LINKED = "university_linked", _("University Linked")
        UNIVERSITY_UNLINKED = "university_unlinked", _("University Unlinked")
        MANUAL_CREDIT = "manual_credit", _("Manual Credit")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey("profiles.Account", null=True, on_delete=models.PROTECT, related_name="+")
    partner_user = models.ForeignKey(PartnerUser, null=True, on_delete=models.PROTECT, related_name="link_events")
    organization = models.ForeignKey(PartnerOrganization, null=True, on_delete=models.PROTECT, related_name="+")
    mcid = models.BigIntegerField(null=True, blank=True)
    code = models.CharField(max_length=60, blank=True)
    message = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.mcid or ''} at {self.at:%Y-%m-%d}"


class PartnerCredit(models.Model):
    """Partner Center's own copy of a credit (PC-9): filled by the propagation job when due; everything Partner
    Center shows reads this table. Removed at the data refresh after its link ends (PC-10)."""

    class Kind(models.TextChoices):
        CERTIFICATION = "certification", _("Certification")
        # Translators: a Partner University assessment, a kind of credit in the skills report.
        ASSESSMENT = "assessment", _("Assessment")

    organization = models.ForeignKey(PartnerOrganization, on_delete=models.PROTECT, related_name="credits")
    partner_user = models.ForeignKey(PartnerUser, on_delete=models.PROTECT, related_name="credits")
    link = models.ForeignKey(McidLink, null=True, blank=True, on_delete=models.PROTECT, related_name="credits")
    university_link = models.ForeignKey(
        PartnerUniversityLink, null=True, blank=True, on_delete=models.PROTECT, related_name="credits"
    )
    held = models.ForeignKey(
        "profiles.CertificationHeld", null=True, blank=True, on_delete=models.PROTECT, related_name="partner_credits"
    )
    completion = models.ForeignKey(
        UniversityCompletion, null=True, blank=True, on_delete=models.PROTECT, related_name="partner_credits"
    )
    kind = models.CharField(max_length=13, choices=Kind.choices)
    activity_id = models.CharField(max_length=100, help_text="Certification slug or assessment id")
    title = models.CharField(max_length=250)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    personal_email = models.EmailField(max_length=320, blank=True)
    work_email = models.EmailField(max_length=320)
    mcid = models.BigIntegerField(null=True, blank=True)
    completed_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    retirement_date = models.DateField(null=True, blank=True)
    cycle = models.PositiveIntegerField(default=1)
    due_at = models.DateTimeField(help_text="When it was due to arrive (PC-9)")
    arrived_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    manual = models.BooleanField(default=False, help_text="Added by an agent on a partner support request (PC-13)")

    class Meta:
        ordering = ["organization", "last_name", "first_name", "title"]
        constraints = [
            # Once per cycle: a renewal (a new cycle) arrives as a new copy that replaces the old one (PC-9).
            models.UniqueConstraint(
                fields=["link", "held", "cycle"],
                condition=Q(link__isnull=False, held__isnull=False),
                name="a_certification_credit_once_per_link_and_cycle",
            ),
            models.UniqueConstraint(
                fields=["university_link", "completion"],
                condition=Q(university_link__isnull=False, completion__isnull=False),
                name="an_assessment_credit_once_per_link",
            ),
            models.UniqueConstraint(
                fields=["organization", "held"],
                condition=Q(manual=True, removed_at__isnull=True),
                name="a_manual_credit_once",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "removed_at"], name="credit_report"),
            # PC-11: the report's page reads the first rows in its order; the index hands them over without a sort.
            models.Index(
                fields=["organization", "last_name", "first_name", "title", "id"],
                condition=Q(removed_at__isnull=True),
                name="credit_report_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} for {self.work_email}"


class DesignationInput(models.Model):
    """Performance and customer-success points a partner admin enters for an area (PC-12's score simulator)."""

    organization = models.ForeignKey(PartnerOrganization, on_delete=models.CASCADE, related_name="designation_inputs")
    area = models.CharField(max_length=40)
    metric = models.CharField(max_length=40)
    points = models.FloatField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "area", "metric"], name="one_input_per_metric")]

    def __str__(self) -> str:
        return f"{self.area}/{self.metric}: {self.points}"


class RefreshRun(models.Model):
    """A monthly data refresh that ran (PC-10): the watermark the clock's engine reads."""

    ran_for = models.DateField(unique=True, help_text="The refresh day")
    ran_at = models.DateTimeField()
    removed = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Refresh of {self.ran_for}"


class PartnerSupportRequest(models.Model):
    """PC-13: a request, with evidence, for a credit that cannot reach Partner Center (a Certiport certification)."""

    class State(models.TextChoices):
        # Translators: the state of a partner support request.
        OPEN = "open", pgettext_lazy("request state", "Open")
        ACCEPTED = "accepted", _("Accepted: credit added")
        REJECTED = "rejected", _("Rejected")

    organization = models.ForeignKey(PartnerOrganization, on_delete=models.PROTECT, related_name="support_requests")
    filed_by = models.ForeignKey(PartnerUser, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(PartnerUser, on_delete=models.PROTECT, related_name="credit_requests")
    held = models.ForeignKey("profiles.CertificationHeld", on_delete=models.PROTECT, related_name="+")
    evidence = models.TextField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    agent = models.ForeignKey("profiles.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision = models.TextField(blank=True)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "held"],
                condition=Q(state="open"),
                name="one_open_credit_request_per_certification",
            ),
        ]

    def __str__(self) -> str:
        return f"Credit request #{self.pk} ({self.state})"

"""Partner Center pages for admins: users (PC-1, ID-4), the skills report (PC-11), designations (PC-12), why not
counted (PC-14), partner support (PC-13); and the operators' pages (organisations, Partner University)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig  # type: ignore[import-untyped]  # no stubs, no py.typed

from certlink import charts, clock
from certlink.errors import Refusal
from certlink.pages import operator_required, refuse_on
from partners import charts as designation_charts
from partners import filters as report_filters
from partners import report_csv, selectors, selectors_learn
from partners.forms import (
    CompletionForm,
    CreditRequestForm,
    InputForm,
    OrganizationForm,
    PartnerUserForm,
    RolesForm,
    WhyForm,
)
from partners.models import PartnerOrganization, PartnerSupportRequest, PartnerUser
from partners.services import links, organizations, scores, support
from partners.tables import SkillsTable
from partners.views import partner_user_required
from profiles.models import Certification, CertificationHeld
from profiles.signed_in import SignedInRequest


def _skills_viewer(request: HttpRequest) -> PartnerUser:
    user = partner_user_required(request)
    if not user.sees_skills:
        raise PermissionDenied(_("Only partner admins and global admins can see the skills report and designations."))
    return user


@login_required
@require_http_methods(["GET", "POST"])
def users(request: HttpRequest) -> HttpResponse:
    me = partner_user_required(request)
    if not me.manages_users:
        raise PermissionDenied(_("Only global admins and account admins manage Partner Center users."))
    form = PartnerUserForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            user, password = organizations.partner_user_create(
                by=me, email=data.pop("email"), display_name=data.pop("display_name"), roles=data, now=clock.now()
            )
        except Refusal as refusal:
            refuse_on(form, refusal)
        else:
            created, form = {"user": user, "password": password}, PartnerUserForm()
    people = me.organization.users.select_related("account").order_by(
        F("account__deleted_at").asc(nulls_first=True), "account__email"
    )
    return render(
        request,
        "partners/users.html",
        {"pc_user": me, "people": people, "form": form, "created": created},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    """Roles and deletion. There is no control here to link or unlink an MCID: only the person can (PC-2)."""
    me = partner_user_required(request)
    if not me.manages_users:
        raise PermissionDenied(_("Only global admins and account admins manage Partner Center users."))
    person = get_object_or_404(PartnerUser.objects.select_related("account"), pk=user_id, organization=me.organization)
    form = RolesForm(
        request.POST if request.POST.get("action") == "roles" else None,
        initial={r: getattr(person, r) for r in organizations.ROLES},
    )
    try:
        if request.POST.get("action") == "roles" and form.is_valid():
            organizations.partner_user_roles_set(by=me, user=person, roles=form.cleaned_data)
            messages.success(request, _("The roles of %(email)s were saved.") % {"email": person.account.email})
            return redirect("partner_user", person.pk)
        if request.POST.get("action") == "delete":
            organizations.partner_user_delete(by=me, user=person, now=clock.now())
            messages.success(
                request,
                _("%(email)s was deleted. Their credits leave the skills report at the data refresh of next month.")
                % {"email": person.account.email},
            )
            return redirect("partner_users")
    except Refusal as refusal:
        refuse_on(form, refusal)
    return render(
        request,
        "partners/user_detail.html",
        {"pc_user": me, "person": person, "form": form},
        status=400 if form.errors else 200,
    )


def _report_page(request: HttpRequest) -> int:
    """The page of the report asked for: a number from 1 (none: the first)."""
    asked = request.GET.get("page", "1")
    if not asked.isdecimal() or int(asked) < 1:
        raise Refusal(
            "report_page_invalid",
            _("This page of the skills report can't be found: its number is damaged. Start again from the first page."),
            status=400,
        )
    return int(asked)


@login_required
def skills(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """PC-11: the skills report as a grid (partners.tables): filtered (partners.filters, as the CSV and the API are),
    sorted by a column, a numbered page at a time with the filtered total; and its streamed CSV download."""
    me = _skills_viewer(request)
    now = clock.now()
    filters = report_filters.skills_report(request.GET, organization=me.organization, at=now, request=request)
    query = request.GET.copy()  # the filters and the sort, which the CSV link and the filter form keep
    for key in ("page", "format"):
        query.pop(key, None)
    context: dict[str, object] = {
        "pc_user": me,
        "filters": filters,
        "table": None,
        "query": query.urlencode(),
        "sort": request.GET.get("sort", ""),
        "filtered": any(value for key, value in request.GET.items() if key in filters.base_filters),
        "names": selectors.certification_names(organization=me.organization, at=now),
        "names_id": report_filters.CERTIFICATION_NAMES,
        "empty": selectors.EMPTY_REPORT,
    }
    if not filters.is_valid():
        return render(request, "partners/skills.html", context, status=400)
    table = SkillsTable(filters.qs, at=now)
    RequestConfig(request, paginate=False).configure(table)  # the sort, from ?sort=
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(report_csv.stream(table.data.data, at=now), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="skills-{me.organization.partner_id}.csv"'
        return response
    try:
        table.paginate(page=_report_page(request), per_page=selectors.REPORT_PAGE_SIZE)
    except EmptyPage:
        raise Refusal(
            "report_page_invalid",
            _("The skills report has no such page (any more). Start again from the first page."),
            status=404,
        ) from None
    context.update(table=table, total=table.paginator.count)
    return render(request, "partners/skills.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def designations(request: HttpRequest) -> HttpResponse:
    """PC-12: each area's score, metrics, who counts for what, status; the score simulator; six months of scores."""
    me = _skills_viewer(request)
    now = clock.now()
    if request.method == "POST":
        form = InputForm(request.POST)
        try:
            if not form.is_valid():
                raise Refusal("invalid_points", _("Enter a number of points of zero or more."))
            scores.designation_input_set(by=me, now=now, **form.cleaned_data)
        except Refusal as refusal:
            # Shown again with what was typed in its field, rather than redirected to a page that forgot it.
            messages.error(request, refusal.message, extra_tags=f"refusal {refusal.code}")
            typed = {key: request.POST.get(key, "") for key in ("area", "metric", "points")}
            return _designations_page(request, me, now, typed=typed, status=refusal.status)
        return redirect("partner_designations")
    return _designations_page(request, me, now)


def _designations_page(
    request: HttpRequest, me: PartnerUser, now: datetime, *, typed: dict | None = None, status: int = 200
) -> HttpResponse:
    history = selectors.score_history(organization=me.organization, now=now)
    return render(
        request,
        "partners/designations.html",
        {
            "pc_user": me,
            "scores": history[0][1],
            "history": history,
            "groups": designation_charts.groups(history[0][1]),
            "kinds": designation_charts.kind_labels(),
            "scores_alt": designation_charts.scores_alt(history[0][1]),
            "scores_height": designation_charts.scores_height(len(history[0][1])),
            "history_alt": designation_charts.history_alt(history),
            "entered": {(i.area, i.metric): i.points for i in me.organization.designation_inputs.all()},
            "typed": typed or {},
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def designations_chart(request: HttpRequest, name: str) -> HttpResponse:
    """PC-12's pictures (partners.charts) as SVG of their own, for those who see the designations page only."""
    me = _skills_viewer(request)
    if name not in designation_charts.NAMES:
        raise Http404
    months = 1 if name == designation_charts.SCORES else 6
    history = selectors.score_history(organization=me.organization, now=clock.now(), months=months)
    narrow = charts.is_narrow(request.GET.get("size"))
    return charts.svg_response(designation_charts.chart(name, history, narrow=narrow))


@login_required
def why(request: HttpRequest) -> HttpResponse:
    """PC-14: why a certification is not counted; admins ask about anyone, users about themselves."""
    me = partner_user_required(request)
    people = me.organization.users.all() if me.sees_skills else PartnerUser.objects.filter(pk=me.pk)
    people = people.select_related("account")
    form = WhyForm(
        request.GET or None,
        initial={"person": me.pk},
        people=[(p.pk, p.account.email) for p in people],
        # The person's own certifications first (those of the MCID linked to them), then the whole catalog.
        certifications=selectors_learn.why_certification_choices(user=me),
    )
    explanation = None
    if form.is_valid():
        person = get_object_or_404(people, pk=form.cleaned_data["person"])
        certification = Certification.objects.get(slug=form.cleaned_data["certification"])
        explanation = selectors_learn.why_not_counted(
            organization=me.organization, person=person, certification=certification, now=clock.now()
        )
    return render(request, "partners/why.html", {"pc_user": me, "form": form, "explanation": explanation})


@login_required
@require_http_methods(["GET", "POST"])
def partner_support(request: HttpRequest) -> HttpResponse:
    """PC-13: ask for a credit that cannot arrive (a Certiport certification), with evidence."""
    me = partner_user_required(request)
    link = selectors.live_link(me)
    held = CertificationHeld.objects.filter(profile=link.profile).select_related("certification") if link else []
    form = CreditRequestForm(
        request.POST or None,
        held=[(h.pk, f"{h.certification.name} ({h.number}, {h.get_provider_display()})") for h in held],
    )
    if request.method == "POST" and form.is_valid():
        try:
            chosen = CertificationHeld.objects.get(pk=form.cleaned_data["held"])
            support.credit_request_open(
                by=me, person=me, held=chosen, evidence=form.cleaned_data["evidence"], now=clock.now()
            )
        except Refusal as refusal:
            refuse_on(form, refusal)
        else:
            messages.success(request, _("Your request was sent to Partner Center support."))
            return redirect("partner_support")
    requests = PartnerSupportRequest.objects.filter(organization=me.organization).select_related(
        "person__account", "held__certification"
    )
    return render(
        request,
        "partners/support.html",
        {"pc_user": me, "form": form, "requests": requests},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_queue(request: SignedInRequest) -> HttpResponse:
    if not request.user.is_agent:
        raise PermissionDenied(_("Only support agents can open the Partner Center support queue."))
    if request.method == "POST":
        item = get_object_or_404(PartnerSupportRequest, pk=request.POST.get("request"))
        try:
            if request.POST.get("action") == "accept":
                support.credit_request_accept(request=item, agent=request.user, now=clock.now())
            else:
                support.credit_request_reject(
                    request=item, agent=request.user, reason=request.POST.get("reason", ""), now=clock.now()
                )
        except Refusal as refusal:
            messages.error(request, refusal.message, extra_tags=f"refusal {refusal.code}")
        return redirect("partner_support_queue")
    requests = PartnerSupportRequest.objects.select_related("organization", "person__account", "held__certification")
    return render(request, "partners/support_queue.html", {"requests": requests})


@operator_required
@require_http_methods(["GET", "POST"])
def operator_organizations(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST if request.POST.get("action") == "organization" else None)
    completion = CompletionForm(request.POST if request.POST.get("action") == "completion" else None)
    created = None
    try:
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            organization, admin, password = organizations.organization_create(
                name=data["name"],
                partner_id=data["partner_id"],
                domains=data["domains"].split(","),
                admin_email=data["admin_email"],
                admin_name=data["admin_name"],
                track=data["track"],
                now=clock.now(),
            )
            created, form = {"organization": organization, "admin": admin, "password": password}, OrganizationForm()
        elif completion.is_bound and completion.is_valid():
            data = completion.cleaned_data
            links.university_completion_record(
                email=data["email"],
                assessment=data["assessment"],
                title=data["title"],
                completed_at=data["completed_at"].astimezone(UTC),
            )
            messages.success(request, _("The Partner University completion was recorded."))
            return redirect("sim_partners")
    except Refusal as refusal:
        refuse_on(form if form.is_bound else completion, refusal)
    return render(
        request,
        "partners/operator.html",
        {
            "form": form,
            "completion": completion,
            "created": created,
            "organizations": PartnerOrganization.objects.select_related("tenant").order_by("name"),
        },
        status=400 if (form.errors or completion.errors) else 200,
    )

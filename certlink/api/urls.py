from django.urls import path

from partners import api as partners_api
from partners import api_learn as partners_api_learn
from partners import api_skills as partners_api_skills
from partners import api_support as partners_api_support
from profiles import api as profiles_api
from profiles import api_certification, api_learn, api_support
from renewals import api as renewals_api
from sim import api as sim_api
from sim import api_notifications, api_scenarios

urlpatterns = [
    path("auth/token/", profiles_api.TokenApi.as_view(), name="api_token"),
    path("auth/token/revoke/", profiles_api.TokenRevokeApi.as_view(), name="api_token_revoke"),
    path("auth/password/", profiles_api.PasswordChangeApi.as_view(), name="api_password_change"),
    path("accounts/", profiles_api.MsaSignUpApi.as_view(), name="api_msa_sign_up"),
    path("me/", profiles_api.MeApi.as_view(), name="api_me"),
    path("tenant/accounts/", profiles_api.TenantAccountsApi.as_view(), name="api_tenant_accounts"),
    path("tenant/accounts/<int:account_id>/", profiles_api.TenantAccountApi.as_view(), name="api_tenant_account"),
    path("clock/", sim_api.ClockApi.as_view(), name="api_clock"),
    path("clock/advance/", sim_api.ClockAdvanceApi.as_view(), name="api_clock_advance"),
    path("clock/advance/resume/", sim_api.ClockAdvanceResumeApi.as_view(), name="api_clock_advance_resume"),
    path("clock/advances/<int:advance_id>/", sim_api.ClockAdvanceReadApi.as_view(), name="api_clock_advance_read"),
    path("outbox/", sim_api.OutboxListApi.as_view(), name="api_outbox"),
    path("outbox/<int:message_id>/", sim_api.OutboxMessageApi.as_view(), name="api_outbox_message"),
    path("notifications/", api_notifications.NotificationsApi.as_view(), name="api_notifications"),
    path("notifications/read/", api_notifications.NotificationsReadApi.as_view(), name="api_notifications_read"),
    path("sim/scenarios/", api_scenarios.ScenarioListApi.as_view(), name="api_sim_scenarios"),
    path("sim/scenarios/<str:key>/load/", api_scenarios.ScenarioLoadApi.as_view(), name="api_sim_scenario_load"),
    path("sim/reset/", api_scenarios.ResetApi.as_view(), name="api_sim_reset"),
    path("sim/populate/", api_scenarios.PopulateApi.as_view(), name="api_sim_populate"),
    path("sim/jobs/<uuid:job_id>/", api_scenarios.JobApi.as_view(), name="api_sim_job"),
    path(
        "sim/timeline/learner/<int:account_id>/",
        api_scenarios.LearnerTimelineApi.as_view(),
        name="api_sim_timeline_learner",
    ),
    path(
        "sim/timeline/organization/<int:organization_id>/",
        api_scenarios.OrganizationTimelineApi.as_view(),
        name="api_sim_timeline_organization",
    ),
    path("learn/profile/", api_learn.LearnProfileApi.as_view(), name="api_learn_profile"),
    path("learn/accounts/", api_learn.LearnAccountsApi.as_view(), name="api_learn_accounts"),
    path("learn/accounts/<int:account_id>/", api_learn.LearnAccountApi.as_view(), name="api_learn_account"),
    path("learn/certifications/", renewals_api.LearnCertificationsApi.as_view(), name="api_learn_certifications"),
    path(
        "learn/certification-connection/",
        api_learn.CertificationConnectionApi.as_view(),
        name="api_learn_certification_connection",
    ),
    path("learn/doctor/", api_learn.DoctorApi.as_view(), name="api_learn_doctor"),
    path("learn/doctor/prove/", api_learn.DoctorProveApi.as_view(), name="api_learn_doctor_prove"),
    path("learn/doctor/path/", api_learn.DoctorPathApi.as_view(), name="api_learn_doctor_path"),
    path("learn/transcript/share/", api_learn.TranscriptShareApi.as_view(), name="api_transcript_share"),
    path("transcripts/<str:token>/", api_learn.SharedTranscriptApi.as_view(), name="api_shared_transcript"),
    path(
        "certification/profile/",
        api_certification.CertificationProfileApi.as_view(),
        name="api_certification_profile",
    ),
    path(
        "certification/profile/contact/",
        api_certification.CertificationContactApi.as_view(),
        name="api_certification_contact",
    ),
    path(
        "certification/profile/legal-name/",
        api_certification.LegalNameChangeApi.as_view(),
        name="api_certification_legal_name",
    ),
    path("certification/support-requests/", api_support.SupportRequestsApi.as_view(), name="api_support_requests"),
    path(
        "certification/support-requests/<int:request_id>/",
        api_support.SupportRequestApi.as_view(),
        name="api_support_request",
    ),
    path(
        "certification/support-requests/<int:request_id>/messages/",
        api_support.SupportMessagesApi.as_view(),
        name="api_support_messages",
    ),
    path(
        "certification/support-requests/<int:request_id>/join/",
        api_support.SupportJoinApi.as_view(),
        name="api_support_join",
    ),
    path(
        "certification/support-requests/<int:request_id>/identity-check/",
        api_support.SupportIdentityCheckApi.as_view(),
        name="api_support_identity_check",
    ),
    path(
        "certification/support-requests/<int:request_id>/process/",
        api_support.SupportProcessApi.as_view(),
        name="api_support_process",
    ),
    path(
        "certification/support-requests/<int:request_id>/reject/",
        api_support.SupportRejectApi.as_view(),
        name="api_support_reject",
    ),
    path("learn/renewals/<int:held_id>/", renewals_api.RenewalApi.as_view(), name="api_renewal"),
    path(
        "learn/renewals/<int:held_id>/attempts/", renewals_api.RenewalAttemptApi.as_view(), name="api_renewal_attempt"
    ),
    path("exam-results/", renewals_api.ExamResultsApi.as_view(), name="api_exam_results"),
    # Partner Center (PC-1..PC-14). No address takes a user id to link or unlink an MCID: only the person can (PC-2).
    path("partner/organizations/", partners_api.OrganizationsApi.as_view(), name="api_partner_organizations"),
    path(
        "partner/university-completions/",
        partners_api.UniversityCompletionsApi.as_view(),
        name="api_partner_university_completions",
    ),
    path("partner/me/", partners_api.PartnerMeApi.as_view(), name="api_partner_me"),
    path("partner/users/", partners_api.PartnerUsersApi.as_view(), name="api_partner_users"),
    path("partner/users/<int:user_id>/", partners_api.PartnerUserApi.as_view(), name="api_partner_user"),
    path("partner/learn-profile/", partners_api_learn.MyLearnProfileApi.as_view(), name="api_partner_learn_profile"),
    path(
        "partner/learn-profile/associate/",
        partners_api_learn.AssociateApi.as_view(),
        name="api_partner_associate",
    ),
    path(
        "partner/learn-profile/associate/university-email/",
        partners_api_learn.AssociateOneStepApi.as_view(),
        name="api_partner_associate_university_email",
    ),
    path(
        "partner/learn-profile/association/",
        partners_api_learn.AssociationApi.as_view(),
        name="api_partner_association",
    ),
    path(
        "partner/learn-profile/university/",
        partners_api_learn.UniversityAccessApi.as_view(),
        name="api_partner_university",
    ),
    path("partner/skills-report/", partners_api_skills.SkillsReportApi.as_view(), name="api_partner_skills_report"),
    path(
        "partner/skills-report.csv",
        partners_api_skills.SkillsReportCsvApi.as_view(),
        name="api_partner_skills_report_csv",
    ),
    path("partner/designations/", partners_api_skills.DesignationsApi.as_view(), name="api_partner_designations"),
    path(
        "partner/designations/history/",
        partners_api_skills.DesignationHistoryApi.as_view(),
        name="api_partner_designations_history",
    ),
    path(
        "partner/designations/inputs/",
        partners_api_skills.DesignationInputApi.as_view(),
        name="api_partner_designation_inputs",
    ),
    path(
        "partner/why-not-counted/",
        partners_api_skills.WhyNotCountedApi.as_view(),
        name="api_partner_why_not_counted",
    ),
    path(
        "partner/support-requests/",
        partners_api_support.CreditRequestsApi.as_view(),
        name="api_partner_support_requests",
    ),
    path(
        "partner/support-requests/<int:request_id>/accept/",
        partners_api_support.CreditRequestAcceptApi.as_view(),
        name="api_partner_support_request_accept",
    ),
    path(
        "partner/support-requests/<int:request_id>/reject/",
        partners_api_support.CreditRequestRejectApi.as_view(),
        name="api_partner_support_request_reject",
    ),
]

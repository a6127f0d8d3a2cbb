from django.contrib import admin

from renewals.models import AssessmentQuestion, RenewalAssessment, RenewalAttempt, RenewalReminder


class QuestionInline(admin.TabularInline):
    model = AssessmentQuestion
    extra = 0


@admin.register(RenewalAssessment)
class RenewalAssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "certification"]
    search_fields = ["title", "certification__name"]
    inlines = [QuestionInline]


@admin.register(AssessmentQuestion)
class AssessmentQuestionAdmin(admin.ModelAdmin):
    list_display = ["assessment", "position", "skill_area"]
    list_filter = ["skill_area"]


@admin.register(RenewalAttempt)
class RenewalAttemptAdmin(admin.ModelAdmin):
    list_display = ["held", "cycle", "number", "submitted_at", "score", "passed"]
    raw_id_fields = ["held"]


@admin.register(RenewalReminder)
class RenewalReminderAdmin(admin.ModelAdmin):
    list_display = ["held", "cycle", "number", "due_at", "sent_at", "to"]
    list_filter = ["number"]
    raw_id_fields = ["held"]

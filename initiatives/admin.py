from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Activity,
    ActivityEducation,
    ActivityGoal,
    ActivityLog,
    ActivityLogBreakdown,
    ActivityMeasure,
    ActivityPartner,
    Area,
)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "alliance", "position")
    list_filter = ("alliance",)
    search_fields = ("name",)


class ActivityEducationInline(admin.TabularInline):
    model = ActivityEducation
    extra = 0


class ActivityPartnerInline(admin.TabularInline):
    model = ActivityPartner
    extra = 0
    autocomplete_fields = ("organisation",)


class ActivityGoalInline(admin.TabularInline):
    model = ActivityGoal
    extra = 0
    raw_id_fields = ("goal",)


class ActivityMeasureInline(admin.TabularInline):
    model = ActivityMeasure
    extra = 0
    raw_id_fields = ("indicator",)


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("title", "alliance", "group", "status", "starts_on", "ends_on", "is_public")
    list_filter = ("alliance", "status", "is_public", "aims_at_priority_group")
    search_fields = ("title", "description", "place")
    date_hierarchy = "starts_on"
    raw_id_fields = ("group", "created_by")
    filter_horizontal = ("areas", "focus_areas")
    inlines = (
        ActivityPartnerInline,
        ActivityGoalInline,
        ActivityEducationInline,
        ActivityMeasureInline,
    )


class ActivityLogBreakdownInline(admin.TabularInline):
    model = ActivityLogBreakdown
    extra = 0
    raw_id_fields = ("value",)


@admin.register(ActivityLog)
class ActivityLogAdmin(SimpleHistoryAdmin):
    """Changes here do not feed the measures: the activity pages do (through the services)."""

    list_display = ("activity", "held_on", "participants_new", "participants_returning")
    list_filter = ("activity__alliance",)
    search_fields = ("activity__title", "note")
    date_hierarchy = "held_on"
    raw_id_fields = ("activity", "logged_by")
    inlines = (ActivityLogBreakdownInline,)

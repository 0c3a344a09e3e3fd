"""The admin of groups, meetings, news and calendar feeds: for support, not daily work.

Changing seats here bypasses workgroups.services and so the object permissions they grant:
seat people on the group pages instead. A calendar feed's secret token is never shown."""

from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionItem,
    AgendaAttachment,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Decision,
    GroupMember,
    Meeting,
    MeetingSeries,
    MinutesCorrection,
    NewsComment,
    NewsPost,
    WorkGroup,
)


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    autocomplete_fields = ["user", "organisation"]
    fields = [
        "user",
        "role",
        "organisation",
        "is_youth_representative",
        "is_voting",
        "term_start",
        "term_end",
    ]


@admin.register(WorkGroup)
class WorkGroupAdmin(GuardedModelAdmin):
    list_display = ["name", "alliance", "kind", "is_archived"]
    list_filter = ["alliance", "kind", "is_archived"]
    search_fields = ["name", "slug", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["focus_areas", "lead_organisations"]
    inlines = [GroupMemberInline]


@admin.register(GroupMember)
class GroupMemberAdmin(SimpleHistoryAdmin):
    list_display = ["user", "group", "role", "organisation", "is_youth_representative", "term_end"]
    list_filter = ["group__alliance", "role", "is_youth_representative"]
    search_fields = ["user__email", "user__full_name", "group__name"]
    autocomplete_fields = ["user", "organisation", "group"]
    list_select_related = ["user", "group", "organisation"]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "rule", "weekday", "start_time", "first_date", "until_date"]
    list_filter = ["group__alliance", "rule"]
    search_fields = ["title", "group__name"]
    autocomplete_fields = ["group"]
    readonly_fields = ["created_by", "created_at"]
    list_select_related = ["group"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "description", "presenter", "duration_minutes", "minutes"]
    autocomplete_fields = ["presenter"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "group", "starts_at", "minutes_status", "is_cancelled"]
    list_filter = ["group__alliance", "minutes_status", "is_cancelled"]
    search_fields = ["title", "group__name", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["group", "series"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    list_select_related = ["group"]
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(AgendaAttachment)
class AgendaAttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "item", "size", "uploaded_at"]
    search_fields = ["name", "item__title", "item__meeting__title"]
    readonly_fields = ["item", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["item"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "decided_by", "adopted_agenda_version", "created_at"]
    list_filter = ["meeting__group__alliance", "meeting__group"]
    search_fields = ["text", "rationale", "decided_by", "meeting__title"]
    autocomplete_fields = ["meeting"]
    raw_id_fields = ["agenda_item", "adopted_agenda_version"]
    readonly_fields = ["created_by", "created_at"]
    list_select_related = ["meeting", "adopted_agenda_version"]


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "group", "owner", "deadline", "status", "done_at"]
    list_filter = ["group__alliance", "status", "group"]
    search_fields = ["title", "owner__email", "owner__full_name", "group__name"]
    date_hierarchy = "deadline"
    autocomplete_fields = ["group", "meeting", "owner"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    list_select_related = ["group", "owner"]


@admin.register(MinutesCorrection)
class MinutesCorrectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "corrected_by", "created_at"]
    search_fields = ["note", "meeting__title"]
    readonly_fields = ["meeting", "corrected_by", "created_at"]
    list_select_related = ["meeting", "corrected_by"]


class NewsCommentInline(admin.TabularInline):
    model = NewsComment
    extra = 0
    fields = ["author", "body", "created_at", "is_removed"]
    readonly_fields = ["author", "created_at"]


@admin.register(NewsPost)
class NewsPostAdmin(SimpleHistoryAdmin):
    list_display = ["title", "alliance", "group", "author", "published_at", "is_withdrawn"]
    list_filter = ["alliance", "is_withdrawn"]
    search_fields = ["title", "body", "author__full_name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["group", "author"]
    readonly_fields = ["updated_at"]
    list_select_related = ["alliance", "group", "author"]
    inlines = [NewsCommentInline]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Who has a calendar feed and when it was last fetched. The token is a secret: it is
    never shown, and a feed is revoked by deleting it (the person makes a new one)."""

    list_display = ["user", "alliance", "created_at", "last_used_at"]
    list_filter = ["alliance"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "alliance", "created_at", "last_used_at"]
    readonly_fields = fields
    list_select_related = ["user", "alliance"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

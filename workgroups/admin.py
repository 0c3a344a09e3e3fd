from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from .models import GroupMember, WorkGroup


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(WorkGroup)
class WorkGroupAdmin(GuardedModelAdmin):
    list_display = ["name", "alliance", "kind", "is_archived"]
    list_filter = ["alliance", "kind", "is_archived"]
    search_fields = ["name", "slug", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["focus_areas", "lead_organisations"]
    inlines = [GroupMemberInline]


@admin.register(GroupMember)
class GroupMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "role", "organisation", "is_youth_representative", "term_end"]
    list_filter = ["group__alliance", "role", "is_youth_representative"]
    search_fields = ["user__email", "user__full_name", "group__name"]
    autocomplete_fields = ["user", "organisation", "group"]

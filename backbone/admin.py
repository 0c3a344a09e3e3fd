from django.contrib import admin

from .models import HealthCheckRound, Report, WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker", "beat_at"]
    search_fields = ["worker"]
    readonly_fields = ["worker", "beat_at"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports are records of what was asked for and built; the files are fetched on the
    report pages, where the alliance and the role are checked."""

    list_display = ["kind", "alliance", "requested_by", "status", "created_at", "expires_at"]
    list_filter = ["kind", "status", "alliance"]
    exclude = ["file"]
    readonly_fields = [
        "alliance",
        "requested_by",
        "kind",
        "parameters",
        "status",
        "progress",
        "progress_text",
        "file_name",
        "content_type",
        "size",
        "error",
        "created_at",
        "started_at",
        "finished_at",
        "expires_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(HealthCheckRound)
class HealthCheckRoundAdmin(admin.ModelAdmin):
    """Rounds only: the answers are anonymous and shown on the results page, with its
    threshold, never one by one."""

    list_display = ["title", "alliance", "opened_at", "closes_on", "closed_at"]
    list_filter = ["alliance"]
    readonly_fields = ["opened_by"]

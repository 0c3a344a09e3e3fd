from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be seen and revoked here; their keys are never stored, only a hash, which is
    not shown either."""

    list_display = ["name", "prefix", "user", "alliance", "role", "created_at", "revoked_at"]
    list_filter = ["alliance", "role"]
    search_fields = ["name", "prefix", "user__email"]
    exclude = ["key_hash"]
    readonly_fields = ["user", "alliance", "role", "name", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False

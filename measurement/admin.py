from django.contrib import admin

from .models import DataPoint, Dimension, DimensionValue, Indicator, PeriodLock, Summary, Target


class DimensionValueInline(admin.TabularInline):
    model = DimensionValue
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "alliance", "position"]
    list_filter = ["alliance"]
    search_fields = ["name"]
    inlines = [DimensionValueInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "alliance", "kind", "unit", "aggregation", "is_public"]
    list_filter = ["alliance", "kind", "unit", "aggregation", "frequency", "is_public"]
    search_fields = ["code", "name", "definition", "source"]
    filter_horizontal = ["goals", "focus_areas", "workgroups", "dimensions"]
    inlines = [TargetInline]


@admin.register(DataPoint)
class DataPointAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "organisation", "breakdown", "value", "status"]
    list_filter = ["indicator__alliance", "status", "indicator"]
    search_fields = ["indicator__name", "organisation__name", "comment"]
    raw_id_fields = ["supersedes"]


@admin.register(PeriodLock)
class PeriodLockAdmin(admin.ModelAdmin):
    list_display = ["alliance", "frequency", "period", "locked_at"]
    list_filter = ["alliance", "frequency"]
    search_fields = ["alliance__name"]


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "breakdown", "value", "status", "computed_at"]
    list_filter = ["indicator__alliance", "status"]
    search_fields = ["indicator__name"]

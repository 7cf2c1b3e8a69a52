from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from localoffer.teams.models import ClosureDay, OpeningPeriod, Team


class OpeningPeriodInline(admin.TabularInline):
    model = OpeningPeriod
    extra = 0


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "phone", "hours_source", "display_order"]
    list_filter = ["kind", "hours_source"]
    search_fields = ["name", "phone"]
    inlines = [OpeningPeriodInline]


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]

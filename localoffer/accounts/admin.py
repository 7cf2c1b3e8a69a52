from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from localoffer.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "is_active", "last_login"]
    list_filter = ["role", "team", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Role", {"fields": ("role", "team", "provider", "organisation", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "role", "team", "provider", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from backend.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "role", "is_active", "is_demo", "last_login")
    list_filter = ("role", "is_active", "is_demo")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Mahalleh", {"fields": ("role", "is_demo")}))
    add_fieldsets = (*(BaseUserAdmin.add_fieldsets or ()), ("Mahalleh", {"fields": ("role",)}))

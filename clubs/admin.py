"""The NSO keeps the structure and its welfare officers up to date here; no case content."""

from __future__ import annotations

from django.contrib import admin

from clubs.models import Club, ClubWelfareOfficer, League, Region, RegionalWelfareOfficer

CONTACTS = ("welfare_officer_email", "welfare_officer_phone")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", *CONTACTS)
    search_fields = ("name",)


@admin.register(League)
class LeagueAdmin(admin.ModelAdmin):
    list_display = ("name", "region", *CONTACTS)
    list_filter = ("region",)
    search_fields = ("name",)


@admin.register(Club)
class ClubAdmin(admin.ModelAdmin):
    list_display = ("name", "league", "region", *CONTACTS)
    list_filter = ("region", "league")
    search_fields = ("name",)


@admin.register(ClubWelfareOfficer)
class ClubWelfareOfficerAdmin(admin.ModelAdmin):
    list_display = ("user", "club")
    list_filter = ("club__region",)
    autocomplete_fields = ("club",)


@admin.register(RegionalWelfareOfficer)
class RegionalWelfareOfficerAdmin(admin.ModelAdmin):
    list_display = ("user", "region")

from django.apps import AppConfig


class AdultsConfig(AppConfig):
    name = "adults"
    verbose_name = "Adults subject to an allegation"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from adults import (
            access,
            demo,
            low_level_access,
            low_level_selectors,
            selectors,
            wales_selectors,
        )
        from adults.models import (
            Adult,
            AdultRole,
            DbsPackEvidence,
            DbsPackItem,
            DbsReferralPack,
            LowLevelConcern,
        )
        from ttw_safeguarding.records import access as core_access
        from ttw_safeguarding.records import demo as core_demo
        from ttw_safeguarding.records import pages
        from ttw_safeguarding.records.navigation import NavEntry, register_nav

        # A person's details and roles are maintained, not decided: every change is in the
        # audit log with the acting user and its before and after (the decisions are
        # registered by the record core). The DBS referral pack's rows are written once,
        # each with its audit entry.
        for model in (Adult, AdultRole, DbsReferralPack, DbsPackItem, DbsPackEvidence):
            if not auditlog.contains(model):
                auditlog.register(model)

        core_access.register_page_rules(access.PAGE_RULES)
        register_nav(NavEntry("Adults", "adults:list", 25))
        # Low-level concerns about adults: kept apart from allegations.
        core_access.register_page_rules(low_level_access.PAGE_RULES)
        core_access.register_decision_visibility(
            low_level_access.club_low_level_for_welfare_officer
        )
        register_nav(
            NavEntry("Low-level concerns", "adults:low_level_list", 26),
            NavEntry("Low-level concerns", "adults:low_level_mine", 27),
        )
        pages.register_decision_page_part(
            (LowLevelConcern,), low_level_selectors.low_level_page_context
        )
        pages.register_home_panel(selectors.home_context)
        pages.register_home_panel(wales_selectors.home_context)
        # The Case Management Group: its pages, what its members see, its home panel, and
        # the restrictions it puts in place (a suspension, a final decision).
        from adults import cmg_access, cmg_selectors

        core_access.register_page_rules(cmg_access.PAGE_RULES)
        core_access.register_decision_visibility(cmg_access.group_records_for_member)
        pages.register_home_panel(cmg_selectors.home_context)
        # Alerts: the designated officer's clock (WSP5) and suspensions' reviews.
        from ttw_safeguarding.records.timescales import register_timescale

        register_timescale("designated_officer", wales_selectors.designated_officer_timescale)
        register_timescale("suspension_review", cmg_selectors.suspension_review_timescale)
        selectors.register_restriction_source(cmg_selectors.suspension_restrictions)
        selectors.register_restriction_source(cmg_selectors.final_decision_restrictions)
        # After the cases' demo records, which its demo adult is about.
        core_demo.register_demo_seeder(demo.seed_demo_adults)

        from django.urls import reverse

        from ttw_safeguarding.records.record_kinds import RecordKind, register_record_kind

        register_record_kind(
            RecordKind(
                key="adult",
                label="adult's record",
                for_user=access.adult_for_user,
                visible_to=access.adults_visible_to,
                url=lambda adult: reverse("adults:detail", args=[adult.code]),
                describe=lambda adult: f"Adult {adult.name}",
            )
        )

        # The one search: adults by name (typos too, on PostgreSQL), officers and the NSO.
        from adults import search as adult_search
        from ttw_safeguarding.records.search import SearchSource, register_search_source

        register_search_source(
            SearchSource(
                key="adult",
                label="adults",
                order=25,
                find=adult_search.adults_matching,
                url=lambda adult: reverse("adults:detail", args=[adult.code]),
                describe=adult_search.describe_adult,
                may_search=core_access.can_manage_cases,
            )
        )

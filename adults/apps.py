from django.apps import AppConfig


class AdultsConfig(AppConfig):
    name = "adults"
    verbose_name = "Adults subject to an allegation"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from adults import access, demo, selectors
        from adults.models import Adult, AdultRole
        from ttw_safeguarding.records import access as core_access
        from ttw_safeguarding.records import demo as core_demo
        from ttw_safeguarding.records import pages
        from ttw_safeguarding.records.navigation import NavEntry, register_nav

        # A person's details and roles are maintained, not decided: every change is in the
        # audit log with the acting user and its before and after (the decisions are
        # registered by the record core).
        for model in (Adult, AdultRole):
            if not auditlog.contains(model):
                auditlog.register(model)

        core_access.register_page_rules(access.PAGE_RULES)
        register_nav(NavEntry("Adults", "adults:list", 25))
        pages.register_home_panel(selectors.home_context)
        # The Case Management Group: its pages, what its members see, its home panel, and
        # the restrictions it puts in place (a suspension, a final decision).
        from adults import cmg_access, cmg_selectors

        core_access.register_page_rules(cmg_access.PAGE_RULES)
        core_access.register_decision_visibility(cmg_access.group_records_for_member)
        pages.register_home_panel(cmg_selectors.home_context)
        selectors.register_restriction_source(cmg_selectors.suspension_restrictions)
        selectors.register_restriction_source(cmg_selectors.final_decision_restrictions)
        # After the cases' demo records, which its demo adult is about.
        core_demo.register_demo_seeder(demo.seed_demo_adults)

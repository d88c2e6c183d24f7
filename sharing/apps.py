from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Information sharing"

    def ready(self) -> None:
        from sharing import access, demo, models, selectors
        from sharing.policy import clauses_described
        from sharing.statutory import selectors as statutory_selectors
        from ttw_safeguarding.records import access as core_access
        from ttw_safeguarding.records import demo as core_demo
        from ttw_safeguarding.records import pages
        from ttw_safeguarding.records.navigation import NavEntry, register_nav
        from ttw_safeguarding.records.timescales import register_timescale

        core_access.register_page_rules(access.PAGE_RULES)
        core_access.register_decision_visibility(access.nso_decisions_for_board_lead)
        core_access.register_decision_visibility(access.cases_put_to_cmg_member)
        register_nav(
            NavEntry("Review queue", "sharing:review_queue", 40),
            NavEntry("Statutory records", "sharing:statutory_list", 50),
            NavEntry("Planning register", "sharing:planning_register", 60),
            NavEntry("Cases put to the CMG", "sharing:cmg_list", 70),
            NavEntry("Alerts to clubs", "sharing:alert_sent_list", 72),
            NavEntry("Alerts", "sharing:alerts", 72),
            NavEntry("Statistics", "sharing:statistics", 74),
        )
        pages.register_home_panel(selectors.home_context)
        pages.register_home_panel(statutory_selectors.home_context)
        pages.register_home_panel(selectors.club_alerts_home_context)
        core_demo.register_demo_seeder(demo.seed_demo_club_alert)
        # What a statutory record's decision page adds: its related records and actions.
        pages.register_decision_page_part(
            (
                models.StatutoryAdvice,
                models.PlanningRequest,
                models.DisciplinaryOutcome,
                models.DbsDisclosure,
                models.CmgDecision,
            ),
            statutory_selectors.statutory_page_context,
        )
        # P6.9: a decision's page and written report name the policy clauses it rests on.
        pages.register_clause_describer(clauses_described)
        # Alerts: the written report after a verbal share (P6.9), the review of a share
        # decision, TTW's contribution to a planning request (P6.4).
        register_timescale("written_report", selectors.written_report_timescale)
        register_timescale("review", selectors.review_timescale)
        register_timescale("planning_request", statutory_selectors.planning_request_timescale)

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.urls import reverse

        from cases import access, demo, selectors
        from cases.models import (
            AdultSubjectToAllegation,
            Case,
            CaseNote,
            Child,
            ClubTaskDone,
            Concern,
        )
        from ttw_safeguarding.records import access as core_access
        from ttw_safeguarding.records import demo as core_demo
        from ttw_safeguarding.records import pages
        from ttw_safeguarding.records.navigation import NavEntry, register_actions, register_nav
        from ttw_safeguarding.records.record_kinds import RecordKind, register_record_kind
        from ttw_safeguarding.records.timescales import register_timescale

        # Case-management state changes over time: every change is written to the
        # audit log with the acting user (decisions are registered by the record core).
        for model in (Child, Case, AdultSubjectToAllegation, CaseNote, ClubTaskDone):
            if not auditlog.contains(model):
                auditlog.register(model)

        core_access.register_page_rules(access.PAGE_RULES)
        core_access.register_decision_visibility(access.club_records_for_welfare_officer)
        register_nav(
            NavEntry("Cases", "cases:list", 10),
            NavEntry("Children", "cases:children", 20),
            NavEntry("My submissions", "cases:my_submissions", 30),
        )
        # Any staff member records a concern about a child from whatever page they are on.
        register_actions(NavEntry("Record a concern", "cases:concern_new", 10))
        pages.register_home_panel(selectors.home_context)
        # A concern's decision page shows its triage, or when its triage is due.
        pages.register_decision_page_part((Concern,), selectors.concern_page_context)
        # Every written report of a decision about a case names its child and club.
        pages.register_subject_describer(selectors.subject_for_report)
        # The demo records of every app: cases first, as the others' records are about them.
        core_demo.register_demo_seeder(demo.seed_demo_records)
        register_record_kind(
            RecordKind(
                key="case",
                label="case",
                for_user=access.case_for_user,
                visible_to=access.cases_visible_to,
                url=lambda case: reverse("cases:detail", args=[case.code]),
                describe=lambda case: f"Case {case.reference}",
            )
        )
        # Alerts: a concern due for triage; a threshold case with no referral (P6.2).
        register_timescale("triage", selectors.triage_timescale)
        register_timescale("referral", selectors.referral_timescale)

        # Actions: on a case or on any record an app declares a kind for.
        from cases import action_access, action_selectors
        from cases.models import Action, ActionDone

        for action_model in (Action, ActionDone):
            if not auditlog.contains(action_model):
                auditlog.register(action_model)
        core_access.register_page_rules(action_access.PAGE_RULES)
        register_nav(NavEntry("My actions", "cases:my_actions", 35))
        pages.register_home_panel(action_selectors.home_context)
        pages.register_record_tool(action_selectors.add_action_tool)
        register_timescale("actions", action_selectors.actions_timed)

        # The one search: cases by reference, children by name or reference, officers'
        # notes by their text (concerns are decisions: the core's source finds them).
        from cases import search as case_search
        from ttw_safeguarding.records.search import SearchSource, register_search_source

        register_search_source(
            SearchSource(
                key="case",
                label="cases",
                order=10,
                find=case_search.cases_matching,
                url=lambda case: reverse("cases:detail", args=[case.code]),
                describe=case_search.describe_case,
                may_search=access.can_see_cases,
            )
        )
        register_search_source(
            SearchSource(
                key="child",
                label="children",
                order=15,
                find=case_search.children_matching,
                url=lambda child: reverse("cases:child_detail", args=[child.code]),
                describe=case_search.describe_child,
                may_search=core_access.can_manage_cases,
            )
        )
        register_search_source(
            SearchSource(
                key="note",
                label="case notes",
                order=30,
                find=case_search.notes_matching,
                url=lambda note: reverse("cases:detail", args=[note.case.code]),
                describe=case_search.describe_note,
                may_search=core_access.can_manage_cases,
            )
        )

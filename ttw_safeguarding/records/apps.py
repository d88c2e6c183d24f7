from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "ttw_safeguarding.records"
    # The label the core had before it was a package of its own: table names,
    # permissions, migration history and other apps' migration dependencies use it.
    label = "ttw_safeguarding"
    verbose_name = "Safeguarding records"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_migrate
        from django.urls import reverse

        from ttw_safeguarding.records import access, accounts, pages, search, selectors
        from ttw_safeguarding.records.db import protect_after_migrate
        from ttw_safeguarding.records.models import decision_models
        from ttw_safeguarding.records.record_kinds import RecordKind, register_record_kind

        # Every record table, including ones added by later migrations, refuses change.
        post_migrate.connect(protect_after_migrate, sender=self, dispatch_uid="ttw_protect")
        # Every change to an account's roles or status is audited; accounts are never
        # deleted; every audit entry keeps who acted (SECURITY.md, "Accounts and roles").
        accounts.connect()

        # The NSO's written reports needing attention come first on the home page (P6.9).
        pages.register_home_panel(selectors.home_context)

        # Every decision type writes one audit entry (with the actor) when recorded.
        for model in decision_models().values():
            if not auditlog.contains(model):
                auditlog.register(model)

        # Any decision (a concern, a statutory record) may carry actions and files.
        register_record_kind(
            RecordKind(
                key="decision",
                label="record",
                for_user=access.decision_for_user,
                visible_to=access.decisions_visible_to,
                url=lambda decision: reverse("decisions:detail", args=[decision.code]),
                describe=lambda decision: f"{decision.LABEL} {decision.short_code}",
            )
        )

        # Search: the text of every decision the user may see (concerns, referrals, the
        # statutory records), restricted ones only for the NSO and those named (P6.6).
        search.register_search_source(
            search.SearchSource(
                key="decision",
                label="concerns and decisions",
                order=20,
                find=search.decisions_matching,
                url=lambda decision: reverse("decisions:detail", args=[decision.code]),
                describe=search.describe_decision,
            )
        )

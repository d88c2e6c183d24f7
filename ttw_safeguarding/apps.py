from django.apps import AppConfig


class TtwSafeguardingConfig(AppConfig):
    name = "ttw_safeguarding"
    verbose_name = "Safeguarding records"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_migrate

        from ttw_safeguarding import accounts
        from ttw_safeguarding.db import protect_after_migrate
        from ttw_safeguarding.decisions import decision_models

        # Every record table, including ones added by later migrations, refuses change.
        post_migrate.connect(protect_after_migrate, sender=self, dispatch_uid="ttw_protect")
        # Every change to an account's roles or status is audited; accounts are never
        # deleted; every audit entry keeps who acted (SECURITY.md, "Accounts and roles").
        accounts.connect()

        # Every decision type writes one audit entry (with the actor) when recorded.
        for model in decision_models().values():
            if not auditlog.contains(model):
                auditlog.register(model)

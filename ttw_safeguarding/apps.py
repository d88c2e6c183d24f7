from django.apps import AppConfig


class TtwSafeguardingConfig(AppConfig):
    name = "ttw_safeguarding"
    verbose_name = "Safeguarding records"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ttw_safeguarding.decisions import decision_models

        # Every decision type writes one audit entry (with the actor) when recorded.
        for model in decision_models().values():
            if not auditlog.contains(model):
                auditlog.register(model)

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cases.models import AdultSubjectToAllegation, Case, CaseNote, Child

        # Case-management state changes over time: every change is written to the
        # audit log with the acting user (decisions are registered by ttw_safeguarding).
        for model in (Child, Case, AdultSubjectToAllegation, CaseNote):
            if not auditlog.contains(model):
                auditlog.register(model)

from django.apps import AppConfig


class ClubsConfig(AppConfig):
    name = "clubs"
    verbose_name = "Clubs"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from clubs import demo
        from clubs.models import ClubWelfareOfficer, RegionalWelfareOfficer
        from ttw_safeguarding.records import demo as core_demo

        # Who is a club's or a region's welfare officer decides what they see: every
        # change is in the audit log with who made it.
        for model in (ClubWelfareOfficer, RegionalWelfareOfficer):
            if not auditlog.contains(model):
                auditlog.register(model)
        core_demo.register_demo_seeder(demo.seed_demo_clubs)

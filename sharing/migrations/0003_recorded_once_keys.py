# The follow-ups already on record get their "recorded once" keys, so a second one is refused
# by the same check as a new one. The keys are those of sharing.services and
# sharing.statutory.services (written out here: a migration does not follow later code).

import hashlib

from django.db import migrations


def _organisation_key(name: str) -> str:
    folded = " ".join(name.split()).casefold()
    return hashlib.sha256(folded.encode()).hexdigest()[:32]


def add_keys(apps, schema_editor):
    RecordedOnce = apps.get_model("ttw_safeguarding", "RecordedOnce")
    rows = []
    for model, prefix, target in [
        ("NSOReview", "nso_review", "share_decision_id"),
        ("WrittenReportSent", "written_report_sent", "share_decision_id"),
        ("PlanningContribution", "planning_contribution", "request_id"),
        ("CmgDecision", "cmg_decision", "disclosure_id"),
        ("DbsReferralDuty", "dbs_referral_duty", "removal_id"),
    ]:
        for pk, target_pk in apps.get_model("sharing", model).objects.values_list("pk", target):
            rows.append(RecordedOnce(key=f"{prefix}:{target_pk}", decision_id=pk))
    confirmations = apps.get_model("sharing", "AdviceConfirmation").objects
    for pk, advice_id, organisation in confirmations.values_list("pk", "advice_id", "organisation"):
        key = f"advice_confirmation:{advice_id}:{_organisation_key(organisation)}"
        rows.append(RecordedOnce(key=key, decision_id=pk))
    RecordedOnce.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0002_statutory_records"),
        ("ttw_safeguarding", "0008_recorded_once"),
    ]

    operations = [migrations.RunPython(add_keys, migrations.RunPython.noop)]

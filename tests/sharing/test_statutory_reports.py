"""The written report of a statutory record (P6.9) labels each field as its form does: both
take the label from the model, so the officer reads the same words on the page and the PDF.

Personas (tests/conftest.py): Nadia (NSO) records a restricted disciplinary outcome.
"""

from __future__ import annotations

import pytest

from tests.conftest import pdf_text
from tests.sharing.statutory_fixtures import *  # noqa: F403 (fixtures)
from ttw_safeguarding.records.models import WrittenReport

pytestmark = pytest.mark.django_db


def test_the_disciplinary_report_uses_the_forms_labels(adult, nso, record_disciplinary):
    outcome = record_disciplinary(adult, nso, removed_from_work_with_children=True)
    report = WrittenReport.objects.get(decision=outcome)
    assert report.state == WrittenReport.State.READY, report.last_error
    text = " ".join(pdf_text(report.pdf.open("rb").read()).split())
    # The labels before were "Investigation concluded", "Findings" and "Because of harm":
    # the form's own words say what was asked.
    for label, value in [
        ("Investigation concluded on", ""),
        ("Findings of the investigation", "Secret finding: gross misconduct"),
        ("Outcome", "Dismissed"),
        ("Removed from work with children", "Yes"),
        ("Because they harmed, or posed a risk of harm to, a child", "No"),
    ]:
        assert f"{label} {value}".strip() in text, label

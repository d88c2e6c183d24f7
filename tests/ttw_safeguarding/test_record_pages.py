"""A record page declared once (``records.record_pages``): the page rule, the record
it is about, the form, the service, a message, a redirect, and the one-time key.

Personas (tests/conftest.py): Olivia (officer) may record court directions, the page rule the
declared page uses; Sam (staff) may not.
"""

from __future__ import annotations

import uuid

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from sharing.models import CourtDirection
from tests.sharing.statutory_fixtures import *  # noqa: F403 (fixtures)
from tests.ttw_safeguarding import record_page_urls
from ttw_safeguarding.records.record_pages import RecordPage

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ttw_safeguarding.record_page_urls")]


def _url(adult) -> str:
    return reverse("declared_record", args=[adult.code])


def _post(client, adult, **data):
    data = {"submission_key": str(uuid.uuid4()), "reason": "Directed by the court.", **data}
    return client.post(_url(adult), data)


def test_get_renders_the_declared_page(client_for, officer, adult):
    response = client_for(officer).get(_url(adult))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Record a declared direction" in html
    assert html.count("<h1") == 1
    assert "An introduction to the declared page." in html
    assert adult.name in html
    assert 'name="submission_key"' in html


def test_the_page_rule_and_the_record_apply(client_for, staff, officer, adult):
    assert client_for(staff).get(_url(adult)).status_code == 403
    missing = reverse("declared_record", args=[uuid.uuid4()])
    assert client_for(officer).get(missing).status_code == 404


def test_a_bad_post_shows_each_error_once_and_records_nothing(client_for, officer, adult):
    client = client_for(officer)
    response = _post(client, adult, court="")
    assert response.status_code == 200
    assert response.context["form"].errors == {"court": ["This field is required."]}
    response = _post(client, adult, court="Refused by the form")
    assert response.context["form"].errors == {"court": [record_page_urls.REFUSED_BY_FORM]}
    assert not CourtDirection.objects.exists()


def test_a_refusal_by_the_service_lands_on_its_field(client_for, officer, adult):
    response = _post(client_for(officer), adult, court="Refused by the service")
    assert response.status_code == 200
    assert response.context["form"].errors == {"court": [record_page_urls.REFUSED_BY_SERVICE]}
    assert (
        response.content.decode().count(record_page_urls.REFUSED_BY_SERVICE) == 2
    )  # summary, field
    assert not CourtDirection.objects.exists()


def test_a_good_post_records_once_and_redirects(client_for, officer, adult):
    client = client_for(officer)
    key = str(uuid.uuid4())
    data = {"court": "Cardiff Crown Court", "note": "Not for the service.", "submission_key": key}
    response = _post(client, adult, **data)
    direction = CourtDirection.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("decisions:detail", args=[direction.code])
    assert direction.court == "Cardiff Crown Court"
    assert direction.adult == adult and direction.recorded_by == officer
    assert "The declared direction is recorded." in [
        m.message for m in get_messages(response.wsgi_request)
    ]
    again = _post(client, adult, **data)
    assert again.status_code == 302
    assert CourtDirection.objects.count() == 1
    assert any("already recorded" in m.message for m in get_messages(again.wsgi_request))


def test_a_service_that_does_not_take_the_record_is_refused_at_declaration():
    with pytest.raises(ImproperlyConfigured, match="advice"):
        RecordPage(
            url_name="sharing:court_direction_new",
            subject=lambda user, code: None,
            subject_arg="advice",
            form=record_page_urls.CourtForm,
            service=record_page_urls.record,
            title="Wrong",
            success="Never.",
        )


def test_a_field_is_named_once_for_the_form_and_the_written_report():
    from django.contrib.auth import get_user_model

    from sharing.models import DisciplinaryOutcome
    from sharing.statutory.forms import DisciplinaryOutcomeForm

    form = DisciplinaryOutcomeForm(candidates=get_user_model().objects.none())
    outcome = DisciplinaryOutcome(
        findings="Found.",
        sanction=DisciplinaryOutcome.Sanction.WARNING,
        removed_from_work_with_children=True,
        need_to_know_names=["Nadia", "Olivia"],
    )
    rows = dict(outcome.report_rows("findings", "sanction", "removed_from_work_with_children"))
    assert rows == {
        form.fields["findings"].label: "Found.",
        form.fields["sanction"].label: "Written warning",
        form.fields["removed_from_work_with_children"].label: "Yes",
    }
    assert outcome.field_row("need_to_know_names") == ("Named as needing to know", "Nadia, Olivia")
    assert outcome.report_rows(("About", "Alan")) == [("About", "Alan")]

"""The DBS referral pack (SVGA35): a checklist of what the DBS asks for, the evidence list,
the person's dated chronology, the pack marked sent (its written report is the pack), and
the DBS's reference and outcome.

Personas: Olivia (officer) and Nadia (NSO) work on packs; Oscar (officer2) is not named on
the restricted disciplinary outcome; Ceri (cwo, Bangor) is answered 404 on every pack page,
as for a pack that does not exist; Sam (staff) is refused (403).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from adults import dbs_referral_selectors as selectors
from adults import dbs_referral_services as services
from adults.models import (
    Adult,
    DbsPackEvidence,
    DbsPackItem,
    DbsReferralOutcome,
    DbsReferralPack,
    DbsReferralSent,
)
from cases import services as case_services
from cases.models import Case
from cases.services import reference_next
from sharing import policy
from sharing.statutory import services as statutory
from tests.conftest import pdf_text
from ttw_safeguarding.records.access import decisions_visible_to
from ttw_safeguarding.records.decisions import verify_chain
from ttw_safeguarding.records.models import WrittenReport

pytestmark = pytest.mark.django_db

LABELS = dict(policy.DBS_PACK_ITEMS)


def _key(page: Any) -> str:
    return page.content.decode().split('name="submission_key" value="')[1][:36]


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    """Post ``body`` with the one-time key of the form as shown."""
    return client.post(url, {**body, "submission_key": _key(client.get(url))})


@pytest.fixture
def person(officer, case) -> Adult:
    line = case_services.adult_add(
        actor=officer, case=case, name="Pat Coach", role_in_ttw="volunteer"
    )
    assert line.person is not None
    return line.person


@pytest.fixture
def pack(officer, person) -> DbsReferralPack:
    return services.dbs_pack_start(actor=officer, adult=person)


def _account_for_all(pack: DbsReferralPack, actor: Any, *, but: str = "") -> None:
    for item, _label in policy.DBS_PACK_ITEMS:
        if item == but:
            continue
        if item == "witness_statements":
            services.dbs_pack_item_record(
                actor=actor,
                pack=pack,
                item=item,
                is_present=False,
                not_available_because="Nobody else saw it.",
            )
        else:
            services.dbs_pack_item_record(
                actor=actor, pack=pack, item=item, is_present=True, where=f"Case file, {item}"
            )


# --- sending: refused while an item is missing ------------------------------------------


def test_sending_is_refused_while_an_item_is_missing_and_the_form_names_it(
    client_for, officer, pack
):
    _account_for_all(pack, officer, but="training")
    olivia = client_for(officer)
    url = reverse("adults:dbs_pack_send", args=[pack.code])

    page = _post(olivia, url, {"referred_on": timezone.localdate().isoformat()})

    html = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in html
    assert escape(policy.DBS_PACK_ITEM_MISSING.format(label=LABELS["training"])) in html
    assert not DbsReferralSent.objects.exists()
    # The pack page says what is left before it can be sent.
    pack_page = olivia.get(reverse("adults:dbs_pack", args=[pack.code])).content.decode()
    assert "Not ready to send" in pack_page and LABELS["training"] in pack_page


def test_an_item_not_available_without_the_reason_is_refused(client_for, officer, pack):
    olivia = client_for(officer)
    url = reverse("adults:dbs_pack_item", args=[pack.code])

    page = _post(olivia, url, {"item": "training", "state": "not_available"})

    assert page.status_code == 200
    assert (
        escape(policy.DBS_PACK_ITEM_WHY_NOT_REQUIRED.format(label=LABELS["training"]))
        in page.content.decode()
    )
    assert not DbsPackItem.objects.exists()
    with pytest.raises(ValidationError):
        services.dbs_pack_item_record(
            actor=officer, pack=pack, item="training", is_present=False, not_available_because=" "
        )
    with pytest.raises(ValidationError):
        services.dbs_pack_item_record(actor=officer, pack=pack, item="horoscope", is_present=True)
    assert not DbsPackItem.objects.exists()


def test_an_item_in_the_pack_says_where_it_is(client_for, officer, pack):
    page = _post(
        client_for(officer),
        reverse("adults:dbs_pack_item", args=[pack.code]),
        {"item": "training", "state": "present"},
    )
    assert page.status_code == 200
    assert escape(services.WHERE_REQUIRED) in page.content.decode()
    assert not DbsPackItem.objects.exists()


def test_the_latest_entry_of_an_item_counts_and_every_entry_is_kept(officer, nso, pack):
    services.dbs_pack_item_record(
        actor=officer,
        pack=pack,
        item="training",
        is_present=False,
        not_available_because="Not found yet.",
    )
    services.dbs_pack_item_record(
        actor=nso, pack=pack, item="training", is_present=True, where="Coaching file"
    )

    line = next(line for line in selectors.checklist(pack) if line.item == "training")
    assert line.row is not None and line.row.is_present and line.row.where == "Coaching file"
    assert DbsPackItem.objects.filter(pack=pack, item="training").count() == 2


def test_sending_is_allowed_when_each_item_is_present_or_not_available_with_the_reason(
    client_for, officer, pack, django_capture_on_commit_callbacks
):
    _account_for_all(pack, officer)
    olivia = client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        page = _post(
            olivia,
            reverse("adults:dbs_pack_send", args=[pack.code]),
            {"referred_on": timezone.localdate().isoformat(), "facts": "Sent by the portal."},
        )

    assert page.status_code == 302
    sent = DbsReferralSent.objects.get()
    assert sent.pack == pack and sent.clauses == ["SVGA35", "P6.11"]
    assert [row["item"] for row in sent.checklist] == [key for key, _ in policy.DBS_PACK_ITEMS]
    html = olivia.get(reverse("adults:dbs_pack", args=[pack.code])).content.decode()
    assert "Sent to the DBS on" in html
    assert reverse("decisions:report", args=[sent.code]) in html
    # What was sent stays as sent: no item, no evidence is added after.
    with pytest.raises(ValidationError):
        services.dbs_pack_evidence_add(actor=officer, pack=pack, what="Late", held_at="File")
    with pytest.raises(ValidationError):
        services.dbs_pack_item_record(
            actor=officer, pack=pack, item="training", is_present=True, where="Elsewhere"
        )
    # A second send of the pack is refused with who sent it.
    with pytest.raises(ValidationError):
        services.dbs_referral_send(actor=officer, pack=pack, referred_on=timezone.localdate())
    assert DbsReferralSent.objects.count() == 1


# --- the pack as sent: its written report --------------------------------------------------


def test_the_pdf_has_the_chronology_in_date_order_and_the_evidence_list(
    client_for, officer, person, case, staff, django_capture_on_commit_callbacks
):
    # An older case of the same person, added after the first: the chronology is by date.
    older = Case.objects.create(
        reference=reference_next(prefix="CASE"),
        child=case.child,
        owner=officer,
        opened_by=officer,
        opened_at=timezone.now() - dt.timedelta(days=400),
    )
    case_services.adult_add(
        actor=officer, case=older, person=person, name="Pat Coach", role_in_ttw="volunteer"
    )
    with django_capture_on_commit_callbacks(execute=True):
        statutory.statutory_advice_record(
            adult=person.allegations.get(case=case),
            actor=officer,
            agency="lado",
            adviser="The LADO",
            advised_on=timezone.localdate(),
            question="Tell the club?",
            advice="Yes.",
            organisations=[{"name": "Bangor TTC", "told_by": "ttw"}],
            reason="P6.3",
        )
    pack = services.dbs_pack_start(actor=officer, adult=person)
    _account_for_all(pack, officer)
    services.dbs_pack_evidence_add(
        actor=officer,
        pack=pack,
        what="Statement of the head coach",
        dated=timezone.localdate() - dt.timedelta(days=3),
        held_at="Case file, tab 4",
    )
    services.dbs_pack_evidence_add(
        actor=officer, pack=pack, what="Photographs of the messages", held_at="Evidence safe"
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.dbs_referral_send(
            actor=officer, pack=pack, referred_on=timezone.localdate()
        )

    report = WrittenReport.objects.get(decision=sent)
    assert report.state == WrittenReport.State.READY
    response = client_for(officer).get(reverse("decisions:report", args=[sent.code]))
    text = " ".join(pdf_text(b"".join(response.streaming_content)).split())

    assert "DBS referral pack: Pat Coach" in text
    # The chronology: the older case first, then the newer case, then the advice.
    older_at = text.index(older.reference)
    newer_at = text.index(case.reference, older_at)
    assert older_at < newer_at < text.index("Statutory advice on an allegation")
    assert [entry["case_reference"] for entry in sent.chronology][:2] == [
        older.reference,
        case.reference,
    ]
    assert [entry["at"] for entry in sent.chronology] == sorted(
        entry["at"] for entry in sent.chronology
    )
    # The evidence list, and the checklist with where each item is or why not.
    assert "Statement of the head coach" in text and "Case file, tab 4" in text
    assert "Photographs of the messages" in text and "Evidence safe" in text
    assert "Not available: Nobody else saw it." in text
    assert LABELS["victim_account"] in text
    # What was sent is hashed with the record: the chain, read back, still verifies.
    assert verify_chain() >= 2


# --- the DBS's answer ---------------------------------------------------------------------


def test_the_outcome_requires_a_reference(
    client_for, officer, pack, django_capture_on_commit_callbacks
):
    olivia = client_for(officer)
    url = reverse("adults:dbs_pack_outcome", args=[pack.code])
    today = timezone.localdate().isoformat()
    answer = {"outcome_on": today, "dbs_outcome": "Barred from work with children."}

    # Not sent yet: there is nothing to answer.
    page = _post(olivia, url, {**answer, "dbs_reference": "DBS-1"})
    assert escape(policy.DBS_OUTCOME_WITHOUT_REFERRAL) in page.content.decode()

    _account_for_all(pack, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.dbs_referral_send(actor=officer, pack=pack, referred_on=timezone.localdate())
    page = _post(olivia, url, answer)
    assert page.status_code == 200
    assert escape(policy.DBS_REFERENCE_REQUIRED) in page.content.decode()
    assert not DbsReferralOutcome.objects.exists()
    with pytest.raises(ValidationError):
        services.dbs_referral_outcome_record(
            actor=officer, pack=pack, dbs_reference=" ", dbs_outcome="Barred.", outcome_on=None
        )

    with django_capture_on_commit_callbacks(execute=True):
        page = _post(olivia, url, {**answer, "dbs_reference": "DBS-00042"})
    assert page.status_code == 302
    outcome = DbsReferralOutcome.objects.get()
    assert outcome.dbs_reference == "DBS-00042" and outcome.sent.pack == pack
    html = olivia.get(reverse("adults:dbs_pack", args=[pack.code])).content.decode()
    assert "DBS-00042" in html and "Barred from work with children." in html


def test_an_outcome_dated_before_the_referral_is_refused(officer, pack):
    _account_for_all(pack, officer)
    services.dbs_referral_send(actor=officer, pack=pack, referred_on=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        services.dbs_referral_outcome_record(
            actor=officer,
            pack=pack,
            dbs_reference="DBS-1",
            dbs_outcome="Barred.",
            outcome_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert policy.DBS_OUTCOME_BEFORE_REFERRAL in str(refused.value)


# --- the duty to refer, and a restricted record ---------------------------------------------


def test_a_pack_answering_a_restricted_duty_is_sent_restricted_to_the_same_people(
    client_for, nso, officer, officer2, person, django_capture_on_commit_callbacks
):
    line = person.allegations.get()
    with django_capture_on_commit_callbacks(execute=True):
        removal = statutory.disciplinary_outcome_record(
            adult=line,
            actor=nso,
            concluded_on=timezone.localdate(),
            findings="Found to have harmed a child.",
            sanction="dismissed",
            removed_from_work_with_children=True,
            because_of_harm=True,
            need_to_know=[officer],
            reason="P6.6",
        )
        duty = statutory.dbs_referral_duty_record(
            removal=removal, actor=nso, referral_made=False, referred_on=None, reason="To refer."
        )
    # Olivia is named on the outcome, so she sees the duty and may link the pack to it.
    assert list(selectors.duties_of(user=officer, adult=person)) == [duty]
    assert list(selectors.duties_of(user=officer2, adult=person)) == []
    page = _post(
        client_for(officer),
        reverse("adults:dbs_pack_start", args=[person.code]),
        {"duty": str(duty.code)},
    )
    assert page.status_code == 302
    pack = DbsReferralPack.objects.get()
    assert pack.duty == duty
    # Oscar cannot link a duty he may not see.
    with pytest.raises(ValidationError):
        services.dbs_pack_start(actor=officer2, adult=person, duty=duty)

    _account_for_all(pack, officer)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.dbs_referral_send(
            actor=officer, pack=pack, referred_on=timezone.localdate()
        )

    assert sent.is_restricted
    assert decisions_visible_to(officer).filter(pk=sent.pk).exists()
    assert not decisions_visible_to(officer2).filter(pk=sent.pk).exists()
    oscar_page = client_for(officer2).get(reverse("adults:dbs_pack", args=[pack.code]))
    html = oscar_page.content.decode()
    assert "the record is restricted" in html
    assert str(sent.code) not in html and str(duty.code) not in html


# --- access ---------------------------------------------------------------------------------


def test_a_welfare_officer_is_answered_404_and_staff_are_refused(client_for, cwo, staff, nso, pack):
    for name in (
        "dbs_pack",
        "dbs_pack_item",
        "dbs_pack_evidence",
        "dbs_pack_send",
        "dbs_pack_outcome",
    ):
        url = reverse(f"adults:{name}", args=[pack.code])
        assert client_for(cwo).get(url).status_code == 404, name
        assert client_for(staff).get(url).status_code == 403, name
        assert client_for(nso).get(url).status_code == 200, name
    start = reverse("adults:dbs_pack_start", args=[pack.adult.code])
    assert client_for(cwo).get(start).status_code == 404
    assert client_for(staff).get(start).status_code == 403


def test_the_adult_page_lists_the_packs(client_for, officer, person, pack):
    html = client_for(officer).get(reverse("adults:detail", args=[person.code])).content.decode()
    assert reverse("adults:dbs_pack", args=[pack.code]) in html
    assert reverse("adults:dbs_pack_start", args=[person.code]) in html


# --- the pack page costs the same with few and many rows ---------------------------------------


def _pack_page_queries(client: Any, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_pack_page_makes_as_many_queries_with_many_entries_as_with_few(
    client_for, officer, nso, pack
):
    olivia = client_for(officer)
    url = reverse("adults:dbs_pack", args=[pack.code])
    for item, _label in policy.DBS_PACK_ITEMS[:2]:
        services.dbs_pack_item_record(
            actor=officer, pack=pack, item=item, is_present=True, where="F"
        )
    services.dbs_pack_evidence_add(actor=officer, pack=pack, what="One", held_at="File")
    few = _pack_page_queries(olivia, url)

    for round_ in range(3):
        for item, _label in policy.DBS_PACK_ITEMS:
            services.dbs_pack_item_record(
                actor=nso if round_ % 2 else officer,
                pack=pack,
                item=item,
                is_present=True,
                where=f"File {round_}",
            )
    for n in range(30):
        services.dbs_pack_evidence_add(actor=nso, pack=pack, what=f"Item {n}", held_at="File")
    many = _pack_page_queries(olivia, url)

    assert many == few
    assert DbsPackEvidence.objects.filter(pack=pack).count() == 31


def test_a_double_submit_records_an_item_once_and_a_pack_sent_once(
    client_for, officer, pack, django_capture_on_commit_callbacks
):
    olivia = client_for(officer)
    url = reverse("adults:dbs_pack_item", args=[pack.code])
    body = {
        "item": "training",
        "state": "present",
        "where": "Coaching file",
        "submission_key": _key(olivia.get(url)),
    }
    assert olivia.post(url, body).status_code == 302
    assert olivia.post(url, body).status_code == 302
    assert DbsPackItem.objects.filter(pack=pack).count() == 1

    _account_for_all(pack, officer)
    send = reverse("adults:dbs_pack_send", args=[pack.code])
    body = {
        "referred_on": timezone.localdate().isoformat(),
        "submission_key": _key(olivia.get(send)),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert olivia.post(send, body).status_code == 302
        again = olivia.post(send, body, follow=True)
    assert "it was not recorded again" in again.content.decode()
    assert DbsReferralSent.objects.count() == 1

"""The one search across the records (``ttw_safeguarding.records.search``).

Olivia (officer) and Nadia (NSO) find every case, child, adult, concern, decision and note
by their text. Ceri (Bangor's welfare officer) finds her club's concerns and cases; Dylan
(Cardiff's) and Sam (staff) find nothing of Bangor's, not even that something matched: no
result, count or snippet. A restricted record (P6.6) is found by Nadia and by Oscar, whom it
names, never by Olivia; its text stays on its page. Markup typed into a record comes back
escaped; only the highlight is markup.
"""

from __future__ import annotations

import datetime as dt
import html as html_text
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adults.models import Adult
from cases import services
from cases.models import Case, Child, Referral
from ttw_safeguarding.records import search
from ttw_safeguarding.records.decisions import decision_record

pytestmark = pytest.mark.django_db

# Words no other record in these tests holds.
CLUB_WORD = "trampoline"
RESTRICTED_WORD = "wheelbarrow"
MARKUP = "<script>alert('xylophone')</script><b>xylophone</b>"


def _search(client: Client, q: str) -> str:
    response = client.get(reverse("search:results"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def _results(page: str) -> str:
    """The results section of the page (the query itself is echoed above it)."""
    start = page.find('id="results-heading"')
    assert start != -1, "no results section"
    return page[start:]


def _record_concern(actor: Any, child: Child, facts: str, club: Any = None) -> Any:
    return services.concern_record(
        actor=actor,
        child=child,
        club=club,
        occurred_at=timezone.now() - dt.timedelta(hours=2),
        facts=facts,
        professional_opinion="The child seemed upset.",
        categories=["emotional"],
        is_urgent=False,
    )


@pytest.fixture
def club_concern(cwo, child):
    """Recorded by Ceri for Bangor: officers, the NSO, Ceri and Rhian (the north) see it."""
    return _record_concern(
        cwo,
        child,
        f"The child said the coach shouted at them beside the {CLUB_WORD} after training.",
        club=cwo.welfare_clubs.get().club,
    )


@pytest.fixture
def restricted_referral(case, nso, officer2):
    """Recorded by Nadia, restricted and naming Oscar (officer2): P6.6."""
    return decision_record(
        Referral(
            case=case,
            outcome="Referred to the designated officer",
            facts=f"A volunteer was seen with the {RESTRICTED_WORD} near the children.",
            professional_opinion="A disciplinary matter.",
            reason="Need to know only.",
            agency="lado",
            agency_contact="Duty officer",
            referred_at=timezone.now(),
            method="phone",
            information_shared="The concern as recorded.",
        ),
        actor=nso,
        need_to_know=[officer2],
    )


# --- who finds what ------------------------------------------------------------------


def test_an_officer_finds_a_word_in_a_concerns_facts(club_concern, officer, client_for):
    page = _results(_search(client_for(officer), CLUB_WORD))
    assert reverse("decisions:detail", args=[club_concern.code]) in page
    assert f"<mark>{CLUB_WORD}</mark>" in page.lower()
    assert "1 record found" in page


def test_the_clubs_welfare_officer_finds_it_too(club_concern, cwo, rwo, client_for):
    for user in (cwo, rwo):
        page = _results(_search(client_for(user), CLUB_WORD))
        assert reverse("decisions:detail", args=[club_concern.code]) in page


def test_another_clubs_welfare_officer_and_staff_find_nothing(
    club_concern, cwo2, rwo2, staff, client_for
):
    for user in (cwo2, rwo2, staff):
        page = _results(_search(client_for(user), CLUB_WORD))
        # No result, no count, no snippet: the page is the one for a word nobody wrote.
        assert "Nothing found" in page
        assert str(club_concern.code) not in page
        assert "<mark>" not in page
        assert "shouted" not in page
        assert 'class="badge' not in page


def test_what_a_source_returns_is_only_what_its_access_function_allows(club_concern, cwo2, staff):
    for user in (cwo2, staff):
        results = search.search_for(user, CLUB_WORD)
        assert all(result.count == 0 and not result.hits for result in results)


def test_a_restricted_record_is_found_by_the_nso_and_who_it_names_only(
    restricted_referral, nso, officer, officer2, client_for
):
    url = reverse("decisions:detail", args=[restricted_referral.code])
    for user in (nso, officer2):
        page = _results(_search(client_for(user), RESTRICTED_WORD))
        assert url in page
        # P6.6: the text is read on the record's page, where the reason is asked.
        assert "volunteer was seen" not in page
        assert html_text.escape(search.RESTRICTED_SNIPPET) in page
    page = _results(_search(client_for(officer), RESTRICTED_WORD))
    assert "Nothing found" in page
    assert url not in page
    assert 'class="badge' not in page


def test_the_snippet_escapes_markup_typed_into_a_record(officer, child, client_for):
    _record_concern(officer, child, f"Before the session {MARKUP} after the session.")
    page = _results(_search(client_for(officer), "xylophone"))
    assert "<script>" not in page
    assert "<b>xylophone" not in page
    # SQLite's snippet shows the markup as text; PostgreSQL's headline leaves tags out.
    if connection.vendor != "postgresql":
        assert "&lt;script&gt;" in page
    assert "<mark>xylophone</mark>" in page.lower()


def test_markup_in_the_query_is_escaped(officer, client_for):
    page = _search(client_for(officer), "<script>alert(1)</script>")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


@pytest.mark.parametrize("q", ["\x00", "a\x00b", "x" * 5000, "   ", '"', "-", "!&|():*"])
def test_odd_queries_get_an_answer_never_a_500(q, officer, client_for):
    response = client_for(officer).get(reverse("search:results"), {"q": q})
    assert response.status_code == 200


def test_a_query_that_is_too_long_or_has_a_nul_is_refused_on_the_form(officer, client_for):
    for q in ("x" * 201, "a\x00b"):
        page = client_for(officer).get(reverse("search:results"), {"q": q}).content.decode()
        assert "There is a problem" in page


def test_a_case_is_found_by_its_reference(case, officer, cwo2, client_for):
    page = _results(_search(client_for(officer), case.reference))
    assert reverse("cases:detail", args=[case.code]) in page
    # And by a part of it, as people quote references.
    number = case.reference.rsplit("-", 1)[-1]
    page = _results(_search(client_for(officer), number))
    assert reverse("cases:detail", args=[case.code]) in page
    page = _results(_search(client_for(cwo2), case.reference))
    assert "Nothing found" in page


def test_a_child_is_found_by_name_and_reference_by_officers_only(child, officer, cwo, client_for):
    for q in (child.reference, "Test Child", "child"):
        page = _results(_search(client_for(officer), q))
        assert reverse("cases:child_detail", args=[child.code]) in page, q
    page = _results(_search(client_for(cwo), child.reference))
    assert reverse("cases:child_detail", args=[child.code]) not in page


def test_an_officers_note_is_found_by_its_text(case, officer, cwo, client_for):
    services.case_note_add(actor=officer, case=case, text="Spoke to the headteacher on Monday.")
    page = _results(_search(client_for(officer), "headteacher"))
    assert reverse("cases:detail", args=[case.code]) in page
    assert "<mark>headteacher</mark>" in page.lower()
    assert "Nothing found" in _results(_search(client_for(cwo), "headteacher"))


def test_an_adult_is_found_by_name_by_officers_only(officer, cwo, client_for):
    adult = Adult.objects.create(name="Gareth Pritchard", created_by=officer)
    page = _results(_search(client_for(officer), "Pritchard"))
    assert reverse("adults:detail", args=[adult.code]) in page
    page = _results(_search(client_for(cwo), "Pritchard"))
    assert reverse("adults:detail", args=[adult.code]) not in page


def test_words_stemmed_and_ranked_on_postgresql_found_by_every_word_on_sqlite(
    officer, child, client_for
):
    _record_concern(officer, child, "The coach was shouting at the juniors during the match.")
    _record_concern(officer, child, "A parent was shouting in the car park.")
    found = search.decisions_matching(officer, "shouting juniors")
    assert len(found) == 1
    if connection.vendor == "postgresql":
        # Stemmed: "shouted" finds "shouting".
        assert search.decisions_matching(officer, "shouted").count() == 2


def test_a_child_is_found_with_a_typo_on_postgresql(officer, staff, client_for):
    if connection.vendor != "postgresql":
        pytest.skip("trigram similarity (pg_trgm) is PostgreSQL's; SQLite finds parts of names")
    child = Child.objects.create(
        name="Bethany Llewellyn", reference=services.reference_next(prefix="C"), created_by=staff
    )
    for q in ("Bethany Lewelyn", "Betany Llewellyn", "Llewelyn"):
        page = _results(_search(client_for(officer), q))
        assert reverse("cases:child_detail", args=[child.code]) in page, q


def test_the_search_box_is_in_the_header_for_those_who_may_search(officer, norole, client_for):
    assert 'id="header-search"' in client_for(officer).get(reverse("home")).content.decode()
    assert 'id="header-search"' not in client_for(norole).get(reverse("home")).content.decode()


def test_python_snippet_marks_words_and_escapes_the_rest():
    snippet = search.python_snippet("A <b>bold</b> claim about the Trampoline.", "trampoline")
    assert snippet == "A &lt;b&gt;bold&lt;/b&gt; claim about the <mark>Trampoline</mark>."


def test_a_headline_cannot_forge_a_highlight():
    forged = "<mark>evil</mark> and ttwhl<script>"
    assert "<mark>evil" not in search.safe_headline(forged)
    assert "&lt;script&gt;" in search.safe_headline(forged)


# --- queries: as many with 500 matching records as with 5 -----------------------------


def _queries(client: Client, q: str) -> list[str]:
    client.get(reverse("search:results"), {"q": q})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("search:results"), {"q": q})
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _grow(officer: Any, child: Child, case: Case, start: int, to: int) -> None:
    for n in range(start, to):
        _record_concern(officer, child, f"Number {n}: the child was shouting near the pool.")
        services.case_note_add(actor=officer, case=case, text=f"Note {n}: shouting at the pool.")
        Case.objects.create(
            reference=services.reference_next(prefix="CASE"),
            child=child,
            owner=officer,
            opened_by=officer,
        )


def test_the_search_makes_as_many_queries_with_500_records_as_with_5(
    officer, child, case, client_for
):
    client = client_for(officer)
    _grow(officer, child, case, 0, 5)
    few_word, few_reference = _queries(client, "shouting pool"), _queries(client, "CASE")
    _grow(officer, child, case, 5, 500)
    many_word, many_reference = _queries(client, "shouting pool"), _queries(client, "CASE")
    assert len(many_word) == len(few_word), re.sub(r"\s+", " ", "\n".join(many_word))[:3000]
    assert len(many_reference) == len(few_reference)
    page = _results(_search(client, "shouting pool"))
    assert "Showing the best 10 of 500" in page


def test_counting_the_matches_neither_ranks_nor_cuts_snippets(officer, child, case, client_for):
    # A count that drew a headline for each of up to 1,000 matches cost more than the page.
    _grow(officer, child, case, 0, 3)
    counts = [
        sql
        for sql in _queries(client_for(officer), "shouting pool")
        if sql.lstrip().upper().startswith("SELECT COUNT(")
    ]
    assert counts, "each source is counted"
    for sql in counts:
        assert "ts_headline" not in sql and "ts_rank" not in sql, sql[:500]


# --- likely duplicates on a child's page -----------------------------------------------


def _child(name: str, born: dt.date | None, by: Any) -> Child:
    return Child.objects.create(
        name=name, date_of_birth=born, reference=services.reference_next(prefix="C"), created_by=by
    )


def test_a_childs_page_offers_children_born_the_same_day_with_a_similar_name(
    officer, staff, client_for
):
    born = dt.date(2014, 5, 6)
    kept = _child("Megan Pritchard", born, staff)
    same = _child("Megan Prichard", born, staff)
    other_day = _child("Megan Pritchard", dt.date(2014, 5, 7), staff)
    other_name = _child("Tomos Evans", born, staff)
    page = client_for(officer).get(reverse("cases:child_detail", args=[kept.code]))
    html = page.content.decode()
    assert "Possibly the same child" in html
    assert reverse("cases:child_detail", args=[same.code]) in html
    assert reverse("cases:child_detail", args=[other_day.code]) not in html
    assert reverse("cases:child_detail", args=[other_name.code]) not in html
    # Nobody else sees the child's page at all (whether TTW knows a child is confidential).
    assert client_for(staff).get(reverse("cases:child_detail", args=[kept.code])).status_code == 403


def test_a_child_without_a_date_of_birth_is_offered_no_duplicates(officer, staff, client_for):
    alone = _child("Megan Pritchard", None, staff)
    _child("Megan Pritchard", None, staff)
    html = client_for(officer).get(reverse("cases:child_detail", args=[alone.code])).content
    assert b"Possibly the same child" not in html

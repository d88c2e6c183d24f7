"""The referral goes to the authority where it happened (Wales Safeguarding Procedures, C2)."""

from __future__ import annotations

from sharing import policy


def test_the_area_where_the_concern_happened_is_offered_first():
    assert policy.referral_authorities(where_concerns_happened=["gwynedd"]) == ["gwynedd"]


def test_the_latest_concerns_area_comes_first_and_each_area_once():
    offered = policy.referral_authorities(
        where_concerns_happened=["cardiff", "gwynedd", "cardiff", None, "newport"]
    )
    assert offered == ["cardiff", "gwynedd", "newport"]


def test_concerns_recorded_before_the_area_was_asked_offer_nothing_first():
    assert policy.referral_authorities(where_concerns_happened=[None, None]) == []
    assert policy.referral_authorities(where_concerns_happened=[]) == []


def test_the_messages_say_why():
    assert "Wales Safeguarding Procedures" in policy.CONCERN_AREA_REQUIRED
    first = policy.REFERRAL_AUTHORITY_FIRST.format(authority="Gwynedd")
    assert first.startswith("Gwynedd is listed first")
    assert "where it happened, as the Wales Safeguarding Procedures ask" in first

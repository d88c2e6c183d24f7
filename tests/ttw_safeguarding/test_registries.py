"""Each app declares its pages, visibility, navigation and page parts to the core from its
AppConfig.ready(); the core draws its pages from what was declared, in a fixed order."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from adults import cmg_access, cmg_selectors, low_level_access, wales_selectors
from adults import selectors as adult_selectors
from cases import access as case_access
from cases import action_selectors
from cases import selectors as case_selectors
from media_contacts import access as media_access
from media_contacts import selectors as media_selectors
from sharing import access as sharing_access
from sharing import selectors as sharing_selectors
from sharing.models import CmgDecision, DbsReferralDuty, StatutoryAdvice
from sharing.statutory import selectors as statutory_selectors
from ttw_safeguarding.records import access, navigation, pages
from ttw_safeguarding.records import selectors as core_selectors


def test_the_menu_keeps_its_order_whichever_app_declared_each_entry() -> None:
    assert [entry.label for entry in navigation.NAV_ITEMS] == [
        "Home",
        "Cases",
        "Children",
        "Adults",
        "Low-level concerns",
        "Low-level concerns",
        "My submissions",
        "My actions",
        "Review queue",
        "Statutory records",
        "Planning register",
        "Cases put to the CMG",
        "Alerts to clubs",
        "Alerts",
        "Statistics",
        "Audit log",
        "Roles",
        "Media inbox",
    ]
    assert [entry.url_name for entry in navigation.ACTION_ITEMS] == [
        "cases:concern_new",
        "media_contacts:record",
    ]


def test_home_panels_come_in_the_order_the_home_page_had() -> None:
    assert pages.HOME_PANELS == [
        core_selectors.home_context,
        case_selectors.home_context,
        action_selectors.home_context,
        sharing_selectors.home_context,
        statutory_selectors.home_context,
        sharing_selectors.club_alerts_home_context,
        media_selectors.home_context,
        adult_selectors.home_context,
        wales_selectors.home_context,
        cmg_selectors.home_context,
    ]


def test_every_app_declared_its_visibility_rules() -> None:
    assert set(access.EXTRA_DECISION_VISIBILITY) == {
        media_access.acknowledgement_of_own_approach,
        sharing_access.nso_decisions_for_board_lead,
        sharing_access.cases_put_to_cmg_member,
        case_access.club_records_for_welfare_officer,
        low_level_access.club_low_level_for_welfare_officer,
        cmg_access.group_records_for_member,
    }


def test_a_page_rule_declared_twice_differently_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured):
        access.register_page_rules({"cases:triage": access.signed_in})
    assert access.PAGE_RULES["cases:triage"] is access.can_manage_cases


def test_declaring_the_same_rule_again_changes_nothing() -> None:
    access.register_page_rules({"cases:triage": access.can_manage_cases})
    access.register_decision_visibility(media_access.acknowledgement_of_own_approach)

    assert access.PAGE_RULES["cases:triage"] is access.can_manage_cases
    assert access.EXTRA_DECISION_VISIBILITY.count(media_access.acknowledgement_of_own_approach) == 1


def test_a_decision_type_without_a_page_part_adds_nothing_to_its_page() -> None:
    assert pages.decision_page_context(DbsReferralDuty(), user=None) == {}
    assert pages._page_parts[StatutoryAdvice] is statutory_selectors.statutory_page_context
    assert pages._page_parts[CmgDecision] is statutory_selectors.statutory_page_context

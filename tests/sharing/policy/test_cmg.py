"""The Case Management Group for a case about an adult (``sharing.policy.cmg``, CPSU), both ways."""

from __future__ import annotations

import datetime as dt

import pytest

from sharing import policy

NONE = policy.Declaration.NO_CONFLICT
CONFLICT = policy.Declaration.CONFLICT

# Ann is the independent child protection expert; Bob and Cai are TTW members; Dee knows the
# adult (her club) and declared it.
ANN = policy.CmgMember("ann", independent=True, declaration=NONE)
BOB = policy.CmgMember("bob", declaration=NONE)
CAI = policy.CmgMember("cai", declaration=NONE)
DEE = policy.CmgMember("dee", declaration=CONFLICT, conflict="The adult coaches at her club.")
GROUP = [ANN, BOB, CAI, DEE]

TODAY = dt.date(2026, 11, 30)


def messages(problems):
    return [p.message for p in problems]


# --- membership -------------------------------------------------------------------------------


def test_a_group_of_three_with_an_independent_member_all_declared_is_made():
    assert policy.cmg_membership_problems([ANN, BOB, CAI]) == []
    assert policy.cmg_membership_problems(GROUP) == []  # a declared conflict is a declaration


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ([], [policy.CMG_MEMBERS_REQUIRED]),
        ([ANN, BOB], [policy.CMG_TOO_FEW_MEMBERS.format(minimum=3)]),
        ([ANN, BOB, BOB], [policy.CMG_MEMBER_TWICE, policy.CMG_TOO_FEW_MEMBERS.format(minimum=3)]),
        (
            [BOB, CAI, policy.CmgMember("eve", declaration=NONE)],
            [policy.CMG_INDEPENDENT_MEMBER_REQUIRED],
        ),
        ([ANN, BOB, policy.CmgMember("eve")], [policy.CMG_DECLARATION_REQUIRED]),
        (
            [ANN, BOB, policy.CmgMember("eve", declaration=CONFLICT)],
            [policy.CMG_CONFLICT_DETAIL_REQUIRED],
        ),
    ],
)
def test_membership_refused(members, expected):
    problems = policy.cmg_membership_problems(members)
    assert messages(problems) == expected
    assert all(p.clause == "CPSU" for p in problems)


def test_a_group_is_named_before_its_members_declare_but_decides_only_once_they_have():
    named = [policy.CmgMember("ann", independent=True), policy.CmgMember("bob"), CAI]
    assert policy.cmg_membership_problems(named, require_declarations=False) == []
    assert messages(policy.cmg_membership_problems(named)) == [policy.CMG_DECLARATION_REQUIRED]


def test_the_minimum_size_is_a_setting():
    assert policy.cmg_membership_problems([ANN, BOB], minimum_size=2) == []
    assert messages(policy.cmg_membership_problems([ANN, BOB, CAI], minimum_size=4)) == [
        policy.CMG_TOO_FEW_MEMBERS.format(minimum=4)
    ]


# --- votes and quorum -------------------------------------------------------------------------


def test_a_member_with_a_declared_conflict_is_refused_a_vote():
    assert messages(policy.cmg_vote_problems(CONFLICT)) == [policy.CMG_VOTE_REFUSED_CONFLICT]
    assert messages(policy.cmg_vote_problems("")) == [policy.CMG_VOTE_REFUSED_UNDECLARED]
    assert policy.cmg_vote_problems(NONE) == []


@pytest.mark.parametrize(
    ("voters", "kwargs", "expected"),
    [
        (["ann", "bob", "cai"], {}, []),
        (
            ["ann", "bob", "dee"],
            {},
            [policy.CMG_VOTE_REFUSED_CONFLICT, policy.CMG_QUORUM_NOT_MET.format(quorum=3)],
        ),
        (["ann", "bob"], {}, [policy.CMG_QUORUM_NOT_MET.format(quorum=3)]),
        (["ann", "bob"], {"quorum": 2}, []),
        (
            ["bob", "cai", "zed"],
            {"quorum": 2},
            [policy.CMG_VOTE_REFUSED_NOT_MEMBER, policy.CMG_INDEPENDENT_VOTER_REQUIRED],
        ),
        (["bob", "cai"], {"quorum": 2, "independent_voter_required": False}, []),
        (["ann", "ann", "bob"], {}, [policy.CMG_QUORUM_NOT_MET.format(quorum=3)]),  # once each
    ],
)
def test_a_decision_needs_a_quorum_of_unconflicted_voters(voters, kwargs, expected):
    assert messages(policy.cmg_quorum_problems(GROUP, voters, **kwargs)) == expected


# --- route and final decision -----------------------------------------------------------------


def test_route_choices_and_rule():
    routes = [value for value, _ in policy.CaseRoute.CHOICES]
    assert routes == [
        "statutory_agencies",
        "ttw_disciplinary",
        "club_poor_practice",
        "no_further_action",
    ]
    assert policy.cmg_route_problems(route="statutory_agencies", reason="Possible offence.") == []
    assert messages(policy.cmg_route_problems(route="", reason="r")) == [policy.CMG_ROUTE_REQUIRED]
    assert messages(policy.cmg_route_problems(route="no_further_action", reason="")) == [
        policy.CMG_DECISION_REASON_REQUIRED
    ]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"outcome": policy.CMG_UNSUITABLE}, []),
        ({"outcome": policy.CMG_NO_ACTION}, []),
        ({"restrictions": ""}, [policy.CMG_RESTRICTIONS_REQUIRED]),
        ({"outcome": ""}, [policy.CMG_OUTCOME_REQUIRED]),
        ({"reason": ""}, [policy.CMG_DECISION_REASON_REQUIRED]),
        (
            {"voter_ids": ["ann", "bob", "dee"]},
            [policy.CMG_VOTE_REFUSED_CONFLICT, policy.CMG_QUORUM_NOT_MET.format(quorum=3)],
        ),
        (
            {"members": [ANN, BOB]},
            [
                policy.CMG_TOO_FEW_MEMBERS.format(minimum=3),
                policy.CMG_VOTE_REFUSED_NOT_MEMBER,
                policy.CMG_QUORUM_NOT_MET.format(quorum=3),
            ],
        ),
    ],
)
def test_final_decision_rule(kwargs, expected):
    arguments = {
        "members": GROUP,
        "voter_ids": ["ann", "bob", "cai"],
        "outcome": policy.CMG_RESTRICTIONS,
        "restrictions": "No unsupervised coaching of under-18s.",
        "reason": "Substantiated pattern of inappropriate messages.",
        **kwargs,
    }
    assert messages(policy.cmg_final_decision_problems(**arguments)) == expected


def test_p67_a_final_decision_of_restrictions_or_unsuitable_is_one_a_dbs_share_may_cite():
    assert policy.CMG_RESTRICTIONS in policy.CMG_OUTCOMES_THAT_ALLOW_SHARING
    assert policy.CMG_UNSUITABLE in policy.CMG_OUTCOMES_THAT_ALLOW_SHARING
    assert policy.CMG_NO_ACTION not in policy.CMG_OUTCOMES_THAT_ALLOW_SHARING


# --- suspension -------------------------------------------------------------------------------


def suspension(**kwargs):
    arguments = {
        "from_what": "All coaching and club sessions with under-18s.",
        "starts_on": TODAY,
        "review_on": TODAY + dt.timedelta(days=28),
        "reason": "An allegation of harm is being looked into by the police.",
        "today": TODAY,
        **kwargs,
    }
    return messages(policy.suspension_problems(**arguments))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"review_on": TODAY + dt.timedelta(days=1)}, []),
        (
            # Stood down the evening before: the review still falls within 28 days of the start.
            {"starts_on": TODAY - dt.timedelta(days=1), "review_on": TODAY + dt.timedelta(days=27)},
            [],
        ),
        (
            {"starts_on": TODAY - dt.timedelta(days=1)},
            [policy.SUSPENSION_REVIEW_TOO_LATE.format(days=28)],
        ),
        ({"from_what": ""}, [policy.SUSPENSION_FROM_WHAT_REQUIRED]),
        ({"reason": ""}, [policy.SUSPENSION_REASON_REQUIRED]),
        ({"starts_on": None}, [policy.SUSPENSION_START_REQUIRED]),
        ({"review_on": None}, [policy.SUSPENSION_REVIEW_REQUIRED]),
        ({"review_on": TODAY}, [policy.SUSPENSION_REVIEW_NOT_AFTER_START]),
        (
            {"review_on": TODAY + dt.timedelta(days=29)},
            [policy.SUSPENSION_REVIEW_TOO_LATE.format(days=28)],
        ),
        (
            {"starts_on": TODAY - dt.timedelta(days=10), "review_on": TODAY - dt.timedelta(days=1)},
            [policy.SUSPENSION_REVIEW_IN_PAST],
        ),
        ({"review_on": TODAY + dt.timedelta(days=42), "max_review_days": 42}, []),
    ],
)
def test_suspension_rule(kwargs, expected):
    assert suspension(**kwargs) == expected


@pytest.mark.parametrize(
    ("reviewed_on", "today", "overdue"),
    [
        (None, dt.date(2026, 12, 28), False),  # on its review date: due, not overdue
        (None, dt.date(2026, 12, 29), True),  # a suspension whose review is overdue
        (dt.date(2026, 12, 10), dt.date(2027, 1, 5), False),  # reviewed before its date
        (dt.date(2026, 12, 28), dt.date(2027, 1, 5), False),
    ],
)
def test_suspension_review_overdue(reviewed_on, today, overdue):
    review_on = dt.date(2026, 12, 28)
    assert policy.suspension_review_overdue(review_on, reviewed_on, today) is overdue


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"decision": policy.SuspensionReviewDecision.LIFT, "next_review_on": None}, []),
        # Reviewed early, well before its date: the next review counts from this one.
        ({"reviewed_on": TODAY - dt.timedelta(days=20), "next_review_on": TODAY}, []),
        ({"decision": ""}, [policy.SUSPENSION_REVIEW_DECISION_REQUIRED]),
        ({"next_review_on": None}, [policy.SUSPENSION_REVIEW_REQUIRED]),
        (
            {"next_review_on": TODAY + dt.timedelta(days=29)},
            [policy.SUSPENSION_REVIEW_TOO_LATE.format(days=28)],
        ),
        ({"reviewed_on": TODAY + dt.timedelta(days=1)}, [policy.DATE_IN_FUTURE]),
        (
            {"reviewed_on": dt.date(2026, 11, 1), "next_review_on": dt.date(2026, 11, 20)},
            [policy.SUSPENSION_REVIEWED_BEFORE_START, policy.SUSPENSION_REVIEW_IN_PAST],
        ),
        ({"reason": ""}, [policy.CMG_DECISION_REASON_REQUIRED]),
        # Varied: it stays in place, from what it now covers, with its next review.
        (
            {
                "decision": policy.SuspensionReviewDecision.VARY,
                "varied_from_what": "Coaching juniors; he may play in the senior league.",
            },
            [],
        ),
        (
            {"decision": policy.SuspensionReviewDecision.VARY},
            [policy.SUSPENSION_VARIATION_REQUIRED],
        ),
        (
            {
                "decision": policy.SuspensionReviewDecision.VARY,
                "varied_from_what": "x",
                "next_review_on": None,
            },
            [policy.SUSPENSION_REVIEW_REQUIRED],
        ),
    ],
)
def test_suspension_review_rule(kwargs, expected):
    arguments = {
        "starts_on": dt.date(2026, 11, 2),
        "reviewed_on": TODAY,
        "decision": policy.SuspensionReviewDecision.CONTINUE,
        "next_review_on": TODAY + dt.timedelta(days=28),
        "reason": "The police investigation continues.",
        "today": TODAY,
        **kwargs,
    }
    assert messages(policy.suspension_review_problems(**arguments)) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"sent_on": None}, [policy.SUSPENSION_LETTER_SENT_REQUIRED]),
        ({"method": ""}, [policy.SUSPENSION_LETTER_METHOD_REQUIRED]),
        ({"sent_on": TODAY + dt.timedelta(days=1)}, [policy.DATE_IN_FUTURE]),
        ({"sent_on": TODAY - dt.timedelta(days=2)}, [policy.SUSPENSION_LETTER_BEFORE_DECISION]),
    ],
)
def test_suspension_letter_rule(kwargs, expected):
    arguments = {
        "sent_on": TODAY,
        "method": "Recorded post",
        "decided_on": TODAY - dt.timedelta(days=1),
        "today": TODAY,
        **kwargs,
    }
    assert messages(policy.suspension_letter_problems(**arguments)) == expected


# --- appeal -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"against_final_decision": False}, [policy.APPEAL_ONLY_AGAINST_FINAL_DECISION]),
        ({"panel_ids": []}, [policy.APPEAL_PANEL_REQUIRED]),
        ({"panel_ids": ["fay", "bob"]}, [policy.APPEAL_PANEL_OVERLAPS]),  # Bob sat on it
        ({"panel_ids": ["fay", "dee"]}, [policy.APPEAL_PANEL_OVERLAPS]),  # Dee too, conflicted
        ({"grounds": ""}, [policy.APPEAL_GROUNDS_REQUIRED]),
        ({"lodged_on": TODAY + dt.timedelta(days=1)}, [policy.DATE_IN_FUTURE]),
        ({"lodged_on": dt.date(2026, 11, 9)}, [policy.APPEAL_BEFORE_DECISION]),
    ],
)
def test_an_appeal_is_heard_by_people_who_were_not_on_the_original_panel(kwargs, expected):
    arguments = {
        "against_final_decision": True,
        "original_member_ids": ["ann", "bob", "cai", "dee"],
        "panel_ids": ["fay", "gus", "hal"],
        "grounds": "New evidence: a witness has come forward.",
        "decided_on": dt.date(2026, 11, 10),
        "lodged_on": TODAY,
        "today": TODAY,
        **kwargs,
    }
    assert messages(policy.appeal_problems(**arguments)) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"outcome": policy.AppealOutcome.VARIED, "variation": "Restrictions for six months."}, []),
        ({"outcome": policy.AppealOutcome.VARIED}, [policy.APPEAL_VARIATION_REQUIRED]),
        ({"outcome": ""}, [policy.APPEAL_OUTCOME_REQUIRED]),
        ({"reason": ""}, [policy.CMG_DECISION_REASON_REQUIRED]),
    ],
)
def test_appeal_outcome_rule(kwargs, expected):
    arguments = {
        "outcome": policy.AppealOutcome.DISMISSED,
        "variation": "",
        "reason": "The new witness did not see the events.",
        **kwargs,
    }
    assert messages(policy.appeal_outcome_problems(**arguments)) == expected

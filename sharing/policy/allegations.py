"""Allegations about adults: the Wales Safeguarding Procedures, section 5 (WSP5).

Section 5 covers allegations and concerns about practitioners and people in positions of trust,
volunteers included (safeguarding.wales, "Safeguarding allegations/concerns about practitioners
and those in positions of trust"). This module holds its rules for TTW, and the rules of the adult's
record:

- the designated officer's clock: the local authority's designated officer for safeguarding is
  told "at the very earliest opportunity and in all circumstances within no more than 24 hours
  after the allegation/concern has arisen (next working day, if out of office hours)", with the
  risk assessment and the immediate safeguarding action taken (section 5, "Initial response and
  reporting requirements");
- the professional strategy discussion, whose focus section 5 lists: the threshold for a formal
  strategy meeting; the person's activities or caring responsibilities outside their work (TTW's
  P6.3: where they work with children in other organisations, who tells those organisations);
  interim safeguards; what may be shared with the person, the child and the parents; briefings
  (who tells whom);
- the outcome, decided on the balance of probabilities, in one of four categories (section 5,
  "Concluding the process / outcome decisions");
- positions of trust: since 28 June 2022, sexual activity with a 16- or 17-year-old by an adult
  who regularly coaches, teaches, trains, supervises or instructs them in a sport is an offence
  (Sexual Offences Act 2003 s.22A, inserted by the Police, Crime, Sentencing and Courts Act 2022);
  such a concern is an allegation against the adult, whatever else it is.

The designated officer's clock, precisely. ``OfficeHours`` says when the designated officer can be
told: by default Monday to Friday, 09:00 to 17:00 Europe/London, on the working days of
``calendar`` (so never on a bank holiday of England and Wales). A moment is in office hours when
its day is a working day and its local time is from the opening time up to, not including, the
closing time. Then:

1. Reported in office hours: due 24 hours later, when that moment is itself in office hours
   (Thursday 16:00, due Friday 16:00).
2. Reported in office hours, the 24 hours ending out of office hours (Friday 16:00: Saturday
   16:00; the day before a bank holiday): due at the close of the office hours that next begin
   after the 24 hours end (Friday 16:00 -> Monday 17:00; before a bank holiday Monday -> Tuesday
   17:00). The procedure's own words decide it: the 24 hours hold where the designated officer can
   be reached, and "next working day" where the time runs out of office hours; a day's deadline is
   kept by that day's close. Saturday 16:00 itself would ask for a call nobody answers.
3. Reported out of office hours: due at the close of the next office hours to begin after the
   report (Friday 18:00 -> Monday 17:00; Monday 18:00 -> Tuesday 17:00; Tuesday 07:30 -> Tuesday
   17:00, the day's office hours being the next to begin).

Due times never move earlier for a later report, and the clock is the same for everyone
whatever the server's time zone. ``designated_officer_overdue`` shows on home pages: not told and
past the due time. The office hours are a parameter, because the designated officers' hours are
each authority's; the defaults are TTW's setting, not the procedure's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .base import DATE_IN_FUTURE, Problem, blank
from .calendar import is_working_day

WSP5 = "WSP5"
SOA22A = "SOA22A"

# --- the designated officer's clock ----------------------------------------------------------

DESIGNATED_OFFICER_HOURS = timedelta(hours=24)


@dataclass(frozen=True)
class OfficeHours:
    """When the local authority's designated officer can be told (TTW's setting)."""

    opens: time = time(9, 0)
    closes: time = time(17, 0)
    timezone: str = "Europe/London"

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


DEFAULT_OFFICE_HOURS = OfficeHours()


def _aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


def in_office_hours(moment: datetime, *, office_hours: OfficeHours = DEFAULT_OFFICE_HOURS) -> bool:
    """The moment falls on a working day, from opening up to (not including) closing."""
    _aware(moment, "moment")
    local = moment.astimezone(office_hours.zone())
    return is_working_day(local.date()) and office_hours.opens <= local.time() < office_hours.closes


def _close_of_next_office_hours(
    after: datetime, *, office_hours: OfficeHours = DEFAULT_OFFICE_HOURS
) -> datetime:
    """The close of the first office hours that begin after ``after``."""
    zone = office_hours.zone()
    day = after.astimezone(zone).date()
    while True:
        if is_working_day(day):
            opening = datetime.combine(day, office_hours.opens, tzinfo=zone)
            if opening > after:
                return datetime.combine(day, office_hours.closes, tzinfo=zone)
        day += timedelta(days=1)


def designated_officer_due_at(
    reported_at: datetime, *, office_hours: OfficeHours = DEFAULT_OFFICE_HOURS
) -> datetime:
    """WSP5: when the designated officer for safeguarding must have been told (see the module's
    account: 24 hours in office hours, else the close of the next working day's office hours).

    ``reported_at`` is when TTW learnt of the allegation (the procedure counts from when it
    "has arisen" for the organisation): the time the concern was first told to TTW, which may be
    before it was typed in. An aware datetime; the due time is given in the office hours' zone.
    """
    _aware(reported_at, "reported_at")
    if in_office_hours(reported_at, office_hours=office_hours):
        within_a_day = reported_at + DESIGNATED_OFFICER_HOURS
        if in_office_hours(within_a_day, office_hours=office_hours):
            return within_a_day.astimezone(office_hours.zone())
        return _close_of_next_office_hours(within_a_day, office_hours=office_hours)
    return _close_of_next_office_hours(reported_at, office_hours=office_hours)


def designated_officer_overdue(
    reported_at: datetime,
    told_at: datetime | None,
    now: datetime,
    *,
    office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
) -> bool:
    """WSP5: the designated officer is not yet told and the due time has passed."""
    _aware(now, "now")
    if told_at is not None:
        return False
    return now > designated_officer_due_at(reported_at, office_hours=office_hours)


def designated_officer_told_late(
    reported_at: datetime,
    told_at: datetime,
    *,
    office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
) -> bool:
    """WSP5: the designated officer was told after the due time (shown on the record)."""
    _aware(told_at, "told_at")
    return told_at > designated_officer_due_at(reported_at, office_hours=office_hours)


DESIGNATED_OFFICER_AUTHORITY_REQUIRED = (
    "WSP5: say which local authority's designated officer for safeguarding was told."
)
DESIGNATED_OFFICER_RISK_ASSESSMENT_REQUIRED = (
    "WSP5: record the risk assessment that went to the designated officer."
)
DESIGNATED_OFFICER_SAFEGUARDS_REQUIRED = (
    "WSP5: record the immediate safeguards taken to protect the children, or that none were "
    "needed and why."
)
DESIGNATED_OFFICER_TOLD_BEFORE_REPORT = (
    "WSP5: the designated officer cannot have been told before TTW learnt of the allegation."
)
DESIGNATED_OFFICER_TOLD_IN_FUTURE = (
    "WSP5: the time the designated officer was told cannot be in the future."
)


def designated_officer_notice_problems(
    *,
    local_authority: str,
    risk_assessment: str,
    immediate_safeguards: str,
    reported_at: datetime,
    told_at: datetime,
    now: datetime,
) -> list[Problem]:
    """WSP5: telling the designated officer records whom, the risk assessment and the immediate
    safeguards, at a time between TTW learning of the allegation and now. Telling them late is
    recorded, not refused (``designated_officer_told_late`` marks it)."""
    problems: list[Problem] = []
    if blank(local_authority):
        problems.append(Problem(WSP5, "local_authority", DESIGNATED_OFFICER_AUTHORITY_REQUIRED))
    if blank(risk_assessment):
        problems.append(
            Problem(WSP5, "risk_assessment", DESIGNATED_OFFICER_RISK_ASSESSMENT_REQUIRED)
        )
    if blank(immediate_safeguards):
        problems.append(
            Problem(WSP5, "immediate_safeguards", DESIGNATED_OFFICER_SAFEGUARDS_REQUIRED)
        )
    if told_at > now:
        problems.append(Problem(WSP5, "told_at", DESIGNATED_OFFICER_TOLD_IN_FUTURE))
    elif told_at < reported_at:
        problems.append(Problem(WSP5, "told_at", DESIGNATED_OFFICER_TOLD_BEFORE_REPORT))
    return problems


# --- the professional strategy discussion ----------------------------------------------------


class StrategyThreshold:
    """Whether the matter meets the threshold for a formal professional strategy meeting."""

    MET = "met"
    NOT_MET = "not_met"
    CHOICES = [
        (MET, "Meets the threshold: a professional strategy meeting follows"),
        (NOT_MET, "Does not meet the threshold for a professional strategy meeting"),
    ]


STRATEGY_THRESHOLD_REQUIRED = (
    "WSP5: record whether the matter meets the threshold for a professional strategy meeting."
)
STRATEGY_THRESHOLD_REASON_REQUIRED = "WSP5: say why the threshold is, or is not, met."
STRATEGY_OUTSIDE_ACTIVITIES_ANSWER_REQUIRED = (
    "WSP5: record whether the adult has activities or caring responsibilities with children or "
    "adults at risk outside TTW."
)
STRATEGY_OUTSIDE_ACTIVITIES_REQUIRED = (
    "P6.3: name the other organisations and activities where this adult works with children or "
    "has caring responsibilities."
)
STRATEGY_WHO_TELLS_ORGANISATIONS_REQUIRED = (
    "P6.3: record who tells each of those organisations (TTW or the statutory agency), as the "
    "statutory agencies advised."
)
STRATEGY_INTERIM_SAFEGUARDS_REQUIRED = (
    "WSP5: record the interim safeguards while enquiries are made, or that none are needed and why."
)
STRATEGY_SHARE_WITH_ADULT_REQUIRED = (
    "WSP5: record what may be shared with the adult the allegation is about."
)
STRATEGY_SHARE_WITH_CHILD_REQUIRED = "WSP5: record what may be shared with the child."
STRATEGY_SHARE_WITH_PARENTS_REQUIRED = (
    "WSP5: record what may be shared with the child's parents or carers."
)
STRATEGY_WHO_TELLS_WHOM_REQUIRED = "WSP5: record who tells whom, and who briefs whom."
STRATEGY_HELD_BEFORE_REPORT = (
    "WSP5: the strategy discussion cannot be held before TTW learnt of the allegation."
)


def strategy_discussion_problems(
    *,
    threshold: str,
    threshold_reason: str,
    outside_activities_elsewhere: bool | None,
    outside_activities: str,
    who_tells_other_organisations: str,
    interim_safeguards: str,
    share_with_adult: str,
    share_with_child: str,
    share_with_parents: str,
    who_tells_whom: str,
    held_on: date,
    reported_on: date,
    today: date,
) -> list[Problem]:
    """WSP5 and P6.3: what the record of a professional strategy discussion must say.

    ``outside_activities_elsewhere`` is the answer to "does the adult work with children, or
    have caring responsibilities, outside TTW?": ``None`` for not answered, which is refused (it
    is the question P6.3 turns on). Where the answer is yes, the organisations and who tells them
    are required. What may be shared with each of the adult, the child and the parents is
    required separately (it may be "nothing yet"), because section 5 asks for each.
    """
    problems: list[Problem] = []
    if threshold not in (StrategyThreshold.MET, StrategyThreshold.NOT_MET):
        problems.append(Problem(WSP5, "threshold", STRATEGY_THRESHOLD_REQUIRED))
    elif blank(threshold_reason):
        problems.append(Problem(WSP5, "threshold_reason", STRATEGY_THRESHOLD_REASON_REQUIRED))
    if outside_activities_elsewhere is None:
        problems.append(
            Problem(
                WSP5, "outside_activities_elsewhere", STRATEGY_OUTSIDE_ACTIVITIES_ANSWER_REQUIRED
            )
        )
    elif outside_activities_elsewhere:
        if blank(outside_activities):
            problems.append(
                Problem("P6.3", "outside_activities", STRATEGY_OUTSIDE_ACTIVITIES_REQUIRED)
            )
        if blank(who_tells_other_organisations):
            problems.append(
                Problem(
                    "P6.3",
                    "who_tells_other_organisations",
                    STRATEGY_WHO_TELLS_ORGANISATIONS_REQUIRED,
                )
            )
    if blank(interim_safeguards):
        problems.append(Problem(WSP5, "interim_safeguards", STRATEGY_INTERIM_SAFEGUARDS_REQUIRED))
    for field, text, message in (
        ("share_with_adult", share_with_adult, STRATEGY_SHARE_WITH_ADULT_REQUIRED),
        ("share_with_child", share_with_child, STRATEGY_SHARE_WITH_CHILD_REQUIRED),
        ("share_with_parents", share_with_parents, STRATEGY_SHARE_WITH_PARENTS_REQUIRED),
        ("who_tells_whom", who_tells_whom, STRATEGY_WHO_TELLS_WHOM_REQUIRED),
    ):
        if blank(text):
            problems.append(Problem(WSP5, field, message))
    if held_on > today:
        problems.append(Problem("P6.11", "held_on", DATE_IN_FUTURE))
    elif held_on < reported_on:
        problems.append(Problem(WSP5, "held_on", STRATEGY_HELD_BEFORE_REPORT))
    return problems


# --- the outcome -----------------------------------------------------------------------------


class AllegationOutcome:
    """The four outcomes of WSP5, decided on the balance of probabilities (more likely than
    not). The values are stored on the outcome record; the definitions are the procedure's
    ("Concluding the process / outcome decisions"), shown beside the choice."""

    SUBSTANTIATED = "substantiated"
    UNSUBSTANTIATED = "unsubstantiated"
    UNFOUNDED = "unfounded"
    MALICIOUS = "malicious"

    CHOICES = [
        (SUBSTANTIATED, "Substantiated"),
        (UNSUBSTANTIATED, "Unsubstantiated"),
        (UNFOUNDED, "Unfounded"),
        (MALICIOUS, "Malicious"),
    ]
    DEFINITIONS = {
        SUBSTANTIATED: "Established by evidence, on the balance of probabilities.",
        UNSUBSTANTIATED: (
            "There is not enough evidence to prove or disprove the allegation; this implies "
            "neither guilt nor innocence."
        ),
        UNFOUNDED: (
            "There is no evidence or ground to support the allegation; there may be evidence "
            "that refutes it (the person may have misunderstood or been mistaken)."
        ),
        MALICIOUS: (
            "There is clear evidence of a deliberate act to deceive, and the allegation is "
            "entirely false."
        ),
    }


ALLEGATION_OUTCOME_REQUIRED = (
    "WSP5: choose the outcome: substantiated, unsubstantiated, unfounded or malicious."
)
ALLEGATION_OUTCOME_REASON_REQUIRED = (
    "WSP5: give the reason for the outcome, on the balance of probabilities."
)
ALLEGATION_MALICIOUS_EVIDENCE_REQUIRED = (
    "WSP5: an allegation is found malicious only on clear evidence of a deliberate act to "
    "deceive; say what that evidence is."
)


def allegation_outcome_problems(
    *, outcome: str, reason: str, evidence_of_deceit: str, decided_on: date, today: date
) -> list[Problem]:
    """WSP5: one of the four outcomes, with its reason; "malicious" names its clear evidence
    (the procedure asks for caution and clear evidence before that finding)."""
    problems: list[Problem] = []
    if outcome not in dict(AllegationOutcome.CHOICES):
        problems.append(Problem(WSP5, "outcome", ALLEGATION_OUTCOME_REQUIRED))
    elif outcome == AllegationOutcome.MALICIOUS and blank(evidence_of_deceit):
        problems.append(Problem(WSP5, "evidence_of_deceit", ALLEGATION_MALICIOUS_EVIDENCE_REQUIRED))
    if blank(reason):
        problems.append(Problem(WSP5, "reason", ALLEGATION_OUTCOME_REASON_REQUIRED))
    if decided_on > today:
        problems.append(Problem("P6.11", "decided_on", DATE_IN_FUTURE))
    return problems


# --- positions of trust ----------------------------------------------------------------------

# Sexual Offences Act 2003 s.22A (positions of trust in sport and religion), in force from this
# day (Police, Crime, Sentencing and Courts Act 2022 s.47).
POSITION_OF_TRUST_IN_FORCE = date(2022, 6, 28)
POSITION_OF_TRUST_AGES = frozenset({16, 17})


class AdultRoleKind:
    """What an adult does with a child in the sport: s.22A names the first five."""

    COACHES = "coaches"
    TEACHES = "teaches"
    TRAINS = "trains"
    SUPERVISES = "supervises"
    INSTRUCTS = "instructs"
    OTHER = "other"  # e.g. a fellow player, a parent at the club

    CHOICES = [
        (COACHES, "Coaches them"),
        (TEACHES, "Teaches them"),
        (TRAINS, "Trains them"),
        (SUPERVISES, "Supervises them"),
        (INSTRUCTS, "Instructs them"),
        (OTHER, "None of these"),
    ]
    IN_A_POSITION_OF_TRUST = frozenset({COACHES, TEACHES, TRAINS, SUPERVISES, INSTRUCTS})


# The concern category a concern form offers for it (Concern.Category uses this value).
CATEGORY_POSITION_OF_TRUST = "position_of_trust"
POSITION_OF_TRUST_LABEL = (
    "Sexual activity by an adult who coaches, teaches, trains, supervises or instructs a 16- or "
    "17-year-old in the sport"
)


def position_of_trust_applies(
    child_age_at_event: int | None,
    adult_role_kinds: Collection[str],
    event_date: date,
    sexual_activity: bool,
    *,
    regularly: bool = True,
) -> bool:
    """SOA22A: sexual activity with a 16- or 17-year-old by an adult who (regularly) coaches,
    teaches, trains, supervises or instructs them in a sport, on or after 28 June 2022.

    ``regularly``: s.22A asks that the adult does so on a regular basis; a form that does not
    ask leaves the default (yes), because treating the concern as an allegation is the safe
    side and the statutory agencies decide the offence. The statutory exceptions (marriage or
    civil partnership, a relationship before the position of trust, ss.23 and 24) are theirs to
    judge too, never a reason here to leave the concern unrouted. An unknown age (``None``) does
    not apply the rule; the concern still routes by its other categories.
    """
    return (
        sexual_activity
        and regularly
        and child_age_at_event in POSITION_OF_TRUST_AGES
        and bool(AdultRoleKind.IN_A_POSITION_OF_TRUST.intersection(adult_role_kinds))
        and event_date >= POSITION_OF_TRUST_IN_FORCE
    )


def concern_routes_as_allegation(
    categories: Iterable[str], *, about_an_adult: bool, low_level: bool
) -> bool:
    """WSP5: whether a concern is handled as an allegation against the adult.

    A position-of-trust concern always is (it describes an offence, never a low-level concern).
    Otherwise, a concern about an adult's behaviour towards a child is an allegation unless it
    is recorded as a low-level concern (behaviour short of the harm threshold), which is kept
    apart (``low_level_concerns``). A concern about no adult is a concern about a child only.
    """
    if CATEGORY_POSITION_OF_TRUST in categories:
        return True
    return about_an_adult and not low_level


TRIAGE_ALLEGATION_ADULT_REQUIRED = (
    "SOA22A: sexual activity by an adult in a position of trust is an allegation against the "
    "adult: name the adult at triage, so that the allegation is recorded on the case and the "
    "designated officer for safeguarding is told (WSP5)."
)


def triage_allegation_problems(
    *, categories: Iterable[str], adult_named: bool, low_level: bool = False
) -> list[Problem]:
    """WSP5, SOA22A: a concern that routes as an allegation on its own categories (a position
    of trust) is triaged into a case with the allegation recorded, the adult named."""
    if concern_routes_as_allegation(categories, about_an_adult=False, low_level=low_level):
        if not adult_named:
            return [Problem(SOA22A, "allegation_adult_name", TRIAGE_ALLEGATION_ADULT_REQUIRED)]
    return []

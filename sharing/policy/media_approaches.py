"""P6.12, media interest: what is noted of an approach, and how the NSO handled it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .base import REASON_REQUIRED, Problem, blank
from .calendar import add_working_days

MEDIA_APPROACH_IN_FUTURE = "The date and time of the approach cannot be in the future."
MEDIA_JOURNALIST_REQUIRED = (
    "P6.12: note the journalist's name (write 'not given' if they would not say)."
)
MEDIA_CONTACT_REQUIRED = (
    "P6.12: note at least one way to contact the journalist: a phone number, an e-mail "
    "address or other contact details."
)
MEDIA_REQUEST_REQUIRED = "P6.12: note what information the journalist wants."
MEDIA_ANYTHING_SAID_REQUIRED = "P6.12: say whether anything was said to the journalist."
MEDIA_WHAT_WAS_SAID_REQUIRED = (
    "P6.12: you said something was said to the journalist; write down what was said, as "
    "exactly as you can, so the National Safeguarding Officer can act on it."
)
MEDIA_DEADLINE_BEFORE_APPROACH = "The journalist's deadline cannot be before the approach."
MEDIA_NOT_ACKNOWLEDGED = (
    "P6.12: acknowledge the media approach before recording how it was handled."
)
MEDIA_HANDLED_IN_FUTURE = "The date and time it was handled cannot be in the future."
MEDIA_HANDLED_BEFORE_APPROACH = "It cannot have been handled before the approach was made."
MEDIA_HANDLING_REQUIRED = "P6.12: choose how the media approach was handled."
MEDIA_RESPONSE_REQUIRED = "P6.12: record the response given to the journalist."
MEDIA_PRESS_OFFICE_REQUIRED = "P6.12: name the press office the approach was referred to."


class MediaHandlingChoice:
    """How the NSO handled a media approach (P6.12). Stored on MediaHandling.handling."""

    RESPONSE = "response"
    DECLINED = "declined"
    PRESS_OFFICE = "press_office"

    CHOICES = [
        (RESPONSE, "Response given to the journalist"),
        (DECLINED, "Decision to decline to comment"),
        (PRESS_OFFICE, "Referred to a press office"),
    ]


@dataclass(frozen=True)
class MediaApproachFacts:
    """What the policy needs to know about a media approach as it is recorded."""

    now: datetime
    approached_at: datetime | None = None
    journalist_name: str = ""
    phone: str = ""
    email: str = ""
    other_contact: str = ""
    information_wanted: str = ""
    # None: the person recording has not answered the question.
    anything_said: bool | None = None
    what_was_said: str = ""
    deadline: datetime | None = None


def media_approach_problems(f: MediaApproachFacts) -> list[Problem]:
    """P6.12: the journalist's name, contact details and request, and anything said."""
    problems: list[Problem] = []
    if f.approached_at is not None and f.approached_at > f.now:
        problems.append(Problem("P6.12", "approached_at", MEDIA_APPROACH_IN_FUTURE))
    if blank(f.journalist_name):
        problems.append(Problem("P6.12", "journalist_name", MEDIA_JOURNALIST_REQUIRED))
    if blank(f.phone) and blank(f.email) and blank(f.other_contact):
        problems.append(Problem("P6.12", "other_contact", MEDIA_CONTACT_REQUIRED))
    if blank(f.information_wanted):
        problems.append(Problem("P6.12", "information_wanted", MEDIA_REQUEST_REQUIRED))
    # Nothing should be said; when something was, the NSO must know what.
    if f.anything_said is None:
        problems.append(Problem("P6.12", "anything_said", MEDIA_ANYTHING_SAID_REQUIRED))
    elif f.anything_said and blank(f.what_was_said):
        problems.append(Problem("P6.12", "what_was_said", MEDIA_WHAT_WAS_SAID_REQUIRED))
    if f.deadline is not None and f.approached_at is not None and f.deadline < f.approached_at:
        problems.append(Problem("", "deadline", MEDIA_DEADLINE_BEFORE_APPROACH))
    return problems


def media_handling_problems(
    *,
    now: datetime,
    acknowledged: bool,
    approached_at: datetime,
    handling: str,
    handled_at: datetime | None,
    response: str = "",
    press_office: str = "",
    reason: str = "",
) -> list[Problem]:
    """P6.12 and P6.11: how an acknowledged media approach was handled, and why."""
    problems: list[Problem] = []
    if not acknowledged:
        problems.append(Problem("P6.12", "", MEDIA_NOT_ACKNOWLEDGED))
    if handling not in {value for value, _label in MediaHandlingChoice.CHOICES}:
        problems.append(Problem("P6.12", "handling", MEDIA_HANDLING_REQUIRED))
    elif handling == MediaHandlingChoice.RESPONSE and blank(response):
        problems.append(Problem("P6.12", "response", MEDIA_RESPONSE_REQUIRED))
    elif handling == MediaHandlingChoice.PRESS_OFFICE and blank(press_office):
        problems.append(Problem("P6.12", "press_office", MEDIA_PRESS_OFFICE_REQUIRED))
    if handled_at is not None and handled_at > now:
        problems.append(Problem("P6.12", "handled_at", MEDIA_HANDLED_IN_FUTURE))
    elif handled_at is not None and handled_at < approached_at:
        problems.append(Problem("P6.12", "handled_at", MEDIA_HANDLED_BEFORE_APPROACH))
    # P6.11: the reason is recorded for every decision.
    if blank(reason):
        problems.append(Problem("P6.11", "reason", REASON_REQUIRED))
    return problems


# P6.12: the NSO is told at once and acknowledges the approach by the end of the next
# working day, or before the journalist's deadline when that comes sooner (a deadline
# missed is a story written without TTW's word).
MEDIA_ACKNOWLEDGEMENT_WORKING_DAYS = 1


def media_acknowledgement_due_on(recorded_on: date) -> date:
    """The day an approach recorded on ``recorded_on`` is to be acknowledged by."""
    return add_working_days(recorded_on, MEDIA_ACKNOWLEDGEMENT_WORKING_DAYS)


def media_acknowledgement_overdue_at(
    *, due_day_ends_at: datetime, deadline: datetime | None
) -> datetime:
    """When an unacknowledged approach is overdue: its due day's end, or the journalist's
    deadline if that is sooner."""
    if deadline is not None and deadline < due_day_ends_at:
        return deadline
    return due_day_ends_at

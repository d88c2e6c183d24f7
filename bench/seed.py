"""Seed a benchmark database fast, with a hash chain that still verifies.

One example of each decision type is recorded through ``decision_record`` (so
each example passed full validation); the bulk of the records are copies of
those examples with their own code, case, time and position in the chain,
hashed in order with ``compute_hash`` and inserted many rows per statement.
Seeded decisions get no written report and no audit entry: the benchmark
measures pages and report rendering, not the history of the seed.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from cases.models import Case, Child, Concern, Referral, Triage
from sharing import policy
from sharing.models import ConsentRecord, NSOReview, ShareDecision
from ttw_safeguarding.records import roles
from ttw_safeguarding.records.decisions import compute_hash, decision_record
from ttw_safeguarding.records.models import GENESIS_HASH, Decision

BATCH = 2000
PASSWORD = "bench-password-not-for-production"  # noqa: S105 - a throwaway database

FACTS = (
    "During the session the child said that an adult at home had hit them on the arm. "
    "A bruise about 3 cm across was visible on the upper left arm."
)
OPINION = "The child seemed frightened when home time was mentioned and would not sit down."


@dataclass
class Seeded:
    """What the benchmark needs from the seed: who signs in and which records to open."""

    officer: Any
    nso: Any
    staff: Any
    case: Case
    share_decision: ShareDecision
    examples: dict[str, Decision] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _users() -> tuple[Any, Any, Any, list[Any]]:
    User = get_user_model()
    hashed = make_password(PASSWORD)
    people = {
        "bench-staff": roles.STAFF,
        "bench-nso": roles.NSO,
        **{f"bench-officer{i}": roles.OFFICER for i in range(1, 6)},
    }
    made = {}
    for username, role in people.items():
        user = User.objects.create(
            username=username, password=hashed, email=f"{username}@ttw.example"
        )
        user.groups.add(Group.objects.get(name=role))
        made[username] = user
    officers = [made[f"bench-officer{i}"] for i in range(1, 6)]
    return made["bench-staff"], officers[0], made["bench-nso"], officers


def _examples(*, staff: Any, officer: Any, nso: Any, case: Case) -> dict[str, Decision]:
    """One decision of each type, recorded through the one decision path."""
    now = timezone.now()
    concern = decision_record(
        Concern(
            child=case.child,
            occurred_at=now - dt.timedelta(hours=2),
            activity="Football session",
            venue="Community hall",
            facts=FACTS,
            childs_words="He hit me when I was late.",
            professional_opinion=OPINION,
            categories=["physical"],
            immediate_action="Told the safeguarding officer at once.",
            is_urgent=False,
            body_map=[],
            outcome=f"Concern about {case.child.reference}",
            reason="Reported by a member of staff as a safeguarding concern about the child.",
        ),
        actor=staff,
    )
    triage = decision_record(
        Triage(
            case=case,
            concern=concern,
            opens_case=True,
            owner=officer,
            risk_level=Case.Risk.HIGH,
            status=Case.Status.OPEN,
            meets_referral_threshold=True,
            threshold_rationale="Physical harm by a carer.",
            outcome=f"Opened case {case.reference}: meets the referral threshold",
            reason="A child reports being hit by an adult at home.",
        ),
        actor=officer,
        clauses=("P6.2", "P6.11"),
    )
    referral = decision_record(
        Referral(
            case=case,
            outcome="Referred to children's social care",
            facts=FACTS,
            professional_opinion=OPINION,
            reason="The concern meets the threshold for referral.",
            agency=Referral.Agency.SOCIAL_CARE,
            agency_contact="Duty social worker",
            referred_at=now - dt.timedelta(hours=1),
            method=Referral.Method.PHONE,
            information_shared="The concern as recorded.",
        ),
        actor=officer,
    )
    consent = decision_record(
        ConsentRecord(
            case=case,
            outcome="Consent to share refused by the parent",
            facts="The parent was asked on the phone and refused.",
            reason="Consent is usually sought before sharing (P6.8).",
            whose=ConsentRecord.Whose.PARENT_OR_CARER,
            person_name="A. Parent",
            was_sought=True,
            answer=policy.Consent.REFUSED,
            occurred_on=timezone.localdate(),
        ),
        actor=officer,
    )
    share = decision_record(
        ShareDecision(
            case=case,
            outcome="Share with children's social care without consent",
            facts=FACTS,
            professional_opinion=OPINION,
            reason="Waiting for consent would leave the child at risk of significant harm.",
            purpose="To protect the child from further physical harm.",
            information="The concern, the bruise seen and the child's words.",
            recipient_organisation="Children's social care",
            recipient_name="Duty social worker",
            recipient_role="Social worker",
            recipient_contact="0100 000 0000",
            consent=policy.Consent.REFUSED,
            consent_record=consent,
            significant_harm_justification="The child may be hit again tonight.",
            lawful_basis=ShareDecision.LawfulBasis.SAFEGUARDING,
            urgency=ShareDecision.Urgency.URGENT,
            method=ShareDecision.Method.SECURE_EMAIL,
            share_outcome=policy.SHARE,
        ),
        actor=officer,
    )
    review = decision_record(
        NSOReview(
            case=case,
            outcome="Endorsed",
            reason="The share rests on P6.8 with a stated significant-harm justification.",
            share_decision=share,
            verdict=NSOReview.Verdict.ENDORSED,
        ),
        actor=nso,
    )
    return {
        "concern": concern,
        "triage": triage,
        "referral": referral,
        "consent": consent,
        "share_decision": share,
        "nso_review": review,
    }


class Chain:
    """Hands out ids and chain positions, and hashes copies in order."""

    def __init__(self) -> None:
        head = Decision.objects.order_by("-sequence").values("id", "sequence", "content_hash")
        last = head.first()
        self.next_id = (
            Decision.objects.order_by("-id").values_list("id", flat=True).first() or 0
        ) + 1
        self.sequence = last["sequence"] if last else 0
        self.previous = last["content_hash"] if last else GENESIS_HASH

    def copy(self, example: Decision, at: dt.datetime, **values: Any) -> Decision:
        model = type(example)
        obj = model()
        for f in model._meta.concrete_fields:
            setattr(obj, f.attname, getattr(example, f.attname))
        for name, value in values.items():
            setattr(obj, name, value)
        obj.id = self.next_id
        parent_link = model._meta.parents[Decision]
        assert parent_link is not None, "a decision type extends Decision"
        setattr(obj, parent_link.attname, self.next_id)
        self.next_id += 1
        obj.code = uuid.uuid4()
        obj.recorded_at = at
        self.sequence += 1
        obj.sequence = self.sequence
        obj.previous_hash = self.previous
        obj.content_hash = compute_hash(obj)
        self.previous = obj.content_hash
        return obj


def _insert(objs: list[Decision]) -> None:
    """Insert typed decisions: the common rows, then each type's own rows."""
    if not objs:
        return
    base_fields = [f for f in Decision._meta.local_concrete_fields]
    for start in range(0, len(objs), BATCH):
        # The manager's bulk insert without bulk_create's multi-table refusal; Django's
        # own method, which its stubs leave out.
        Decision._base_manager._insert(  # type: ignore[attr-defined]
            objs[start : start + BATCH], fields=base_fields
        )
    by_model: dict[type[Decision], list[Decision]] = {}
    for obj in objs:
        by_model.setdefault(type(obj), []).append(obj)
    for model, rows in by_model.items():
        fields = list(model._meta.local_concrete_fields)
        for start in range(0, len(rows), BATCH):
            model._base_manager._insert(  # type: ignore[attr-defined]
                rows[start : start + BATCH], fields=fields
            )


def _after_bulk_insert() -> None:
    # Ids were given out here, so the table's own sequence must move past them.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('ttw_safeguarding_decision', 'id'), "
            "(SELECT max(id) FROM ttw_safeguarding_decision))"
        )
        cursor.execute("ANALYZE")


def _times(count: int, *, days: int = 730) -> Iterator[dt.datetime]:
    start = timezone.now() - dt.timedelta(days=days)
    step = dt.timedelta(days=days) / max(count, 1)
    for i in range(count):
        yield start + step * i


def seed(*, concerns: int, cases: int, decisions: int, rng_seed: int = 6) -> Seeded:
    """Seed ``concerns`` concerns, ``cases`` cases and ``decisions`` other decisions."""
    started = time.perf_counter()
    rng = random.Random(rng_seed)
    staff, officer, nso, officers = _users()
    year = timezone.localdate().year

    children = Child.objects.bulk_create(
        [
            Child(
                name=f"Child {i:05d}",
                reference=f"C-{year}-{i:05d}",
                approximate_age=rng.randint(5, 17),
                created_by=staff,
            )
            for i in range(1, cases + 1)
        ],
        batch_size=BATCH,
    )
    risks = list(Case.Risk.values)
    statuses = [Case.Status.OPEN, Case.Status.OPEN, Case.Status.MONITORING, Case.Status.CLOSED]
    case_rows = []
    for i, (child, opened) in enumerate(zip(children, _times(cases), strict=True), start=1):
        meets = i % 3 == 0
        case_rows.append(
            Case(
                reference=f"CASE-{year}-{i:05d}",
                child=child,
                owner=officers[i % len(officers)],
                status=statuses[i % len(statuses)],
                risk_level=risks[i % len(risks)],
                meets_referral_threshold=meets,
                threshold_rationale="Physical harm by a carer." if meets else "",
                opened_at=opened,
                opened_by=officers[i % len(officers)],
            )
        )
    all_cases = Case.objects.bulk_create(case_rows, batch_size=BATCH)
    # The examples belong to the last case: the one the benchmark opens.
    focus = all_cases[-1]
    examples = _examples(staff=staff, officer=officer, nso=nso, case=focus)

    chain = Chain()
    counts = {kind: 0 for kind in examples}
    with transaction.atomic():
        # Concerns, spread over the children; triaged below, case by case.
        concerns_of: dict[int, list[int]] = {}
        batch: list[Decision] = []
        for i, at in enumerate(_times(concerns)):
            child = children[i % len(children)]
            obj = chain.copy(
                examples["concern"],
                at,
                child_id=child.pk,
                occurred_at=at - dt.timedelta(hours=3),
                outcome=f"Concern about {child.reference}",
                is_urgent=i % 50 == 0,
                recorded_by_id=staff.pk,
            )
            concerns_of.setdefault(child.pk, []).append(obj.pk)
            batch.append(obj)
            if len(batch) >= BATCH * 5:
                _insert(batch)
                batch = []
        _insert(batch)
        counts["concern"] = concerns

        # Other decisions, case by case, in the mix a year of casework gives:
        # a triage for every case, then referrals, consent, shares and reviews.
        mix = [
            ("triage", 0.4),
            ("referral", 0.2),
            ("consent", 0.16),
            ("share_decision", 0.16),
            ("nso_review", 0.08),
        ]
        plan = {kind: int(decisions * share) for kind, share in mix}
        plan["triage"] += decisions - sum(plan.values())
        batch = []
        last_consent: dict[int, int] = {}
        unreviewed: list[tuple[int, int]] = []
        times = _times(decisions, days=700)
        for kind, _share in mix:
            for n in range(plan[kind]):
                case = all_cases[n % len(all_cases)]
                at = next(times)
                values: dict[str, Any] = {"case_id": case.pk}
                if kind == "triage":
                    # One triage per concern: a case's first triage takes the child's
                    # first concern, any further one the next concern.
                    concern_id = concerns_of[case.child_id][n // len(all_cases)]
                    values.update(
                        concern_id=concern_id,
                        owner_id=case.owner_id,
                        outcome=f"Opened case {case.reference}",
                    )
                elif kind == "consent":
                    last_consent[case.pk] = chain.next_id
                elif kind == "share_decision":
                    values["consent_record_id"] = last_consent.get(case.pk)
                    unreviewed.append((chain.next_id, case.pk))
                elif kind == "nso_review":
                    share_id, case_id = unreviewed.pop(0)
                    values.update(share_decision_id=share_id, case_id=case_id)
                    values["recorded_by_id"] = nso.pk
                if kind != "nso_review":
                    values["recorded_by_id"] = officers[n % len(officers)].pk
                batch.append(chain.copy(examples[kind], at, **values))
                counts[kind] += 1
                if len(batch) >= BATCH * 5:
                    _insert(batch)
                    batch = []
        _insert(batch)
    _after_bulk_insert()
    counts = {kind: n + 1 for kind, n in counts.items()}  # plus the recorded examples
    return Seeded(
        officer=officer,
        nso=nso,
        staff=staff,
        case=focus,
        share_decision=cast(ShareDecision, examples["share_decision"]),
        examples=examples,
        counts=counts,
        seconds=time.perf_counter() - started,
    )


def case_with_events(seeded: Seeded, *, events: int) -> Case:
    """A case whose chronology has ``events`` events: concerns, triage, referrals, consent."""
    year = timezone.localdate().year
    child = Child.objects.create(
        name="Chronology Child", reference=f"C-{year}-CHRON", created_by=seeded.staff
    )
    case = Case.objects.create(
        reference=f"CASE-{year}-CHRON", child=child, owner=seeded.officer, opened_by=seeded.officer
    )
    chain = Chain()
    ex = seeded.examples
    times = _times(events + 2, days=365)
    concern = chain.copy(ex["concern"], next(times), child_id=child.pk, case_id=None)
    rows: list[Decision] = [concern]
    rows.append(chain.copy(ex["triage"], next(times), case_id=case.pk, concern_id=concern.pk))
    n = 0
    while len(rows) < events:
        kind = ("referral", "consent", "concern")[n % 3]
        n += 1
        if kind == "concern" and len(rows) + 2 <= events:
            # A later concern about the child, triaged into this case.
            later = chain.copy(ex["concern"], next(times), child_id=child.pk, case_id=None)
            rows.append(later)
            rows.append(chain.copy(ex["triage"], next(times), case_id=case.pk, concern_id=later.pk))
        elif kind != "concern":
            rows.append(chain.copy(ex[kind], next(times), case_id=case.pk))
    with transaction.atomic():
        _insert(rows)
    _after_bulk_insert()
    return case

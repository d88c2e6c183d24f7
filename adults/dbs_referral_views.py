"""Pages of the DBS referral pack (SVGA35): each reads access, form, service, message,
redirect. Officers and the NSO; a welfare officer is answered 404, everyone else 403."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from adults import access as adult_access
from adults import dbs_referral_forms as forms
from adults import dbs_referral_selectors as selectors
from adults import dbs_referral_services as services
from adults.models import DbsReferralOutcome, DbsReferralPack, DbsReferralSent
from sharing import policy
from ttw_safeguarding.records import access, submissions
from ttw_safeguarding.records.forms import add_refusal

FORM_TEMPLATE = "adults/dbs_referral/form.html"


def _visible(user: Any, decision: Any) -> Any:
    """``decision`` if ``user`` may see it (a restricted one only if named, P6.6), else None."""
    if decision is None:
        return None
    if not access.decisions_visible_to(user).filter(pk=decision.pk).exists():
        return None
    return decision


def _form_page(
    request: access.AuthenticatedHttpRequest,
    pack: DbsReferralPack,
    form: django_forms.BaseForm,
    *,
    title: str,
    intro: str = "",
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        FORM_TEMPLATE,
        {"pack": pack, "adult": pack.adult, "form": form, "title": title, "intro": intro, **extra},
    )


@access.page("adults:dbs_pack_start")
@submissions.recording
def pack_start(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    adult = adult_access.adult_for_user(request.user, code)
    duties = selectors.duties_of(user=request.user, adult=adult)
    form = forms.DbsPackStartForm(request.POST if request.method == "POST" else None, duties=duties)
    if request.method == "POST" and form.is_valid():
        try:
            pack = services.dbs_pack_start(
                actor=request.user, adult=adult, duty=form.cleaned_data["duty"]
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The DBS referral pack is started.")
            return redirect("adults:dbs_pack", code=pack.code)
    return render(
        request,
        "adults/adult_form.html",
        {
            "adult": adult,
            "form": form,
            "title": f"Start a DBS referral pack for {adult.name}",
            "intro": policy.CLAUSES["SVGA35"].text,
        },
    )


@access.page("adults:dbs_pack")
def pack_detail(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    pack = adult_access.dbs_pack_for_user(request.user, code)
    access.log_access(request.user, pack)
    lines = selectors.checklist(pack)
    sent = selectors.sent_of(pack)
    answer = DbsReferralOutcome.objects.filter(sent=sent).first() if sent is not None else None
    return render(
        request,
        "adults/dbs_referral/pack.html",
        {
            "pack": pack,
            "adult": pack.adult,
            "duty": _visible(request.user, pack.duty),
            "lines": lines,
            "problems": selectors.pack_problems(lines),
            "evidence": list(selectors.evidence_of(pack)),
            "chronology": selectors.chronology(user=request.user, adult=pack.adult),
            "sent": sent,
            "sent_visible": _visible(request.user, sent),
            "answer": answer,
            "answer_visible": _visible(request.user, answer),
            "clause": policy.CLAUSES["SVGA35"],
        },
    )


def _refused_when_sent(request: access.AuthenticatedHttpRequest, pack: DbsReferralPack) -> bool:
    sent = selectors.sent_of(pack)
    if sent is None:
        return False
    messages.info(request, services.PACK_SENT.format(date=f"{sent.referred_on:%d %b %Y}"))
    return True


@access.page("adults:dbs_pack_item")
@submissions.recording
def pack_item(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    pack = adult_access.dbs_pack_for_user(request.user, code)
    if request.method != "POST" and _refused_when_sent(request, pack):
        return redirect("adults:dbs_pack", code=pack.code)
    initial = {"item": request.GET.get("item", "")} if request.method != "POST" else None
    form = forms.DbsPackItemForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dbs_pack_item_record(
                actor=request.user,
                pack=pack,
                item=data["item"],
                is_present=data["is_present"],
                where=data.get("where", ""),
                not_available_because=data.get("not_available_because", ""),
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The item is recorded.")
            return redirect("adults:dbs_pack", code=pack.code)
    return _form_page(
        request,
        pack,
        form,
        title="Account for an item of the DBS referral pack",
        intro="Each item the DBS asks for is in the pack (say where it is), or not "
        "available (say why). A later entry for the same item replaces this one in the "
        "checklist; every entry is kept.",
    )


@access.page("adults:dbs_pack_evidence")
@submissions.recording
def pack_evidence(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    pack = adult_access.dbs_pack_for_user(request.user, code)
    if request.method != "POST" and _refused_when_sent(request, pack):
        return redirect("adults:dbs_pack", code=pack.code)
    form = forms.DbsPackEvidenceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dbs_pack_evidence_add(actor=request.user, pack=pack, **form.cleaned_data)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The evidence is added to the list.")
            return redirect("adults:dbs_pack", code=pack.code)
    return _form_page(request, pack, form, title="Add to the evidence list")


@access.page("adults:dbs_pack_send")
@submissions.recording
def pack_send(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    pack = adult_access.dbs_pack_for_user(request.user, code)
    problems = selectors.pack_problems(selectors.checklist(pack))
    form = forms.DbsReferralSentForm(
        request.POST if request.method == "POST" else None, problems=problems
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.dbs_referral_send(actor=request.user, pack=pack, **form.cleaned_data)
        except ValidationError as exc:  # the policy's refusal, or sent already (AlreadyRecorded)
            add_refusal(form, exc)
        else:
            messages.success(request, "The pack is recorded as sent to the DBS.")
            return redirect("adults:dbs_pack", code=sent.pack.code)
    return _form_page(
        request,
        pack,
        form,
        title="Mark the DBS referral pack sent",
        intro="The pack is kept as it is now: its checklist, its evidence list and the "
        "dated chronology. Its written report is the pack.",
        problems=problems,
    )


@access.page("adults:dbs_pack_outcome")
@submissions.recording
def pack_outcome(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    pack = adult_access.dbs_pack_for_user(request.user, code)
    sent: DbsReferralSent | None = selectors.sent_of(pack)
    form = forms.DbsReferralOutcomeForm(
        request.POST if request.method == "POST" else None, sent=sent
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.dbs_referral_outcome_record(actor=request.user, pack=pack, **form.cleaned_data)
        except ValidationError as exc:
            add_refusal(form, exc, aliases=forms.OUTCOME_ALIASES)
        else:
            messages.success(request, "The DBS's answer is recorded.")
            return redirect("adults:dbs_pack", code=pack.code)
    return _form_page(request, pack, form, title="Record the DBS's answer")

"""Pages of the sharing app: consent, the share decision in steps, NSO review, P6.9 follow-up."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from formtools.wizard.views import SessionWizardView

from cases import access as case_access
from cases.models import Case
from sharing import access as sharing_access
from sharing import forms, policy, selectors, services
from sharing.models import ShareDecision
from ttw_safeguarding.records import access, pages, submissions
from ttw_safeguarding.records.decisions import AlreadyRecorded, already_recorded
from ttw_safeguarding.records.forms import add_refusal
from ttw_safeguarding.records.models import WrittenReport
from ttw_safeguarding.records.paging import paginate
from ttw_safeguarding.records.record_pages import RecordPage

# P6.8: a consent record, on its own page (ttw_safeguarding.records.record_pages).
CONSENT = RecordPage[Case](
    url_name="sharing:consent_new",
    subject=case_access.case_for_user,
    subject_arg="case",
    form=forms.ConsentRecordForm,
    service=services.consent_record_record,
    template="sharing/consent_form.html",
    title="Record consent",
    success="The consent record is recorded.",
    aliases=forms.POLICY_FIELDS,
)
consent_new = CONSENT.view()


def _show_justification(wizard: ShareDecisionWizard) -> bool:
    """P6.8: the justification step applies to a share without consent."""
    consent = wizard.answers_of("consent")
    return policy.share_without_consent(consent.get("consent") or "")


class ShareDecisionWizard(SessionWizardView):
    """The share decision in steps (the information-sharing flowchart), checked at each step."""

    template_name = "sharing/share_wizard.html"
    form_list = forms.SHARE_STEPS
    condition_dict = {"justification": _show_justification}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.case = case_access.case_for_user(request.user, kwargs["code"])
        self._answers: dict[tuple[str, str], dict[str, Any]] = {}
        return super().dispatch(request, *args, **kwargs)

    def get_prefix(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        # One set of answers per case, so two decisions in two tabs do not mix.
        return f"share_decision_{kwargs['code']}"

    def answers_of(self, step: str) -> dict[str, Any]:
        """The cleaned answers of one step (empty if not given or no longer valid)."""
        data = self.storage.get_step_data(step)
        key = (step, repr(sorted(data.lists())) if data is not None else "")
        if key not in self._answers:
            self._answers[key] = {}
            if data is not None:
                form = self.get_form(step=step, data=data)
                if form.is_valid():
                    self._answers[key] = form.cleaned_data
        return self._answers[key]

    def answers_before(self, step: str) -> dict[str, Any]:
        """What the steps before ``step`` said (conditions evaluated only as far as needed)."""
        answers: dict[str, Any] = {}
        # as_view() has made the declared (name, form) pairs a mapping; dict() reads either.
        for name in dict(self.form_list):
            if name == step:
                break
            if name == "justification" and not _show_justification(self):
                continue
            answers.update(self.answers_of(name))
        return answers

    def answers_besides(self, step: str) -> dict[str, Any]:
        """What the earlier steps said and, once stated, the outcome (share or not).

        A step checks its own answers against the decision as far as it is known, so a
        justification (P6.8) or a method (P6.9) is refused at its own step once the outcome is
        a share. Only the outcome's own value is read ahead, so no step's answers depend on
        themselves.
        """
        answers = self.answers_before(step)
        names = list(dict(self.form_list))
        if names.index(step) < names.index("outcome"):
            data = self.storage.get_step_data("outcome")
            stated = data.get("outcome-share_outcome") if data is not None else None
            if stated in ShareDecision.Outcome.values:
                answers["share_outcome"] = stated
        return answers

    def get_form_kwargs(self, step: str | None = None) -> dict[str, Any]:
        step = step or self.steps.current
        answers = self.answers_besides(step)
        return {"case": self.case, "user": self.request.user, "answers": answers}

    # --- moving between steps -----------------------------------------------------------

    # The step the person was sent to (by a Change link, or back to an earlier answer a later
    # one made insufficient): once it is answered, the check page, not the next step.
    RETURN_TO_CHECK = "return_to_check"

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        change = self.request.POST.get("change_step")
        if change and change in self.get_form_list():
            # A Change link on the check page: that step, then back to the check page.
            self.storage.extra_data = {**self.storage.extra_data, self.RETURN_TO_CHECK: change}
            return self.render_goto_step(change)
        return super().post(*args, **kwargs)

    def render_goto_step(self, goto_step: str, **kwargs: Any) -> HttpResponse:
        """Back (or Change) keeps what this step said, valid or not: it is checked on Next."""
        current = self.steps.current
        if self.request.method == "POST" and current != "check":
            form = self.get_form(data=self.request.POST, files=self.request.FILES)
            self.storage.set_step_data(current, self.process_step(form))
            self._answers.clear()
        return super().render_goto_step(goto_step, **kwargs)

    def _first_unfinished(self) -> str | None:
        """The first step (before the check) whose stored answers are missing or now refused."""
        for step in self.get_form_list():
            if step == "check":
                return None
            data = self.storage.get_step_data(step)
            if data is None or not self.get_form(step=step, data=data).is_valid():
                return step
        return None

    def render_next_step(self, form: Any, **kwargs: Any) -> HttpResponse:
        self._answers.clear()
        current = self.steps.current
        names = list(self.get_form_list())
        unfinished = self._first_unfinished()
        # Only the step sent to returns to the check page; any other step goes on as usual.
        returning = self.storage.extra_data.get(self.RETURN_TO_CHECK) == current
        if unfinished is not None and (returning or names.index(unfinished) < names.index(current)):
            # A later answer (a share, say) makes an earlier step's answer insufficient, or a
            # change needs a step not yet answered: that step, with its own message.
            self.storage.extra_data = {
                **self.storage.extra_data,
                self.RETURN_TO_CHECK: unfinished,
            }
            return self.render_revalidation_failure(
                unfinished,
                self.get_form(step=unfinished, data=self.storage.get_step_data(unfinished)),
            )
        self.storage.extra_data = {}
        if returning:
            return self.render_goto_step("check")
        return super().render_next_step(form, **kwargs)

    def get_context_data(self, form: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(form=form, **kwargs)
        context["case"] = self.case
        if self.steps.current == "check":
            answers = self.answers_before("check")
            context["summary"] = _summary(answers)
            facts = form.facts_for_policy()
            context["clauses"] = policy.clauses_described(policy.evaluate_share(facts).clauses)
        return context

    def render_done(self, form: Any, **kwargs: Any) -> HttpResponse:
        """Check every step again, then record; a refusal keeps the answers for correction."""
        answers: dict[str, Any] = {}
        for step in self.get_form_list():
            step_form = self.get_form(step=step, data=self.storage.get_step_data(step))
            if not step_form.is_valid():
                return self.render_revalidation_failure(step, step_form, **kwargs)
            answers.update(step_form.cleaned_data)
        try:
            decision = services.share_decision_record(
                case=self.case,
                actor=self.request.user,
                purpose=answers["purpose"],
                information=answers["information"],
                about_referral_information=bool(answers.get("about_referral_information")),
                recipient_organisation=answers["recipient_organisation"],
                recipient_name=answers["recipient_name"],
                recipient_role=answers["recipient_role"],
                recipient_contact=answers["recipient_contact"],
                consent=answers["consent"],
                consent_record=answers.get("consent_record"),
                significant_harm_justification=answers.get("significant_harm_justification", ""),
                lawful_basis=answers["lawful_basis"],
                basis=answers["basis"],
                cited_decision=answers.get("cited_decision"),
                urgency=answers.get("urgency", ""),
                method=answers.get("method", ""),
                facts=answers["facts"],
                professional_opinion=answers.get("professional_opinion", ""),
                share_outcome=answers["share_outcome"],
                reason=answers["reason"],
            )
        except ValidationError as exc:
            add_refusal(form, exc, aliases=forms.POLICY_FIELDS)
            return self.render(form)
        self.storage.reset()
        messages.success(
            request=self.request, message=f"The decision is recorded: {decision.outcome}."
        )
        return redirect("decisions:detail", code=decision.code)

    def done(self, form_list: Any, **kwargs: Any) -> HttpResponse:  # pragma: no cover
        raise NotImplementedError("render_done records the decision")


def _summary(answers: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """What the check step shows: every answer, labelled as on the record, with its step."""
    step_of = {field: step for step, form in forms.SHARE_STEPS for field in form.base_fields}
    labels = dict(
        purpose="Safeguarding purpose",
        information="Information",
        about_referral_information="About the information meeting the referral threshold",
        recipient_organisation="Recipient organisation",
        recipient_name="Named person",
        recipient_role="Their role",
        recipient_contact="Their contact details",
        consent="Consent position",
        consent_record="Consent record relied on",
        significant_harm_justification="Significant-harm justification",
        lawful_basis="Lawful basis",
        basis="Policy basis",
        cited_decision="Record the share rests on",
        urgency="Urgency",
        method="Method",
        facts="FACTS",
        professional_opinion="PROFESSIONAL OPINION",
        share_outcome="Outcome",
        reason="Reason for the decision",
    )
    choices: dict[str, dict[str | None, str]] = {
        "consent": dict(policy.Consent.CHOICES),
        "lawful_basis": dict(ShareDecision.LawfulBasis.choices),
        "basis": dict(policy.Basis.CHOICES),
        "urgency": dict(ShareDecision.Urgency.choices),
        "method": dict(ShareDecision.Method.choices),
        "share_outcome": dict(ShareDecision.Outcome.choices),
    }
    rows = []
    for name, label in labels.items():
        value = answers.get(name)
        if name in choices:
            value = choices[name].get(value, value)
        elif name == "about_referral_information":
            if name not in answers:
                continue
            value = "Yes" if value else "No"
        elif name in ("consent_record", "cited_decision") and value is not None:
            value = f"{value.outcome} ({value.short_code})"
        rows.append((label, value, step_of[name]))
    return rows


share_new = access.page("sharing:share_new")(submissions.recording(ShareDecisionWizard.as_view()))


@access.page("sharing:review_queue")
def review_queue(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    context = paginate(request, selectors.review_queue(user=request.user))
    context["items"] = selectors.review_queue_items(
        user=request.user, decisions=context["page_obj"].object_list
    )
    return render(request, "sharing/review_queue.html", context)


@access.page("sharing:review_new")
@submissions.recording
def review_new(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    share_decision = sharing_access.share_decision_for_user(request.user, code)
    access.log_access(request.user, share_decision, what="NSO review page")
    existing = already_recorded(services.nso_review_once_key(share_decision))
    # A page opened afterwards says so; a second submit is answered on its form by the
    # record path (decision_record's once_key), which holds the chain lock.
    if existing is not None and request.method != "POST":
        messages.info(request, AlreadyRecorded(existing).message)
        return redirect("decisions:detail", code=existing.code)
    may_review = sharing_access.may_review_share_decision(request.user, share_decision)
    if request.method == "POST" and not may_review:
        # Visible, but their own decision: another NSO or the board safeguarding lead reviews it.
        raise PermissionDenied
    form = forms.NSOReviewForm(
        request.POST or None, reviewer=request.user, share_decision=share_decision
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.nso_review_record(
                share_decision=share_decision, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_refusal(form, exc, aliases=forms.POLICY_FIELDS)
        else:
            messages.success(request, "The review is recorded.")
            return redirect("decisions:detail", code=review.code)
    context = {
        "share_decision": share_decision,
        "form": form,
        "may_review": may_review,
        # The decision under review in full, as its own page shows it, and its report.
        "decision": share_decision,
        "details": share_decision.report_context(),
        "clauses": pages.clauses_described(share_decision.clauses),
        "report": WrittenReport.objects.filter(decision=share_decision).first(),
    }
    return render(request, "sharing/review_form.html", context)


@access.page("sharing:written_report_sent")
@submissions.recording
def written_report_sent(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    share_decision = sharing_access.share_decision_for_user(request.user, code)
    access.log_access(request.user, share_decision, what="written-report confirmation page")
    existing = already_recorded(services.written_report_sent_once_key(share_decision))
    # A page opened afterwards says so; a second submit is answered on its form by the
    # record path (decision_record's once_key), which holds the chain lock.
    if existing is not None and request.method != "POST":
        messages.info(request, AlreadyRecorded(existing).message)
        return redirect("decisions:detail", code=existing.code)
    if not share_decision.needs_written_report_confirmation:
        messages.info(request, "This decision needs no written-report confirmation.")
        return redirect("decisions:detail", code=share_decision.code)
    form = forms.WrittenReportSentForm(request.POST or None, share_decision=share_decision)
    if request.method == "POST" and form.is_valid():
        try:
            confirmation = services.written_report_sent_record(
                share_decision=share_decision, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_refusal(form, exc, aliases=forms.POLICY_FIELDS)
        else:
            messages.success(request, "The written report is confirmed as sent.")
            return redirect("decisions:detail", code=confirmation.code)
    context = {"share_decision": share_decision, "form": form}
    return render(request, "sharing/written_report_sent_form.html", context)

"""Evidence file pages: attach a file to a record, download it, preview an image."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from ttw_safeguarding.records import access, evidence, need_to_know, submissions
from ttw_safeguarding.records.forms import EvidenceFileForm
from ttw_safeguarding.records.models import EvidenceFile
from ttw_safeguarding.records.record_kinds import record_for_user
from ttw_safeguarding.records.views import _restricted_reason


@access.page("evidence:add")
@submissions.recording
def evidence_add(request: access.AuthenticatedHttpRequest, kind: str, code: str) -> HttpResponse:
    record_kind, record = record_for_user(request.user, kind, code)
    earlier = evidence.evidence_files_on(request.user, record_kind.key, record)
    form = EvidenceFileForm(request.POST or None, request.FILES or None, earlier=earlier)
    if request.method == "POST" and form.is_valid():
        name, data = form.cleaned_data["upload"]
        try:
            attached = evidence.evidence_file_record(
                actor=request.user,
                target_kind=record_kind.key,
                target_code=record.code,
                name=name,
                data=data,
                description=form.cleaned_data["description"],
                reason=form.cleaned_data["reason"],
                replaces=form.cleaned_data["replaces"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"The file {attached.file_name} is attached and recorded.")
            return redirect(record_kind.url(record))
    context = {
        "form": form,
        "record": record,
        "record_url": record_kind.url(record),
        "described": record_kind.describe(record),
        "earlier": earlier,
        "max_size": settings.TTW_EVIDENCE_MAX_BYTES,
    }
    return render(request, "evidence/add.html", context)


def _checked_bytes(request: access.AuthenticatedHttpRequest, item: EvidenceFile) -> bytes | None:
    """The stored bytes if they match the recorded SHA-256; None (reported) otherwise."""
    storage = evidence.evidence_storage()
    try:
        with storage.open(item.storage_name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        data = None
    if data is None or evidence.sha256_of(data) != item.sha256:
        evidence.evidence_integrity_failure_record(evidence=item, detected_by=request.user)
        messages.error(request, evidence.INTEGRITY_FAILURE)
        return None
    return data


@access.page("evidence:download")
def evidence_download(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponseBase:
    item = evidence.evidence_file_for_user(request.user, code)
    data = _checked_bytes(request, item)
    if data is None:
        return redirect("decisions:detail", code=item.code)
    if need_to_know.reason_required_to_open(item):
        # P6.6: a file on a restricted record asks why it is opened, like its page.
        asked = _restricted_reason(
            request, item, what="evidence file download", submit_label="Download"
        )
        if asked is not None:
            return asked
    else:
        access.log_access(request.user, item, what="evidence file download")
    response = FileResponse(io.BytesIO(data), content_type=item.content_type)
    # Always a download, never shown in the browser, under the cleaned name only.
    response["Content-Disposition"] = content_disposition_header(True, item.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@access.page("evidence:thumbnail")
def evidence_thumbnail(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponseBase:
    item = evidence.evidence_file_for_user(request.user, code)
    if not item.is_image:
        return render(request, "404.html", status=404)
    if need_to_know.reason_required_to_open(item):
        # P6.6: a restricted file has no preview; it opens by download, once a reason is given.
        return redirect("decisions:detail", code=item.code)
    data = _checked_bytes(request, item)
    if data is None:
        return redirect("decisions:detail", code=item.code)
    access.log_access(request.user, item, what="evidence file preview")
    response = HttpResponse(evidence.thumbnail_png(data), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response

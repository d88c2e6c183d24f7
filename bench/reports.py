"""Written-report timings, run in a process of its own so its peak memory is its own.

``python -m bench.reports <decision code> <case code> <nso username>`` prints one
JSON line: render times of the decision's written report and of the case's
chronology PDF (through the chronology page, as the NSO), page counts, and the
process's peak resident memory.
"""

from __future__ import annotations

import io
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WARM_UP = 3


def _timed(run: Callable[[], bytes], repeat: int) -> tuple[list[float], bytes]:
    for _ in range(WARM_UP):
        data = run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        data = run()
        times.append(time.perf_counter() - started)
    return times, data


def _pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000,
        "runs": len(ordered),
    }


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited
    from the parent that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(decision_code: str, case_code: str, nso_username: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ttw_safeguarding.records.models import Decision
    from ttw_safeguarding.records.reports import decision_report_pdf

    memory_before = _peak_rss_mb()
    decision = Decision.objects.get(code=decision_code).typed()
    report_times, report = _timed(lambda: decision_report_pdf(decision), 20)

    nso = get_user_model().objects.get(username=nso_username)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(nso)
    device = TOTPDevice.objects.filter(user=nso, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    url = reverse("cases:chronology_pdf", args=[case_code])

    def chronology() -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if response.streaming:
            # The test client's response, which the stubs do not type as streaming.
            return b"".join(response.streaming_content)  # type: ignore[attr-defined]
        return response.content

    chronology_times, chronology_pdf = _timed(chronology, 10)
    return {
        "decision_report": {**_summary(report_times), "pages": _pages(report)},
        "chronology": {**_summary(chronology_times), "pages": _pages(chronology_pdf)},
        "rss_after_setup_mb": memory_before,
        "peak_rss_mb": _peak_rss_mb(),
    }


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))

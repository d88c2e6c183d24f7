"""`make bench`: seed PostgreSQL, load the main pages under gunicorn, time reports and recording.

Not part of the tests. Recreates the ``ttw_bench`` database on every run, seeds
it (bench.seed), serves it with gunicorn (2 workers, persistent database
connections, DEBUG off) on 127.0.0.1 and loads each page with wrk for a bounded
time, next to a bare Django view (``/health/``) on the same server. Prints a
Markdown report and writes it to ``bench-results/report.md``; the issue's
targets are checked in the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-results"
SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "ttw_bench"
PYTHON = sys.executable

# The targets on a 2-core machine.
PAGE_P95_MS = 50.0
PAGE_SHARE_OF_BASELINE = 0.1
REPORT_MEDIAN_MS = 100.0
CHRONOLOGY_MS = 1000.0
RECORD_TIMES_INSERT = 3.0
# Search across the records (issue 17): a common word and a reference, p95 under 100 ms
# with the benchmark's concerns behind them (its own target: no share of the baseline).
SEARCH_P95_MS = 100.0
# Words every seeded concern's facts hold, and the page's rows for them.
SEARCH_COMMON_WORD = "bruise"


def _environment() -> dict[str, str]:
    """Production-like settings for the benchmark database, the same for every process."""
    OUT.mkdir(exist_ok=True)
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        # Plain HTTP on 127.0.0.1: no TLS proxy in front of gunicorn here.
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(OUT / "static"),
        "MEDIA_ROOT": str(OUT / "media"),
        "TTW_VAR_DIR": str(OUT / "var"),
        # Reports of decisions recorded during the run wait for a worker, as in production.
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "ttw_safeguarding.settings",
        # The organisation's keys, which production names (DEBUG off refuses to start
        # without them): a pair made for the run (keys_for_the_run), as the tests make theirs.
        **{name: str(KEYS / file) for name, file in KEY_FILES.items()},
        "TTW_CHECKPOINT_DIR": str(OUT / "checkpoints"),
        "TTW_EVIDENCE_ROOT": str(OUT / "evidence"),
    }


KEYS = OUT / "keys"
KEY_FILES = {
    "TTW_CHECKPOINT_KEY_FILE": "checkpoint_key.pem",
    "TTW_SIGNING_KEY_FILE": "signing_key.pem",
    "TTW_SIGNING_CERT_FILE": "signing_cert.pem",
}


def keys_for_the_run() -> None:
    """A checkpoint key and a self-signed certificate for the run, made once."""
    from ttw_safeguarding.records.signing import keys_generate

    if all((KEYS / file).exists() for file in KEY_FILES.values()):
        return
    KEYS.mkdir(parents=True, exist_ok=True)
    keys_generate(
        checkpoint_key=KEYS / KEY_FILES["TTW_CHECKPOINT_KEY_FILE"],
        signing_key=KEYS / KEY_FILES["TTW_SIGNING_KEY_FILE"],
        signing_cert=KEYS / KEY_FILES["TTW_SIGNING_CERT_FILE"],
    )


def _say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def ensure_wrk() -> str:
    """wrk from Debian's archive, installed with apt-get when missing."""
    found = shutil.which("wrk")
    if found:
        return found
    command = ["apt-get", "install", "-y", "--no-install-recommends", "wrk"]
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            raise SystemExit("wrk is missing: sudo " + " ".join(command))
        command = ["sudo", "-n", *command]
    _say("installing wrk with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(command, check=True, env=env)  # noqa: S603 - a fixed command line
    return shutil.which("wrk") or "wrk"


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except OSError:
        memory = "unknown"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return {
        "load": load,
        "nproc": str(os.cpu_count()),
        "memory": memory,
        "cpu": cpu,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg,
    }


# --- sessions --------------------------------------------------------------------


def session_cookie(user: Any) -> str:
    """A signed-in session for ``user``, past the second factor where their role needs one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


# --- the server ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "ttw_safeguarding.wsgi",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT)  # noqa: S603 - our own command line
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5):  # noqa: S310
                return server
        except OSError:  # refused while starting, or a first response still on its way
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch_status(url: str, cookie: str) -> tuple[int, int]:
    """Status and size of one response, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def load(wrk: str, url: str, cookie: str, *, seconds: int, connections: int) -> dict[str, Any]:
    command = [
        wrk,
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "wrk_stats.lua"),
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    return stats


# --- recording -------------------------------------------------------------------


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(pct / 100 * len(ordered)) - 1)]


def time_recording(seeded: Any, repeat: int) -> dict[str, Any]:
    """``decision_record`` (validation, transaction, chain lock, hash, audit, report row)
    against a plain single-row insert, alternated so both see the same machine."""
    from django.utils import timezone

    from cases.models import Referral
    from ttw_safeguarding.records.decisions import decision_record
    from ttw_safeguarding.records.models import Notification

    record, insert = [], []
    for i in range(repeat + 5):
        started = time.perf_counter()
        decision_record(
            Referral(
                case=seeded.case,
                outcome="Referred to the police",
                facts="The child said an adult at home hit them.",
                professional_opinion="The child appeared frightened of going home.",
                reason="The concern meets the threshold for referral.",
                agency=Referral.Agency.POLICE,
                agency_contact="Public protection unit",
                referred_at=timezone.now(),
                method=Referral.Method.PHONE,
                information_shared="The concern as recorded.",
            ),
            actor=seeded.officer,
        )
        took_record = time.perf_counter() - started
        started = time.perf_counter()
        Notification.objects.create(recipient=seeded.officer, message=f"Plain insert {i}")
        took_insert = time.perf_counter() - started
        if i >= 5:  # the first few warm the connection and caches
            record.append(took_record)
            insert.append(took_insert)
    return {
        "record_median_ms": statistics.median(record) * 1000,
        "record_p95_ms": _percentile(record, 95) * 1000,
        "insert_median_ms": statistics.median(insert) * 1000,
        "insert_p95_ms": _percentile(insert, 95) * 1000,
        "runs": repeat,
    }


def two_page_decision(seeded: Any) -> Any:
    """A referral whose written report runs to two pages, recorded through the real path."""
    import io

    from django.utils import timezone
    from pypdf import PdfReader

    from cases.models import Referral
    from ttw_safeguarding.records.decisions import decision_record
    from ttw_safeguarding.records.reports import decision_report_pdf

    paragraph = (
        "At the end of the session the child stayed behind and said that an adult at home "
        "had hit them on the arm the night before, because they came home late. "
    )
    for paragraphs in range(4, 60, 2):
        decision = decision_record(
            Referral(
                case=seeded.case,
                outcome="Referred to children's social care",
                facts="\n\n".join([paragraph * 2] * paragraphs),
                professional_opinion="\n\n".join([paragraph] * (paragraphs // 2)),
                reason="The concern meets the threshold for referral.",
                agency=Referral.Agency.SOCIAL_CARE,
                agency_contact="Duty social worker",
                referred_at=timezone.now(),
                method=Referral.Method.SECURE_EMAIL,
                information_shared="The concern as recorded, with the body map.",
            ),
            actor=seeded.officer,
        )
        pages = len(PdfReader(io.BytesIO(decision_report_pdf(decision))).pages)
        if pages == 2:
            return decision
        if pages > 2:
            break
    raise SystemExit("could not make a two-page written report")


# --- the report ------------------------------------------------------------------


def seed_actions(seeded: Any, *, count: int) -> None:
    """``count`` open actions for the officer on the seeded cases, a third of them overdue."""
    from django.utils import timezone

    from cases.models import Action, Case

    today = timezone.localdate()
    cases = list(Case.objects.order_by("pk").values_list("pk", "code", "reference")[:count])
    Action.objects.bulk_create(
        [
            Action(
                target_kind="case",
                target_code=code,
                target_label=f"Case {reference}",
                case_id=pk,
                what=f"Bench action {n}: ring the parents.",
                assignee=seeded.officer,
                due_on=today + dt.timedelta(days=(n % 9) - 3),
                created_by=seeded.nso,
            )
            for n, (pk, code, reference) in enumerate(cases)
        ]
    )


def time_alerts(runs: int = 5) -> dict[str, Any]:
    """``send_due_alerts --dry-run``: what every run costs before it tells anyone, reading
    every timescale and the ledger. (The bench's seed leaves most of its concerns untriaged and
    long overdue, so a real first run would write hundreds of thousands of alerts: a cost of the
    seed, not of the command.)"""
    from django.utils import timezone

    from ttw_safeguarding.records.alerts import alerts_send
    from ttw_safeguarding.records.timescales import items_open_at

    now = timezone.now()
    times, planned = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        run = alerts_send(now=now, dry_run=True)
        times.append((time.perf_counter() - started) * 1000)
        planned = sum(len(alert.recipient_ids) for alert in run.planned)
    return {
        "open_items": len(items_open_at(now)),
        "planned": planned,
        "median_ms": statistics.median(times),
        "max_ms": max(times),
        "runs": runs,
    }


def _ms(us: float) -> str:
    return f"{us / 1000:.1f}"


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        f"Run {result['when']} on {m['nproc']} CPU(s), {m['memory']}, {m['cpu']}; "
        f"{m['os']}; Python {m['python']}; PostgreSQL {m['postgresql']}; "
        f"load average at the start {m['load']}.",
        "",
        "Seeded: "
        + ", ".join(f"{n:,} {kind}" for kind, n in result["counts"].items())
        + f" ({result['seed_seconds']:.0f} s; hash chain of {result['chain']:,} records"
        + (" verified" if result.get("chain_verified") else "")
        + ").",
        "",
        f"gunicorn, 2 sync workers, persistent database connections, DEBUG off; wrk, "
        f"{result['connections']} connections for {result['seconds']} s per page, signed in.",
        "",
        "| page | as | requests/s | p50 ms | p95 ms | share of bare view's requests/s | target |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    base = result["pages"][0]
    for page in result["pages"]:
        share = page["rps"] / base["rps"]
        if page is base:
            verdict = "baseline"
        else:
            missed = []
            target_ms = page.get("target_ms") or PAGE_P95_MS
            if page["p95_us"] / 1000 >= target_ms:
                missed.append(f"p95 over {target_ms:.0f} ms")
            if not page.get("target_ms") and share < PAGE_SHARE_OF_BASELINE:
                missed.append(f"under {PAGE_SHARE_OF_BASELINE:.0%} of baseline")
            if page["errors"]:
                missed.append(f"{page['errors']} errors")
            verdict = "met" if not missed else "MISSED: " + "; ".join(missed)
        lines.append(
            f"| {page['name']} | {page['as']} | {page['rps']:.0f} | {_ms(page['p50_us'])} | "
            f"{_ms(page['p95_us'])} | {share:.2f} | {verdict} |"
        )
    r = result["reports"]
    dr, ch = r["decision_report"], r["chronology"]
    lines += [
        "",
        "| written report | pages | median ms | p95 ms | runs | target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        f"| decision report (warm) | {dr['pages']} | {dr['median_ms']:.0f} | {dr['p95_ms']:.0f} | "
        f"{dr['runs']} | "
        + (
            "met"
            if dr["median_ms"] < REPORT_MEDIAN_MS
            else f"MISSED: over {REPORT_MEDIAN_MS:.0f} ms"
        )
        + " |",
        f"| chronology, {result['chronology_events']} events (page request) | {ch['pages']} | "
        f"{ch['median_ms']:.0f} | {ch['p95_ms']:.0f} | {ch['runs']} | "
        + ("met" if ch["p95_ms"] < CHRONOLOGY_MS else f"MISSED: over {CHRONOLOGY_MS:.0f} ms")
        + " |",
        "",
        f"Peak memory of the process rendering them: {r['peak_rss_mb']:.0f} MB "
        f"({r['rss_after_setup_mb']:.0f} MB after Django start-up).",
    ]
    rec = result["recording"]
    ratio = rec["record_median_ms"] / rec["insert_median_ms"]
    lines += [
        "",
        "| write | median ms | p95 ms | runs |",
        "| --- | ---: | ---: | ---: |",
        f"| `decision_record` (transaction, chain lock, hash, audit entry, report row) | "
        f"{rec['record_median_ms']:.2f} | {rec['record_p95_ms']:.2f} | {rec['runs']} |",
        f"| plain single-row insert (`Notification.objects.create`) | "
        f"{rec['insert_median_ms']:.2f} | {rec['insert_p95_ms']:.2f} | {rec['runs']} |",
        "",
        f"Recording a decision takes {ratio:.1f} times a plain insert: "
        + (
            "met"
            if ratio < RECORD_TIMES_INSERT
            else f"MISSED (target under {RECORD_TIMES_INSERT:.0f} times)"
        )
        + ".",
    ]
    alerts = result.get("alerts")
    if alerts:
        lines += [
            "",
            "| alerts command | open items | alerts it would send | median ms | max ms | runs |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            f"| `send_due_alerts --dry-run` | {alerts['open_items']} | {alerts['planned']} | "
            f"{alerts['median_ms']:.0f} | {alerts['max_ms']:.0f} | {alerts['runs']} |",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concerns", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--decisions", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=10, help="load per page")
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--chronology-events", type=int, default=400)
    parser.add_argument("--records", type=int, default=200, help="decisions recorded")
    parser.add_argument("--actions", type=int, default=500, help="open actions on My actions")
    parser.add_argument("--skip-verify", action="store_true", help="skip verifying the chain")
    args = parser.parse_args(argv)

    os.environ.update(_environment())
    wrk = ensure_wrk()
    _say(f"recreating database {DATABASE}")
    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.urls import reverse

    keys_for_the_run()

    _say("migrating")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from bench.seed import case_with_events, seed

    _say(f"seeding {args.concerns:,} concerns, {args.cases:,} cases, {args.decisions:,} decisions")
    seeded = seed(concerns=args.concerns, cases=args.cases, decisions=args.decisions)
    _say(f"seeded in {seeded.seconds:.0f} s")
    chronology_case = case_with_events(seeded, events=args.chronology_events)
    _say("recording a decision with a two-page written report")
    report_decision = two_page_decision(seeded)

    from ttw_safeguarding.records.decisions import verify_chain
    from ttw_safeguarding.records.models import Decision

    result: dict[str, Any] = {
        "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": machine(),
        "counts": seeded.counts,
        "seed_seconds": seeded.seconds,
        "chain": Decision.objects.count(),
        "seconds": args.seconds,
        "connections": args.connections,
        "chronology_events": args.chronology_events,
    }
    if not args.skip_verify:
        _say("verifying the hash chain")
        started = time.perf_counter()
        # The seed bulk-inserts its records with their hash chain but no audit entries or
        # checkpoints: the chain is what is checked here.
        verify_chain(evidence=False)
        result["chain_verified"] = True
        _say(f"chain verified in {time.perf_counter() - started:.0f} s")

    seed_actions(seeded, count=args.actions)
    officer_cookie = session_cookie(seeded.officer)
    nso_cookie = session_cookie(seeded.nso)
    pages = [
        ("bare view (/health/)", "officer", reverse("health"), officer_cookie),
        ("case list", "officer", reverse("cases:list"), officer_cookie),
        ("case page", "officer", reverse("cases:detail", args=[seeded.case.code]), officer_cookie),
        (
            "decision page (share decision)",
            "officer",
            reverse("decisions:detail", args=[seeded.share_decision.code]),
            officer_cookie,
        ),
        ("NSO review queue", "NSO", reverse("sharing:review_queue"), nso_cookie),
        (
            f"My actions ({args.actions} open)",
            "officer",
            reverse("cases:my_actions"),
            officer_cookie,
        ),
        (
            f"search, a common word ({SEARCH_COMMON_WORD})",
            "officer",
            f"{reverse('search:results')}?{urlencode({'q': SEARCH_COMMON_WORD})}",
            officer_cookie,
        ),
        (
            "search, a case reference",
            "officer",
            f"{reverse('search:results')}?{urlencode({'q': seeded.case.reference})}",
            officer_cookie,
        ),
    ]
    targets_ms = {name: SEARCH_P95_MS for name, *_ in pages if name.startswith("search")}

    from django.db import connections

    connections.close_all()
    port = free_port()
    _say(f"starting gunicorn on 127.0.0.1:{port}")
    server = start_gunicorn(port)
    try:
        result["pages"] = []
        for name, who, path, cookie in pages:
            url = f"http://127.0.0.1:{port}{path}"
            status, size = fetch_status(url, cookie)
            if status != 200:
                raise SystemExit(f"{name}: {url} answered {status}, not 200")
            load(wrk, url, cookie, seconds=2, connections=args.connections)  # warm-up
            stats = load(wrk, url, cookie, seconds=args.seconds, connections=args.connections)
            stats.update(
                name=name,
                path=path,
                bytes=size,
                errors=stats["socket_errors"] + stats["non_2xx_3xx"],
                target_ms=targets_ms.get(name),
                **{"as": who},
            )
            result["pages"].append(stats)
            _say(
                f"{name}: {stats['rps']:.0f} req/s, p50 {_ms(stats['p50_us'])} ms, "
                f"p95 {_ms(stats['p95_us'])} ms"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    _say("timing written reports")
    reports = subprocess.run(  # noqa: S603 - our own module
        [
            PYTHON,
            "-m",
            "bench.reports",
            str(report_decision.code),
            str(chronology_case.code),
            seeded.nso.username,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result["reports"] = json.loads(reports.stdout.strip().splitlines()[-1])
    _say("timing decision_record against a plain insert")
    result["recording"] = time_recording(seeded, args.records)
    _say("timing the alerts command")
    result["alerts"] = time_alerts()

    text = markdown(result)
    (OUT / "report.md").write_text(text)
    (OUT / "report.json").write_text(json.dumps(result, indent=2, default=str))
    print()
    print(text)
    _say(f"written to {OUT / 'report.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

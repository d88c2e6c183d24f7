"""Written reports never fetch what user content names, and escape user text."""

from __future__ import annotations

import http.server
import threading

import pytest

from tests.conftest import pdf_text
from ttw_safeguarding.records.models import WrittenReport
from ttw_safeguarding.records.reports import RefusedResource, StaticOnlyFetcher, render_pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/",
        "https://example.org/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.org/x",
        "ttw-static:../../../etc/passwd",
        "ttw-static:/../settings.py",
    ],
)
def test_fetcher_refuses_everything_but_static_files(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(RefusedResource):
        fetcher.fetch(url)


def test_fetcher_serves_the_report_stylesheet():
    response = StaticOnlyFetcher().fetch("ttw-static:css/report.css")
    assert b"@page" in response.read()


@pytest.fixture
def listening_server():
    """A local HTTP server that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()


def test_hostile_user_text_is_escaped_and_fetches_nothing(
    case, officer, record_referral, listening_server
):
    port, hits = listening_server
    hostile = (
        '<img src="file:///etc/passwd">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/steal.css">'
        f'<img src="http://127.0.0.1:{port}/pixel.png">'
        "<style>@import url(http://127.0.0.1:%d/i.css);</style>" % port
    )
    decision = record_referral(case, officer, facts=hostile, professional_opinion=hostile)
    report = WrittenReport.objects.get(decision=decision)
    assert report.state == WrittenReport.State.READY
    text = pdf_text(report.pdf.open("rb").read())
    assert '<img src="file:///etc/passwd">' in text.replace("\n", "")
    assert hits == []


def test_a_very_long_field_renders(case, officer, record_referral):
    decision = record_referral(case, officer, facts="word " * 20_000)
    report = WrittenReport.objects.get(decision=decision)
    assert report.state == WrittenReport.State.READY, report.last_error


def test_render_pdf_sets_metadata():
    from io import BytesIO

    from pypdf import PdfReader

    pdf = render_pdf("reports/base.html", {}, title="T", subject="S", author="A", archival=False)
    meta = PdfReader(BytesIO(pdf)).metadata
    assert meta is not None
    assert (meta.title, meta.subject, meta.author) == ("T", "S", "A")

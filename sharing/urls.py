from django.urls import path

from sharing import views

app_name = "sharing"

urlpatterns: list = [
    # Consent and share decisions start from a case (the case's code).
    path("cases/<uuid:code>/consent/new/", views.consent_new, name="consent_new"),
    path("cases/<uuid:code>/share/new/", views.share_new, name="share_new"),
    # NSO review of share and no-share decisions (the share decision's code).
    path("reviews/", views.review_queue, name="review_queue"),
    path("reviews/<uuid:code>/", views.review_new, name="review_new"),
    # P6.9: the written report followed a share by phone or in person.
    path(
        "decisions/<uuid:code>/written-report-sent/",
        views.written_report_sent,
        name="written_report_sent",
    ),
]

# The statutory records (P6.3 to P6.7), in this namespace ("sharing:advice_new", ...).
from sharing.statutory.urls import urlpatterns as statutory_urlpatterns  # noqa: E402

urlpatterns += statutory_urlpatterns

from django.urls import path

from sharing import club_alert_views, statistics_views, views

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
    # The NSO's alerts to clubs: sent (the NSO, officers) and received (welfare officers).
    path("alerts/new/", club_alert_views.alert_new, name="alert_new"),
    path("alerts/sent/", club_alert_views.alert_sent_list, name="alert_sent_list"),
    path("alerts/sent/<uuid:code>/", club_alert_views.alert_sent_detail, name="alert_sent_detail"),
    path("alerts/", club_alert_views.alerts, name="alerts"),
    path("alerts/<uuid:code>/", club_alert_views.alert_detail, name="alert_detail"),
    # The NSO's statistics for a period, and the trustees' report (PDF) of the same figures.
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("statistics/trustees-report/", statistics_views.trustees_report, name="trustees_report"),
]

# The statutory records (P6.3 to P6.7), in this namespace ("sharing:advice_new", ...).
from sharing.statutory.urls import urlpatterns as statutory_urlpatterns  # noqa: E402

urlpatterns += statutory_urlpatterns

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ttw_safeguarding.records import account_views, alert_views, evidence_views, two_factor, views

decision_patterns = (
    [
        path("<uuid:code>/", views.decision_detail, name="detail"),
        path("<uuid:code>/report.pdf", views.decision_report, name="report"),
        path("<uuid:code>/amend/", views.decision_amend, name="amend"),
    ],
    "decisions",
)
evidence_patterns = (
    [
        path("<slug:kind>/<uuid:code>/attach/", evidence_views.evidence_add, name="add"),
        path("<uuid:code>/download/", evidence_views.evidence_download, name="download"),
        path("<uuid:code>/preview.png", evidence_views.evidence_thumbnail, name="thumbnail"),
    ],
    "evidence",
)
account_patterns = (
    [
        path("roles/", account_views.roles_page, name="roles"),
        path(
            "roles/requests/<uuid:code>/",
            account_views.role_request_decide,
            name="role_request_decide",
        ),
        path("second-factor-reset/", account_views.second_factor_reset, name="second_factor_reset"),
    ],
    "accounts",
)
alert_patterns = (
    [
        path("read-all/", alert_views.notifications_read_all, name="read_all"),
        path("settings/", alert_views.alert_settings, name="settings"),
        path("<uuid:code>/", alert_views.notification_open, name="open"),
        path("<uuid:code>/read/", alert_views.notification_read, name="read"),
    ],
    "alerts",
)
search_patterns = ([path("", views.search_results, name="results")], "search")
audit_patterns = ([path("", views.audit_log, name="log")], "audit")
two_factor_patterns = (
    [
        path("setup/", two_factor.setup, name="setup"),
        path("verify/", two_factor.verify, name="verify"),
        path("backup-codes/", two_factor.backup_codes, name="backup_codes"),
    ],
    "two_factor",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=two_factor.SignInForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", include(two_factor_patterns)),
    # Accounts and roles (system administrator only: access.NAMESPACE_RULES["admin"]).
    path("admin/", admin.site.urls),
    path("notifications/", alert_views.notifications, name="notifications"),
    path("notifications/", include(alert_patterns)),
    path("decisions/", include(decision_patterns)),
    path("audit/", include(audit_patterns)),
    path("evidence/", include(evidence_patterns)),
    path("search/", include(search_patterns)),
    path("accounts/", include(account_patterns)),
    path("cases/", include("cases.urls")),
    path("sharing/", include("sharing.urls")),
    path("media/", include("media_contacts.urls")),
    path("adults/", include("adults.urls")),
]

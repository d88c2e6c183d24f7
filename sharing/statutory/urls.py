"""URLs of the statutory records, included in the "sharing" namespace."""

from django.urls import path

from sharing.statutory import views

urlpatterns = [
    path("statutory/", views.statutory_list, name="statutory_list"),
    path("statutory/adults/<uuid:code>/", views.adult_statutory, name="adult_statutory"),
    path("statutory/adults/<uuid:code>/advice/", views.advice_new, name="advice_new"),
    path("statutory/advice/<uuid:code>/told/", views.advice_confirm, name="advice_confirm"),
    path("statutory/planning/", views.planning_register, name="planning_register"),
    path("statutory/adults/<uuid:code>/planning/", views.planning_new, name="planning_new"),
    path(
        "statutory/planning/<uuid:code>/contribution/",
        views.planning_contribute,
        name="planning_contribute",
    ),
    path(
        "statutory/adults/<uuid:code>/court-direction/",
        views.court_direction_new,
        name="court_direction_new",
    ),
    path(
        "statutory/adults/<uuid:code>/disciplinary/",
        views.disciplinary_new,
        name="disciplinary_new",
    ),
    path(
        "statutory/adults/<uuid:code>/dbs-disclosure/",
        views.dbs_disclosure_new,
        name="dbs_disclosure_new",
    ),
    path("statutory/cmg/", views.cmg_list, name="cmg_list"),
    path("statutory/cmg/<uuid:code>/decision/", views.cmg_decision_new, name="cmg_decision_new"),
    path(
        "statutory/removals/<uuid:code>/dbs-referral/",
        views.dbs_referral_new,
        name="dbs_referral_new",
    ),
]

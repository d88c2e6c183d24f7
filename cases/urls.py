from django.urls import path

from cases import action_views, views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<uuid:code>/", views.case_detail, name="detail"),
    path("<uuid:code>/change/", views.case_update, name="update"),
    path("<uuid:code>/notes/add/", views.note_add, name="note_add"),
    path("<uuid:code>/referrals/add/", views.referral_add, name="referral_add"),
    path("<uuid:code>/close/", views.case_close, name="close"),
    path("<uuid:code>/adults/add/", views.adult_add, name="adult_add"),
    path("<uuid:code>/share-back/", views.share_back_add, name="share_back_add"),
    path("tasks/<uuid:code>/done/", views.task_done, name="task_done"),
    path("<uuid:code>/chronology/", views.chronology, name="chronology"),
    path("<uuid:code>/chronology.pdf", views.chronology_pdf, name="chronology_pdf"),
    path("adults/<uuid:code>/change/", views.adult_edit, name="adult_edit"),
    path("children/", views.children, name="children"),
    path("children/<uuid:code>/", views.child_detail, name="child_detail"),
    path("children/<uuid:code>/merge/", views.child_merge, name="child_merge"),
    path("children/<uuid:code>/chronology/", views.child_chronology, name="child_chronology"),
    path(
        "children/<uuid:code>/chronology.pdf",
        views.child_chronology_pdf,
        name="child_chronology_pdf",
    ),
    path("concerns/", views.concerns, name="concerns"),
    path("concerns/new/", views.concern_new, name="concern_new"),
    path("concerns/mine/", views.my_submissions, name="my_submissions"),
    path("concerns/mine/<uuid:code>/", views.submission_detail, name="submission_detail"),
    path(
        "concerns/mine/<uuid:code>/submitted/",
        views.concern_submitted,
        name="concern_submitted",
    ),
    path("concerns/<uuid:code>/triage/", views.triage, name="triage"),
    # Actions on a case or on another app's record (its kind and code).
    path("actions/", action_views.my_actions, name="my_actions"),
    path("actions/add/<slug:kind>/<uuid:code>/", action_views.action_add, name="action_add"),
    path("actions/<uuid:code>/done/", action_views.action_done, name="action_done"),
]

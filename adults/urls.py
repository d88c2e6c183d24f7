from django.urls import path

from adults import views, wales_views

app_name = "adults"

urlpatterns = [
    path("", views.adult_list, name="list"),
    path("<uuid:code>/", views.adult_detail, name="detail"),
    path("<uuid:code>/change/", views.adult_edit, name="edit"),
    path("<uuid:code>/roles/add/", views.adult_role_add, name="role_add"),
    path("<uuid:code>/merge/", views.adult_merge, name="merge"),
    # The Wales procedure on an allegation line (its code: cases.AdultSubjectToAllegation).
    path(
        "allegations/<uuid:code>/designated-officer/",
        wales_views.designated_officer_new,
        name="designated_officer_new",
    ),
    path(
        "allegations/<uuid:code>/strategy-discussion/",
        wales_views.strategy_discussion_new,
        name="strategy_discussion_new",
    ),
    path(
        "allegations/<uuid:code>/outcome/",
        wales_views.allegation_outcome_new,
        name="allegation_outcome_new",
    ),
]

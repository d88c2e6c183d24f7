from django.urls import path

from adults import cmg_views, dbs_referral_views, low_level_views, views, wales_views

app_name = "adults"

urlpatterns = [
    path("", views.adult_list, name="list"),
    path("<uuid:code>/", views.adult_detail, name="detail"),
    path("<uuid:code>/change/", views.adult_edit, name="edit"),
    path("<uuid:code>/roles/add/", views.adult_role_add, name="role_add"),
    path("<uuid:code>/merge/", views.adult_merge, name="merge"),
    # Low-level concerns about adults (kept apart from allegations).
    path("low-level/", low_level_views.low_level_list, name="low_level_list"),
    path("low-level/new/", low_level_views.low_level_new, name="low_level_new"),
    path("low-level/mine/", low_level_views.low_level_mine, name="low_level_mine"),
    path("low-level/<uuid:code>/link/", low_level_views.low_level_link, name="low_level_link"),
    # The DBS referral pack (SVGA35).
    path("<uuid:code>/dbs-pack/", dbs_referral_views.pack_start, name="dbs_pack_start"),
    path("dbs-packs/<uuid:code>/", dbs_referral_views.pack_detail, name="dbs_pack"),
    path("dbs-packs/<uuid:code>/item/", dbs_referral_views.pack_item, name="dbs_pack_item"),
    path(
        "dbs-packs/<uuid:code>/evidence/",
        dbs_referral_views.pack_evidence,
        name="dbs_pack_evidence",
    ),
    path("dbs-packs/<uuid:code>/send/", dbs_referral_views.pack_send, name="dbs_pack_send"),
    path(
        "dbs-packs/<uuid:code>/outcome/",
        dbs_referral_views.pack_outcome,
        name="dbs_pack_outcome",
    ),
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
    # The Case Management Group for an allegation about the adult.
    path("allegations/<uuid:code>/cmg/", cmg_views.cmg_page, name="cmg"),
    path("allegations/<uuid:code>/cmg/convene/", cmg_views.cmg_convene, name="cmg_convene"),
    path("cmg/<uuid:code>/declare/", cmg_views.cmg_declare, name="cmg_declare"),
    path("cmg/<uuid:code>/route/", cmg_views.cmg_route, name="cmg_route"),
    path("cmg/<uuid:code>/suspend/", cmg_views.cmg_suspend, name="cmg_suspend"),
    path("cmg/<uuid:code>/final/", cmg_views.cmg_final, name="cmg_final"),
    path("cmg/suspensions/<uuid:code>/review/", cmg_views.cmg_review, name="cmg_review"),
    path("cmg/suspensions/<uuid:code>/letter/", cmg_views.cmg_letter, name="cmg_letter"),
    path("cmg/final/<uuid:code>/appeal/", cmg_views.cmg_appeal, name="cmg_appeal"),
]

from django.urls import path

from adults import cmg_views, views

app_name = "adults"

urlpatterns = [
    path("", views.adult_list, name="list"),
    path("<uuid:code>/", views.adult_detail, name="detail"),
    path("<uuid:code>/change/", views.adult_edit, name="edit"),
    path("<uuid:code>/roles/add/", views.adult_role_add, name="role_add"),
    path("<uuid:code>/merge/", views.adult_merge, name="merge"),
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

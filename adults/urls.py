from django.urls import path

from adults import low_level_views, views

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
]

from django.urls import path

from adults import views

app_name = "adults"

urlpatterns = [
    path("", views.adult_list, name="list"),
    path("<uuid:code>/", views.adult_detail, name="detail"),
    path("<uuid:code>/change/", views.adult_edit, name="edit"),
    path("<uuid:code>/roles/add/", views.adult_role_add, name="role_add"),
    path("<uuid:code>/merge/", views.adult_merge, name="merge"),
]

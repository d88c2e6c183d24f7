from django.urls import path

from media_contacts import views

app_name = "media_contacts"

urlpatterns = [
    path("record/", views.record, name="record"),
    path("mine/", views.mine, name="mine"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/retry-email/", views.email_retry, name="email_retry"),
    path("<uuid:code>/", views.detail, name="detail"),
    path("<uuid:code>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<uuid:code>/handle/", views.handle, name="handle"),
]

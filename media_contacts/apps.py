from django.apps import AppConfig


class MediaContactsConfig(AppConfig):
    name = "media_contacts"
    verbose_name = "Media approaches"

app_name = "media_contacts"

urlpatterns: list = []

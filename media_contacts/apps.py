from django.apps import AppConfig


class MediaContactsConfig(AppConfig):
    name = "media_contacts"
    verbose_name = "Media approaches"

    def ready(self) -> None:
        from media_contacts import access, selectors
        from ttw_safeguarding.records import access as core_access
        from ttw_safeguarding.records import pages
        from ttw_safeguarding.records.navigation import NavEntry, register_actions, register_nav

        core_access.register_page_rules(access.PAGE_RULES)
        core_access.register_decision_visibility(access.acknowledgement_of_own_approach)
        register_nav(NavEntry("Media inbox", "media_contacts:inbox", 100))
        # P6.12: anyone approached by the media records it at once, from whatever page they are on.
        register_actions(NavEntry("Approached by the media?", "media_contacts:record", 20))
        pages.register_home_panel(selectors.home_context)
        # P6.12: an approach waiting for the NSO's acknowledgement is an alert until it has it.
        from ttw_safeguarding.records.timescales import register_timescale

        register_timescale("media_acknowledgement", selectors.acknowledgement_timescale)

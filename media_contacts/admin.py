"""Media approaches are not in the Django admin.

They are decisions: recorded only through ``media_contacts.services`` and never
edited or deleted, and the system administrator, who uses the admin, sees no
case content. The NSO reads and handles them in the application.
"""

"""Models of the sharing app: consent and share decisions, the statutory records, and
the NSO's alerts to clubs."""

from sharing.models.club_alerts import *  # noqa: F403
from sharing.models.decisions import *  # noqa: F403
from sharing.models.statutory import *  # noqa: F403

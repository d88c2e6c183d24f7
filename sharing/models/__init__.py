"""Models of the sharing app: consent and share decisions, and the statutory records."""

from sharing.models.decisions import *  # noqa: F403
from sharing.models.statutory import *  # noqa: F403

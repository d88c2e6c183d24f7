"""Database sessions whose failure to save never hides a recorded decision.

Django's database session store turns any database error while saving a session at
the end of a request into ``UpdateError``, and ``SessionMiddleware`` answers that with
"400 Bad Request". Sessions are saved on every request (``SESSION_SAVE_EVERY_REQUEST``,
the idle time-out), so when the database failed just after a concern was committed,
the person was shown a failure for a record that was kept, and invited to submit it
again. The session here is only the sign-in and its idle clock: if it cannot be
saved, the answer stands (the record's page, or its error) and the failure is logged.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

logger = logging.getLogger(__name__)


class SessionStore(DatabaseSessionStore):
    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError:
            # Either the database is unreachable, or the session was ended meanwhile (a
            # sign-out in another tab): in both cases the next request finds no saved
            # session to extend, and signs the person in again if it must.
            logger.warning("session not saved; the answer to the request stands", exc_info=True)

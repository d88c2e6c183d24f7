"""The roles of DESIGN.md, as Django groups, and the permissions each holds.

The groups are created by data migrations (``0002_roles``, ``0009_board_safeguarding_lead``,
``0013_welfare_officers``; the NSO's clubs permissions: ``clubs.0002_nso_keeps_clubs``);
the access module (``ttw_safeguarding.records.access``) decides everything from these
permissions, never from group names.
"""

from __future__ import annotations

from collections.abc import Iterable

STAFF = "Staff"
OFFICER = "Safeguarding Officer"
NSO = "National Safeguarding Officer"
CMG = "Case Management Group member"
SYSADMIN = "System administrator"
# CPSU: the board-level safeguarding lead (GUIDANCE.md). Reviews the NSO's own share decisions,
# which no other NSO may exist to review in a small organisation.
BOARD = "Board safeguarding lead"
# CPSU: a club's welfare officer manages and reports concerns in the club; a region's
# supports its clubs (GUIDANCE.md). Which clubs and region: the clubs app's memberships.
CLUB_WELFARE_OFFICER = "Club Welfare Officer"
REGIONAL_WELFARE_OFFICER = "Regional Welfare Officer"

ALL_ROLES = (
    STAFF,
    OFFICER,
    NSO,
    CMG,
    SYSADMIN,
    BOARD,
    CLUB_WELFARE_OFFICER,
    REGIONAL_WELFARE_OFFICER,
)

# Permissions live on ttw_safeguarding.Decision's Meta (app label "ttw_safeguarding").
RECORD_CONCERN = "record_concern"
RECORD_MEDIA_APPROACH = "record_media_approach"
MANAGE_CASES = "manage_cases"
REVIEW_DECISIONS = "review_decisions"
HANDLE_MEDIA = "handle_media"
VIEW_RESTRICTED = "view_restricted"
VIEW_AUDIT_LOG = "view_audit_log"
RECORD_CMG_DECISION = "record_cmg_decision"
MANAGE_ACCOUNTS = "manage_accounts"
REVIEW_NSO_DECISIONS = "review_nso_decisions"
GRANT_ROLES = "grant_roles"
SEE_CLUB_RECORDS = "see_club_records"
SEE_REGION_RECORDS = "see_region_records"
# The NSO keeps the clubs, their region and their welfare officers in the admin.
MANAGE_CLUBS = "clubs.change_club"
_CLUBS_ADMIN = [
    *(
        f"clubs.{verb}_{model}"
        for model in ("region", "league", "club")
        for verb in ("view", "add", "change")
    ),
    *(
        f"clubs.{verb}_{model}"
        for model in ("clubwelfareofficer", "regionalwelfareofficer")
        for verb in ("view", "add", "change", "delete")
    ),
]

PERMISSIONS: dict[str, str] = {
    RECORD_CONCERN: "Can record a concern about a child",
    RECORD_MEDIA_APPROACH: "Can record an approach by the media",
    MANAGE_CASES: "Can triage concerns and manage cases and their decisions",
    REVIEW_DECISIONS: "Can review share and no-share decisions (NSO)",
    HANDLE_MEDIA: "Can receive and handle media approaches (NSO)",
    VIEW_RESTRICTED: "Can see restricted records (NSO)",
    VIEW_AUDIT_LOG: "Can read the audit log (NSO)",
    RECORD_CMG_DECISION: "Can record and see Case Management Group decisions",
    MANAGE_ACCOUNTS: "Can manage accounts and roles",
    REVIEW_NSO_DECISIONS: "Can review share decisions made by an NSO (board safeguarding lead)",
    GRANT_ROLES: "Can grant roles that see case content and confirm role requests (NSO)",
    SEE_CLUB_RECORDS: "Can record and see the concerns of their clubs (club welfare officer)",
    SEE_REGION_RECORDS: "Can record and see the concerns of their region's clubs (regional)",
}

_EVERYONE = [RECORD_CONCERN, RECORD_MEDIA_APPROACH]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    STAFF: _EVERYONE,
    OFFICER: [*_EVERYONE, MANAGE_CASES],
    NSO: [
        *_EVERYONE,
        MANAGE_CASES,
        REVIEW_DECISIONS,
        HANDLE_MEDIA,
        VIEW_RESTRICTED,
        VIEW_AUDIT_LOG,
        GRANT_ROLES,
        *_CLUBS_ADMIN,
    ],
    CMG: [*_EVERYONE, RECORD_CMG_DECISION],
    SYSADMIN: [
        *_EVERYONE,
        MANAGE_ACCOUNTS,
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
    ],
    BOARD: [*_EVERYONE, REVIEW_NSO_DECISIONS],
    CLUB_WELFARE_OFFICER: [*_EVERYONE, SEE_CLUB_RECORDS],
    REGIONAL_WELFARE_OFFICER: [*_EVERYONE, SEE_REGION_RECORDS],
}


# Permissions that reach nothing beyond a person's own submissions, or accounts only.
# Every other permission, whatever role holds it and whatever it is called, sees case
# content: such a role is granted only by an NSO or with an NSO's confirmation.
_NO_CASE_CONTENT = frozenset(
    {
        RECORD_CONCERN,
        RECORD_MEDIA_APPROACH,
        MANAGE_ACCOUNTS,
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
    }
)
NO_CASE_CONTENT_PERMISSIONS = frozenset(
    perm_name if "." in perm_name else f"ttw_safeguarding.{perm_name}"
    for perm_name in _NO_CASE_CONTENT
)


def sees_case_content(permissions: Iterable[str]) -> bool:
    """Whether a role holding ``permissions`` (``app_label.codename``) sees case content."""
    return any(perm(p) not in NO_CASE_CONTENT_PERMISSIONS for p in permissions)


def perm(codename: str) -> str:
    """Full permission name (``app_label.codename``), as ``access.role_permissions`` holds it."""
    return codename if "." in codename else f"ttw_safeguarding.{codename}"

"""Accounts and roles: nobody grants themselves a role; a role that sees case content only
with an NSO; every change audited and told to every NSO; the admin shows accounts and
roles only; accounts are deactivated, never deleted, and the audit log keeps who acted.

Personas (tests/conftest.py): Sid (sysadmin) manages accounts in the admin; Uma is a
superuser with no role; Nadia and Neil are NSOs; Stella is staff; Olivia an officer.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from ttw_safeguarding.records import access, accounts, roles
from ttw_safeguarding.records.models import Notification, OutboundEmail, RoleRequest

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _role(name: str) -> Group:
    return Group.objects.get(name=name)


def _change_form(user) -> dict:
    """The admin's account form for ``user`` as the page fills it in."""
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }


def _role_entries(user):
    return LogEntry.objects.filter(
        content_type__model="user", object_pk=str(user.pk), changes__has_key="roles"
    )


# --- which roles see case content: from their permissions -------------------------


def test_roles_that_see_case_content_are_decided_from_their_permissions():
    seeing = set(accounts.case_content_roles().values_list("name", flat=True))
    assert seeing == {
        roles.OFFICER,
        roles.NSO,
        roles.CMG,
        roles.BOARD,
        roles.CLUB_WELFARE_OFFICER,
        roles.REGIONAL_WELFARE_OFFICER,
    }
    # A new role with any permission beyond own submissions sees case content, whatever
    # its name.
    board = Group.objects.create(name="Anything at all")
    board.permissions.add(Permission.objects.get(codename=roles.REVIEW_DECISIONS))
    assert accounts.role_sees_case_content(board)
    harmless = Group.objects.create(name="Reporters")
    harmless.permissions.add(Permission.objects.get(codename=roles.RECORD_CONCERN))
    assert not accounts.role_sees_case_content(harmless)


# --- the admin: accounts and roles only ----------------------------------------------


def test_the_admin_shows_accounts_roles_and_clubs_only():
    """No case content: accounts and roles (the administrator), the clubs (the NSO)."""
    labels = {model._meta.label for model in admin.site._registry}
    assert labels == {
        "auth.User",
        "auth.Group",
        "ttw_safeguarding.RoleRequest",
        "clubs.Region",
        "clubs.League",
        "clubs.Club",
        "clubs.ClubWelfareOfficer",
        "clubs.RegionalWelfareOfficer",
    }


def test_the_admin_cannot_give_a_role_that_sees_case_content(sysadmin, staff2, client_for):
    c = client_for(sysadmin)
    url = reverse("admin:auth_user_change", args=[staff2.pk])
    page = c.get(url).content.decode()
    assert f'value="{_role(roles.NSO).pk}"' not in page
    form = _change_form(staff2)
    form["groups"] = [_role(roles.STAFF).pk, _role(roles.NSO).pk]
    response = c.post(url, form)
    assert response.status_code == 200  # the form, with its message
    assert "Select a valid choice" in response.content.decode()
    assert not staff2.groups.filter(name=roles.NSO).exists()


def test_the_admin_keeps_roles_it_cannot_give(sysadmin, officer, client_for):
    """Saving Olivia's account in the admin keeps her officer role (an NSO's grant)."""
    form = _change_form(officer)
    form["groups"] = [_role(roles.STAFF).pk]
    response = client_for(sysadmin).post(reverse("admin:auth_user_change", args=[officer.pk]), form)
    assert response.status_code == 302
    assert set(officer.groups.values_list("name", flat=True)) == {roles.OFFICER, roles.STAFF}


def test_nobody_changes_their_own_roles_or_status_in_the_admin(sysadmin, client_for):
    c = client_for(sysadmin)
    form = _change_form(sysadmin)
    form["groups"] = [_role(roles.SYSADMIN).pk, _role(roles.STAFF).pk]
    form["is_staff"] = "on"
    form["is_superuser"] = "on"
    c.post(reverse("admin:auth_user_change", args=[sysadmin.pk]), form)
    sysadmin.refresh_from_db()
    assert set(sysadmin.groups.values_list("name", flat=True)) == {roles.SYSADMIN}
    assert not sysadmin.is_superuser


def test_superuser_status_and_raw_permissions_are_not_editable(superuser, staff2, client_for):
    form = _change_form(staff2)
    form["is_superuser"] = "on"
    form["is_staff"] = "on"
    form["user_permissions"] = [Permission.objects.get(codename=roles.MANAGE_CASES).pk]
    response = client_for(superuser).post(reverse("admin:auth_user_change", args=[staff2.pk]), form)
    assert response.status_code == 302
    staff2.refresh_from_db()
    assert not staff2.is_superuser
    assert not staff2.user_permissions.exists()
    assert staff2.is_staff  # account administration: staff status is the admin's to give


def test_role_permissions_are_read_only_in_the_admin(superuser, client_for):
    c = client_for(superuser)
    staff_role = _role(roles.STAFF)
    url = reverse("admin:auth_group_change", args=[staff_role.pk])
    before = set(staff_role.permissions.all())
    c.post(url, {"name": staff_role.name, "permissions": [p.pk for p in Permission.objects.all()]})
    assert set(staff_role.permissions.all()) == before
    assert c.get(reverse("admin:auth_group_add")).status_code == 403


# --- role requests: the administrator asks, an NSO decides ----------------------------


def test_a_role_request_is_granted_only_when_an_nso_confirms_it(
    sysadmin, staff2, nso, nso2, client_for, settings
):
    c = client_for(sysadmin)
    response = c.post(
        reverse("admin:ttw_safeguarding_rolerequest_add"),
        {"user": staff2.pk, "role": _role(roles.OFFICER).pk},
    )
    assert response.status_code == 302
    request = RoleRequest.objects.get(user=staff2)
    assert request.state == RoleRequest.State.PENDING
    assert request.requested_by == sysadmin
    assert not access.can_manage_cases(User.objects.get(pk=staff2.pk))
    assert Notification.objects.filter(recipient=nso, url=reverse("accounts:roles")).exists()

    nadia = client_for(nso)
    page = nadia.get(reverse("accounts:roles")).content.decode()
    assert "stella" in page
    decided = nadia.post(
        reverse("accounts:role_request_decide", args=[request.code]), {"decision": "confirm"}
    )
    assert decided.status_code == 302
    request.refresh_from_db()
    assert request.state == RoleRequest.State.CONFIRMED and request.decided_by == nso
    assert access.can_manage_cases(User.objects.get(pk=staff2.pk))
    entry = _role_entries(staff2).latest("timestamp")
    assert entry.actor == nso
    assert entry.changes["roles"] == [roles.STAFF, f"{roles.OFFICER}, {roles.STAFF}"]
    # Decided once: a second confirmation changes nothing.
    again = nadia.post(
        reverse("accounts:role_request_decide", args=[request.code]),
        {"decision": "confirm"},
        follow=True,
    )
    assert accounts.REQUEST_DECIDED in again.content.decode()


def test_a_declined_role_request_grants_nothing(sysadmin, staff2, nso, client_for):
    request = accounts.role_request_create(user=staff2, role=_role(roles.NSO), actor=sysadmin)
    client_for(nso).post(
        reverse("accounts:role_request_decide", args=[request.code]), {"decision": "decline"}
    )
    request.refresh_from_db()
    assert request.state == RoleRequest.State.DECLINED
    assert not staff2.groups.filter(name=roles.NSO).exists()


def test_the_administrator_cannot_confirm_a_request_or_grant_case_content(sysadmin, staff2):
    request = accounts.role_request_create(user=staff2, role=_role(roles.CMG), actor=sysadmin)
    with pytest.raises(ValidationError, match="only a National Safeguarding Officer"):
        accounts.role_request_confirm(role_request=request, actor=sysadmin)
    with pytest.raises(ValidationError, match="only a National Safeguarding Officer"):
        accounts.role_grant(user=staff2, role=_role(roles.OFFICER), actor=sysadmin)
    assert not access.can_record_cmg_decision(User.objects.get(pk=staff2.pk))


def test_the_administrator_gives_roles_without_case_content(sysadmin, norole):
    accounts.role_grant(user=norole, role=_role(roles.STAFF), actor=sysadmin)
    assert norole.groups.filter(name=roles.STAFF).exists()


def test_an_officer_grants_no_role(officer, norole):
    with pytest.raises(ValidationError):
        accounts.role_grant(user=norole, role=_role(roles.STAFF), actor=officer)


def test_nobody_grants_themselves_a_role_by_any_service(nso, sysadmin):
    with pytest.raises(ValidationError, match=accounts.NOT_YOURSELF):
        accounts.role_grant(user=nso, role=_role(roles.CMG), actor=nso)
    with pytest.raises(ValidationError, match=accounts.NOT_YOURSELF):
        accounts.role_request_create(user=sysadmin, role=_role(roles.NSO), actor=sysadmin)


def test_an_nso_grants_in_the_application(nso, staff2, client_for):
    response = client_for(nso).post(
        reverse("accounts:roles"),
        {"user": staff2.pk, "role": _role(roles.CMG).pk, "change": "grant"},
    )
    assert response.status_code == 302
    assert staff2.groups.filter(name=roles.CMG).exists()
    own = client_for(nso).post(
        reverse("accounts:roles"),
        {"user": nso.pk, "role": _role(roles.CMG).pk, "change": "grant"},
    )
    assert accounts.NOT_YOURSELF in own.content.decode()
    assert not nso.groups.filter(name=roles.CMG).exists()


def test_the_model_refuses_a_grant_outside_the_services_in_a_request(sysadmin, staff2):
    """Any path with a signed-in actor (a view, the admin) that adds a role directly: a role
    that sees case content, or one's own role, is refused at the model."""
    nso_role, staff_role, officer_role = (_role(r) for r in (roles.NSO, roles.STAFF, roles.OFFICER))
    token = accounts._actor.set(sysadmin)
    try:
        with pytest.raises(ValidationError, match="only a National Safeguarding Officer"):
            with transaction.atomic():
                staff2.groups.add(nso_role)
        with pytest.raises(ValidationError, match=accounts.NOT_YOURSELF):
            with transaction.atomic():
                sysadmin.groups.add(staff_role)
        with pytest.raises(ValidationError, match="only a National Safeguarding Officer"):
            with transaction.atomic():
                officer_role.user_set.add(staff2)
    finally:
        accounts._actor.reset(token)
    assert not staff2.groups.filter(name__in=[roles.NSO, roles.OFFICER]).exists()


# --- every change is audited, by any path, and every NSO told ----------------------


def test_a_change_in_a_shell_is_audited_and_every_nso_told(staff2, nso, nso2):
    emails_before = OutboundEmail.objects.count()
    staff2.groups.add(_role(roles.OFFICER))  # no request: a shell or a command

    entry = _role_entries(staff2).latest("timestamp")
    assert entry.actor is None
    assert entry.changes["roles"] == [roles.STAFF, f"{roles.OFFICER}, {roles.STAFF}"]
    for person in (nso, nso2):
        assert Notification.objects.filter(recipient=person, url=reverse("audit:log")).exists()
    emails = OutboundEmail.objects.all()[emails_before:]
    assert {e.to for e in OutboundEmail.objects.filter(to__in=[nso.email, nso2.email])} == {
        nso.email,
        nso2.email,
    }
    for email in emails:
        # A link only: no name, no role, no username.
        assert "stella" not in email.body.lower() and roles.OFFICER not in email.body
        assert reverse("audit:log") in email.body


def test_status_changes_are_audited_with_before_and_after(staff2, nso):
    staff2.is_active = False
    staff2.save()
    staff2.is_superuser = True
    staff2.save()
    staff2.user_permissions.add(Permission.objects.get(codename=roles.MANAGE_CASES))
    entries = LogEntry.objects.filter(content_type__model="user", object_pk=str(staff2.pk))
    changes = [e.changes for e in entries.order_by("timestamp", "pk")]
    assert {"is_active": ["True", "False"]} in changes
    assert {"is_superuser": ["False", "True"]} in changes
    assert {"permissions": ["", roles.MANAGE_CASES]} in changes
    # A permission given to the account directly opens nothing: only roles do.
    assert not access.can_manage_cases(User.objects.get(pk=staff2.pk))


def test_a_change_in_the_admin_is_audited_with_the_administrator(sysadmin, staff2, client_for):
    form = _change_form(staff2)
    form.pop("is_active")
    client_for(sysadmin).post(reverse("admin:auth_user_change", args=[staff2.pk]), form)
    entry = LogEntry.objects.filter(object_pk=str(staff2.pk), changes__has_key="is_active").get()
    assert entry.actor == sysadmin
    assert entry.additional_data["actor"] == {"username": "sid", "name": "Sid"}


# --- accounts are deactivated, never deleted -----------------------------------------


def test_an_account_in_the_audit_log_cannot_be_deleted_in_the_admin(
    sysadmin, superuser, staff2, case, client_for
):
    """The administrator's role may not delete accounts at all; a superuser is told why not."""
    access.log_access(staff2, case, what="case page")
    url = reverse("admin:auth_user_delete", args=[staff2.pk])
    assert client_for(sysadmin).get(url).status_code == 403
    c = client_for(superuser)
    page = c.get(url).content.decode()
    assert "deactivate it instead" in page
    c.post(url, {"post": "yes"})
    assert User.objects.filter(pk=staff2.pk).exists()
    # The bulk action refuses the same way.
    c.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [staff2.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=staff2.pk).exists()


def test_an_account_that_acted_cannot_be_deleted_by_any_path(officer, case, record_referral):
    record_referral(case, officer)
    with pytest.raises(ProtectedError):
        officer.delete()
    with pytest.raises(ProtectedError):
        User.objects.filter(pk=officer.pk).delete()
    assert User.objects.filter(pk=officer.pk).exists()


def test_an_account_never_used_can_be_deleted(db):
    unused = User.objects.create_user("typo", password="a-long-enough-password")
    unused.delete()
    assert not User.objects.filter(username="typo").exists()


def test_every_audit_entry_keeps_who_acted(officer, nso, case, client_for):
    client_for(officer).get(reverse("cases:detail", args=[case.code]))
    entry = LogEntry.objects.filter(actor=officer, action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.additional_data["actor"] == {"username": "olivia", "name": "Olivia"}
    assert entry.actor_email == officer.email

    # Whatever happens to the account later, the entry says who acted.
    officer.username = "renamed"
    officer.first_name = "Someone else"
    officer.is_active = False
    officer.save()
    page = client_for(nso).get(reverse("audit:log")).content.decode()
    assert "Olivia (olivia)" in page


def test_the_admin_giving_the_administrator_role_shows_an_enrolment_code_once(
    sysadmin, norole, client_for
):
    from ttw_safeguarding.records.models import EnrolmentCode

    form = _change_form(norole)
    form["groups"] = [_role(roles.SYSADMIN).pk]
    form["is_staff"] = "on"
    c = client_for(sysadmin)
    response = c.post(reverse("admin:auth_user_change", args=[norole.pk]), form, follow=True)
    assert "Second-factor enrolment code for nobody" in response.content.decode()
    assert EnrolmentCode.objects.filter(user=norole, issued_by=sysadmin).count() == 1
    # Saved again without a change of role: no new code replaces the one handed over.
    c.post(reverse("admin:auth_user_change", args=[norole.pk]), {**form, "first_name": "N"})
    assert EnrolmentCode.objects.filter(user=norole).count() == 1


def test_the_administrator_gets_no_way_into_an_account_that_sees_case_content(
    sysadmin, officer, nso, client_for
):
    """Sid could set Olivia's password; with her second factor reset and a code shown to
    him he could then enrol as her. So only an NSO resets it, and the admin never shows Sid
    an enrolment code for an account whose role sees case content."""
    from ttw_safeguarding.records.models import EnrolmentCode

    with pytest.raises(ValidationError, match="only a National Safeguarding Officer"):
        accounts.second_factor_reset(user=officer, actor=sysadmin)
    form = _change_form(officer)
    form["is_staff"] = "on"
    response = client_for(sysadmin).post(
        reverse("admin:auth_user_change", args=[officer.pk]), form, follow=True
    )
    assert "enrolment code" not in response.content.decode()
    assert not EnrolmentCode.objects.filter(user=officer).exists()
    assert accounts.second_factor_reset(user=officer, actor=nso)

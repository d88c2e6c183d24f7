"""The Django admin: accounts and roles, and nothing else (SECURITY.md).

The admin is for the system administrator (``access.can_use_admin``), who sees no case
content. So the admin shows only accounts, roles (read-only) and role requests:

* every other model a package registered is taken out of the admin: the audit log
  (django-auditlog's entries hold the reasons officers typed to open restricted records;
  the NSO reads them in the application), second-factor devices (django-otp's pages show
  a TOTP key and backup codes, and answer 500 for a missing id), lock-out records
  (django-axes) and background task results (django-tasks-db);
* superuser status and permissions given to an account directly are not editable, and
  a role's permissions are read-only (they come from ``ttw_safeguarding.records.roles``);
* only roles that see no case content can be given here, never to oneself; a role that
  sees case content is requested here and confirmed by an NSO in the application;
* an account that appears in a record or the audit log cannot be deleted: the delete
  page says so and offers nothing to confirm; it is deactivated instead.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from ttw_safeguarding.records import accounts
from ttw_safeguarding.records.models import RoleRequest

User = get_user_model()

# Accounts and roles only: everything a package registered before this module goes
# (User and Group come back below with their own pages).
for _model in list(admin.site._registry):
    admin.site.unregister(_model)


class AccountChangeForm(UserChangeForm):
    """The account page: roles without case content only; roles that see case content
    the person already holds are kept (an NSO changes those in the application)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = cast(forms.ModelMultipleChoiceField | None, self.fields.get("groups"))
        if groups is not None:
            groups.queryset = accounts.roles_without_case_content()
            groups.help_text = (
                "Roles that see no case content. A role that sees case content (officer, "
                "NSO, CMG member) is requested under Role requests and confirmed by an NSO."
            )

    def clean_groups(self) -> Any:
        chosen = self.cleaned_data["groups"]
        if self.instance.pk is None:
            return chosen
        kept = self.instance.groups.filter(pk__in=accounts.case_content_roles().values("pk"))
        return Group.objects.filter(
            pk__in=[*chosen.values_list("pk", flat=True), *kept.values_list("pk", flat=True)]
        )


@admin.register(User)
class AccountAdmin(UserAdmin):
    form = AccountChangeForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Roles", {"fields": ("roles_held", "groups")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("is_superuser", "roles_held", "last_login", "date_joined")
    filter_horizontal = ("groups",)
    actions = ["reset_second_factor"]

    @admin.display(description="Roles held")
    def roles_held(self, obj: Any) -> str:
        return ", ".join(obj.groups.order_by("name").values_list("name", flat=True)) or "None"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            # Nobody changes their own roles or status.
            fields += ["is_active", "is_staff", "groups"]
        return fields

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not {"groups", "is_staff"} & set(form.changed_data):
            return  # an unchanged role leaves any enrolment code already handed over
        code = accounts.enrolment_code_if_needed(user=form.instance, actor=request.user)
        if code:
            messages.warning(
                request,
                f"Second-factor enrolment code for {form.instance.get_username()}: {code}. "
                "It is shown once: hand it over in person or by phone.",
            )

    @admin.action(description="Reset the second factor (lost phone) and issue an enrolment code")
    def reset_second_factor(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            try:
                code = accounts.second_factor_reset(user=user, actor=request.user)
            except ValidationError as exc:
                messages.error(request, f"{user.get_username()}: {' '.join(exc.messages)}")
                continue
            messages.warning(
                request,
                f"Second factor reset for {user.get_username()}; enrolment code: {code}. "
                "It is shown once: hand it over in person or by phone.",
            )

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for user in objs:
            if accounts.account_in_use(user):
                protected = [*protected, f"{user.get_username()}: {accounts.ACCOUNT_IN_USE}"]
        return deleted, model_count, perms_needed, protected


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """Roles are read-only: their permissions come from ``ttw_safeguarding.records.roles``."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RoleRequestForm(forms.ModelForm):
    class Meta:
        model = RoleRequest
        fields = ["user", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.request: HttpRequest | None = None
        super().__init__(*args, **kwargs)
        if "role" in self.fields:
            role = cast(forms.ModelChoiceField, self.fields["role"])
            role.queryset = accounts.case_content_roles().order_by("name")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        user, role = cleaned.get("user"), cleaned.get("role")
        if self.request is not None and user is not None and role is not None:
            # The service's own checks, so that a refusal is a message on the form.
            actor = self.request.user
            if user.pk == actor.pk:
                raise ValidationError(accounts.NOT_YOURSELF)
            if user.groups.filter(pk=role.pk).exists():
                raise ValidationError(accounts.ALREADY_HELD)
            pending = RoleRequest.objects.filter(
                user=user, role=role, state=RoleRequest.State.PENDING
            )
            if pending.exists():
                raise ValidationError(accounts.ALREADY_REQUESTED)
        return cleaned


@admin.register(RoleRequest)
class RoleRequestAdmin(admin.ModelAdmin):
    """The system administrator asks for a role that sees case content; an NSO decides."""

    form = RoleRequestForm
    list_display = ("user", "role", "state", "requested_by", "requested_at", "decided_by")
    list_filter = ("state",)

    def get_form(
        self,
        request: HttpRequest,
        obj: RoleRequest | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        form_class = super().get_form(request, obj, change, **kwargs)

        class WithRequest(form_class):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, **kw)
                self.request = request

        return WithRequest

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return accounts.access.can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return accounts.access.can_use_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return accounts.access.can_use_admin(request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        created = accounts.role_request_create(user=obj.user, role=obj.role, actor=request.user)
        obj.pk = created.pk
        obj.code = created.code

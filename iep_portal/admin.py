"""The Django admin: the user model and the access log, and StudentDataAdmin, the base of
every admin in the project, which writes the access log for the students its pages show."""

from __future__ import annotations

import functools
import json
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from pghistory.admin import EventsAdmin

from iep_portal import access_log
from iep_portal.models import AccessLog, User

STUDENT_MODEL = "students.Student"
Context = dict[str, Any] | None
View = Callable[[HttpRequest], HttpResponse]


@functools.cache
def student_path(model: type[models.Model]) -> str | None:
    """The ORM path from `model`'s rows to the student each is about ("pk" for the student
    itself), the shortest along foreign keys; None when its rows are about no student."""
    if model._meta.label == STUDENT_MODEL:
        return "pk"
    seen = {model}
    queue: deque[tuple[type[models.Model], str]] = deque([(model, "")])
    while queue:
        current, path = queue.popleft()
        for field in current._meta.get_fields():
            if not (field.concrete and (field.many_to_one or field.one_to_one)):
                continue
            target = field.related_model
            name = f"{path}__{field.name}" if path else field.name
            if target._meta.label == STUDENT_MODEL:  # type: ignore[union-attr]
                return name
            if target not in seen:
                seen.add(target)  # type: ignore[arg-type]
                queue.append((target, name))  # type: ignore[arg-type]
    return None


def students_of(objs: Iterable[models.Model]) -> set[int]:
    """The students the given rows are about (one query per model among them)."""
    pks: dict[type[models.Model], set[Any]] = defaultdict(set)
    for obj in objs:
        if obj.pk is not None:
            pks[type(obj)].add(obj.pk)
    found: set[int] = set()
    for model, keys in pks.items():
        path = student_path(model)
        if path == "pk":
            found |= set(keys)
        elif path is not None:
            found |= set(model._default_manager.filter(pk__in=keys).values_list(path, flat=True))
    found.discard(None)  # type: ignore[arg-type]
    return found


def log_reads(request: HttpRequest, students: set[int]) -> None:
    """One access-log row per student a Django admin page showed (as students/access.py
    writes for the product's pages)."""
    action = "view" if request.method in ("GET", "HEAD", "OPTIONS") else "change"
    access_log.log_reads(request, students, action=action)


def _context(response: HttpResponse) -> dict[str, Any]:
    return getattr(response, "context_data", None) or {}


class StudentDataAdmin(admin.ModelAdmin):
    """The base of every ModelAdmin in the project.

    Its list, change, history and delete pages write the access log for every student they
    show: the rows' own (`student_path`) and, on a change page, its inlines' rows'. A foreign
    key to rows about students is edited by id, so no drop-down lists every student.
    tests/iep_portal/test_django_admin.py walks every registered model with a path to a
    student and checks its pages are logged.
    """

    # A link typed without a scheme (a meeting's video link) is read as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def students_shown(self, objs: Iterable[Any]) -> set[int]:
        return students_of(objs)

    def _log(self, request: HttpRequest, response: HttpResponse, objs: list[Any]) -> None:
        if isinstance(response, TemplateResponse) and objs:
            log_reads(request, self.students_shown(objs))

    def changelist_view(self, request: HttpRequest, extra_context: Context = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = _context(response).get("cl")
        self._log(request, response, list(changelist.result_list) if changelist else [])
        return response

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
        extra_context: Context = None,
    ) -> HttpResponse:
        response = super().changeform_view(request, object_id, form_url, extra_context)
        context = _context(response)
        shown = [context["original"]] if context.get("original") is not None else []
        for inline in context.get("inline_admin_formsets", []):
            shown.extend(form.instance for form in inline.formset.forms if form.instance.pk is not None)
        self._log(request, response, shown)
        return response

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Context = None
                     ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        self._log(request, response, [obj] if (obj := _context(response).get("object")) is not None else [])
        return response

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Context = None
                    ) -> HttpResponse:
        response = super().delete_view(request, object_id, extra_context)
        self._log(request, response, [obj] if (obj := _context(response).get("object")) is not None else [])
        return response

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if (
            student_path(db_field.related_model) is not None
            and db_field.name not in self.get_autocomplete_fields(request)
            and "widget" not in kwargs
        ):
            kwargs["widget"] = ForeignKeyRawIdWidget(
                db_field.remote_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyStudentDataAdmin(StudentDataAdmin):
    """Rows written in the app, with who did it and why (plans, team changes, makeups): the
    Django admin only reads them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class HistoryAdmin(StudentDataAdmin, EventsAdmin):
    """The history rows (PGHISTORY_ADMIN_CLASS): each event is about the student its tracked
    row is about, read from the row's data as the event kept it (the row may be gone)."""

    def students_shown(self, objs: Iterable[Any]) -> set[int]:
        found: set[int] = set()
        pending: dict[tuple[type[models.Model], str], set[Any]] = defaultdict(set)
        for event in objs:
            try:
                model: type[models.Model] = apps.get_model(event.pgh_obj_model)
            except (LookupError, ValueError):
                continue
            path = student_path(model)
            data = event.pgh_data or {}
            if path is None:
                continue
            if path == "pk":
                found.add(int(event.pgh_obj_id))
                continue
            first, _, rest = path.partition("__")
            field = model._meta.get_field(first)
            value = data.get(field.column)  # type: ignore[union-attr]
            if value is None:
                continue
            if rest:
                pending[(field.related_model, rest)].add(value)  # type: ignore[index]
            else:
                found.add(int(value))
        for (related, rest), keys in pending.items():
            found |= set(related._default_manager.filter(pk__in=keys).values_list(rest, flat=True))
        found.discard(None)  # type: ignore[arg-type]
        return found


def _logged_autocomplete(view: View) -> View:
    """The admin's autocomplete answers names for a search (a student picked in an
    enrollment, say): each student among them is a read."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        response = view(request)
        if response.status_code != 200:
            return response
        try:
            source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
            remote = source._meta.get_field(request.GET["field_name"]).remote_field
            ids = [row["id"] for row in json.loads(response.content)["results"]]
        except (KeyError, LookupError, ValueError, AttributeError):
            return response
        target = remote.model
        if ids and student_path(target) is not None:
            shown = target._default_manager.filter(**{f"{remote.field_name}__in": ids})
            log_reads(request, students_of(shown))
        return response

    return wrapper


admin.site.autocomplete_view = _logged_autocomplete(admin.site.autocomplete_view)  # type: ignore[method-assign,assignment]


@admin.register(User)
class UserAdmin(StudentDataAdmin, BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "schools"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "title", "phone")}),
        ("Role", {"fields": ("role", "schools", "sourced_id")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "role", "password1", "password2")}),)
    filter_horizontal = ["schools"]


@admin.register(AccessLog)
class AccessLogAdmin(StudentDataAdmin):
    """Read-only: the database refuses changes to the log anyway. Reading who read a
    student's record is itself a read of it, so it is logged too."""

    list_display = ["at", "user", "student", "action", "path", "ip_address"]
    search_fields = ["user__email", "student__last_name", "student__student_number"]
    date_hierarchy = "at"

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False

"""One saved record per filled-in form, whatever the browser does: Back then Save, reload, a
retried request, a duplicated tab.

A create form's page carries its submission key in its own address (`?k=<uuid>`): opening
the form without one redirects to the same address with a fresh key, so Back, reload and a
duplicated tab all come back to the same key, even when the page itself is never cached. A
save claims the key in the same transaction as the record it creates; the key is kept for
as long as that record exists. A second save with the key (or opening the form again with
it) shows "already saved" with a link to the record, and saves nothing.

In a view::

    @keyed_form
    def log(request): ...
        try:
            with once(request) as claim:
                rows = service_sessions_log(...)
                claim.saved(rows[0], url=reverse(...), summary="30 min, Maya, Dec 1")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)

`keyed_form` itself answers a repeat of a key already used, on GET and on POST, before the
view runs; `once` catches the race of two requests with the same key arriving together.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from iep_portal.models import Submission, User

KEY = "k"

View = TypeVar("View", bound=Callable[..., HttpResponse])


class AlreadySaved(Exception):
    """The form's key was claimed by an earlier save, whose record still exists."""

    def __init__(self, submission: Submission) -> None:
        super().__init__(f"already saved as {submission.summary}")
        self.submission = submission


def form_key(request: HttpRequest) -> uuid.UUID | None:
    """The key this request's form carries: the posted one, else the one in the address."""
    for source in (request.POST, request.GET):
        raw = source.get(KEY, "")
        try:
            return uuid.UUID(raw)
        except (ValueError, TypeError, AttributeError):
            continue
    return None


def fresh_address(request: HttpRequest, key: uuid.UUID | None = None) -> str:
    """This page's address with a new key (or `key`), keeping its other query parameters."""
    params = request.GET.copy()
    params[KEY] = str(key or uuid.uuid4())
    return f"{request.path}?{params.urlencode()}"


def new_form_address(request: HttpRequest) -> str:
    """This page's address with no key: opening it starts a new, empty form."""
    params = {k: v for k, v in request.GET.items() if k != KEY}
    return f"{request.path}?{urlencode(params)}" if params else request.path


def earlier_save(key: uuid.UUID, user: User) -> Submission | None:
    """The save that claimed `key`, if its record still exists (a key outlives nothing)."""
    submission = Submission.objects.filter(key=key, user=user).select_related("content_type").first()
    if submission is None:
        return None
    if submission.content_type_id and not submission.record_exists():
        submission.delete()
        return None
    return submission


def keyed_form(view: View) -> View:
    """Give a create form's page its key in its address, and answer a repeat of a used key.

    The key is `request.form_key` inside the view. A POST without a key (a client that
    never loaded the page) gets a fresh key, so it saves once, like any new form.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = form_key(request)
        if key is None and request.method == "GET":
            return HttpResponseRedirect(fresh_address(request))
        if key is not None:
            user = cast(User, request.user)
            submission = earlier_save(key, user)
            if submission is not None:
                return already_saved(request, submission)
        request.form_key = key or uuid.uuid4()  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return cast(View, wrapper)


@dataclass
class Claim:
    """A key claimed inside the current transaction; `saved` names what it created."""

    submission: Submission

    def saved(self, record: models.Model, *, url: str, summary: str) -> None:
        self.submission.content_type = ContentType.objects.get_for_model(record)
        self.submission.object_id = str(record.pk)
        self.submission.url = url
        self.submission.summary = summary[:300]
        self.submission.save(update_fields=["content_type", "object_id", "url", "summary"])


@contextmanager
def once(request: HttpRequest, *, part: str = "") -> Iterator[Claim]:
    """Claim the request's form key and save the record in one transaction.

    `part` names one of several things one form can save (each button of a class's
    check-off form): its key is derived from the form's key and `part`, so each is saved once.
    Raises AlreadySaved when a save with the key came first, before or at the same time (the
    losing request's transaction rolls back, so nothing of it is kept). A ValidationError or
    any other error inside releases the key with everything else.
    """
    key: uuid.UUID = request.form_key  # type: ignore[attr-defined]
    if part:
        key = uuid.uuid5(key, part)
    user = cast(User, request.user)
    earlier = earlier_save(key, user)
    if earlier is not None:
        raise AlreadySaved(earlier)
    try:
        with transaction.atomic():
            claim = Claim(Submission.objects.create(key=key, user=user))
            yield claim
    except IntegrityError:
        submission = earlier_save(key, user)
        if submission is None:
            raise
        raise AlreadySaved(submission) from None
    if not claim.submission.url:
        raise RuntimeError("once(): the view must call claim.saved(record, url=..., summary=...)")


def already_saved(request: HttpRequest, submission: Submission, *, new_form_url: str = "") -> HttpResponse:
    """The page for a form saved before: what, when, a link to it, and a way to start anew
    (`new_form_url` for a form that has no page of its own: the page it sits on)."""
    return render(request, "already_saved.html", {
        "submission": submission, "new_form_url": new_form_url or new_form_address(request),
    }, status=200)

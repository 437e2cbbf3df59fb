"""The product's URLs plus the benchmark's two baseline views."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from iep_portal.urls import urlpatterns as product


@login_not_required
def trivial(request: HttpRequest) -> HttpResponse:
    """The cheapest Django response through the full middleware stack: the baseline."""
    return HttpResponse("ok", content_type="text/plain")


def trivial_signed_in(request: HttpRequest) -> HttpResponse:
    """The same behind sign-in: what every page pays before its own work (session read and
    save, the user, the MFA check)."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("bench/trivial", trivial), path("bench/trivial-signed-in", trivial_signed_in), *product]

"""Pick who signs in for each benchmarked page, create their sessions, write the request lists.

Run with DJANGO_SETTINGS_MODULE=bench.settings against the seeded district:

    python -m bench.prepare OUT_DIR

Sessions are created directly in the session store (as the sign-in form would leave them);
administrators and test coordinators get a TOTP authenticator and a session that records the second factor, as
allauth does after a real two-step sign-in. For each scenario OUT_DIR/<name>.tsv holds one
request per line (method, path, Cookie header, CSRF token, body, extra header), which
bench/load.lua cycles through; OUT_DIR/scenarios.json lists them with the role.
"""

from __future__ import annotations

import json
import secrets
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import django


def main(out: Path) -> None:
    django.setup()
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count, Q
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from accommodations.models import Support
    from iep_portal.models import User
    from progress.models import Goal
    from schedules.queries import meetings_for
    from services.models import ServiceRequirement
    from students.models import IEP, Enrollment, Section

    today = timezone.localdate()
    out.mkdir(parents=True, exist_ok=True)
    cookies: dict[int, tuple[str, str]] = {}

    def sign_in(user: User) -> tuple[str, str]:
        if user.pk in cookies:
            return cookies[user.pk]
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        methods: list[dict[str, Any]] = [{"method": "password", "at": time.time(), "email": user.email}]
        if user.role_requires_mfa:
            from allauth.mfa.models import Authenticator
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
            if totp is None:
                totp = TOTP.activate(user, generate_totp_secret()).instance
            methods.append({"method": "mfa", "at": time.time(), "id": totp.pk, "type": "totp"})
        session["account_authentication_methods"] = methods
        session["account_authentication_methods_user"] = str(user.pk)
        session.set_expiry(6 * 3600)
        session.create()
        csrf = secrets.token_urlsafe(24)[:32].ljust(32, "x").replace("-", "a").replace("_", "b")
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
        cookies[user.pk] = (cookie, csrf)
        return cookies[user.pk]

    scenarios: list[dict[str, Any]] = []

    def scenario(name: str, role: str, lines: list[tuple[str, str, User | None, str, str]]) -> None:
        rows = []
        for method, path, user, body, header in lines:
            cookie, csrf = sign_in(user) if user else ("", "")
            rows.append("\t".join([method, path, cookie, csrf, body, header]))
        if rows:
            (out / f"{name}.tsv").write_text("\n".join(rows) + "\n")
            scenarios.append({"name": name, "role": role, "requests": len(rows),
                              "method": lines[0][0], "example": lines[0][1]})

    def staff(role: str, n: int) -> list[User]:
        return list(User.objects.filter(role=role, is_active=True).order_by("pk")[:n])

    scenario("trivial", "anyone", [("GET", "/bench/trivial", None, "", "")])

    # Case managers with a typical caseload: the first few, their students, goals and services.
    managers = list(User.objects.filter(role=User.Role.CASE_MANAGER)
                    .annotate(n=Count("managed_ieps", filter=Q(managed_ieps__status="active")))
                    .filter(n__gt=0).order_by("pk")[:8])
    scenario("trivial_signed_in", "case manager",
             [("GET", "/bench/trivial-signed-in", u, "", "") for u in managers])
    scenario("my_day_case_manager", "case manager", [("GET", "/", u, "", "") for u in managers])
    providers = staff(User.Role.PROVIDER, 4)
    scenario("my_day_provider", "provider", [("GET", "/", u, "", "") for u in providers])
    teachers = staff(User.Role.GEN_ED_TEACHER, 8)
    scenario("my_day_gen_ed", "gen-ed teacher", [("GET", "/", u, "", "") for u in teachers])
    scenario("my_classes", "gen-ed teacher",
             [("GET", "/accommodations/my-classes/", u, "", "") for u in teachers])

    checks = []
    # On a rotation a class takes check-offs only on the days it meets: today's classes only.
    taught = Section.objects.filter(teacher__in=teachers).values_list("pk", flat=True)
    meets_today = {pk for pk, days in meetings_for(taught, today, today).items() if days}
    for teacher in teachers:
        for enrollment in (Enrollment.objects.current(today).filter(section__teacher=teacher,
                                                                    section__in=meets_today)
                           .select_related("section").order_by("pk")[:40]):
            iep = IEP.objects.active().filter(student=enrollment.student_id).first()
            if iep is None:
                continue
            every_class = Support.objects.current(today).filter(
                iep=iep, frequency=Support.Frequency.EVERY_CLASS)
            for support in every_class.exclude(scope=Support.Scope.ASSESSMENTS):
                if support.applies_to(enrollment.section.subject):
                    checks.append(("POST", f"/accommodations/classes/{enrollment.section_id}/check/", teacher,
                                   f"provided={support.pk}&date={today.isoformat()}",
                                   "X-Requested-With: fetch"))
                    break
    scenario("check_off_post", "gen-ed teacher", checks[:64])

    students, minutes, goals, logs = [], [], [], []
    for manager in managers:
        for iep in IEP.objects.active().filter(case_manager=manager).order_by("pk")[:5]:
            students.append(("GET", f"/students/{iep.student_id}/", manager, "", ""))
            minutes.append(("GET", f"/services/student/{iep.student_id}/", manager, "", ""))
            goal = Goal.objects.filter(iep=iep).order_by("pk").first()
            if goal:
                goals.append(("GET", f"/progress/goals/{goal.pk}/", manager, "", ""))
            requirement = (ServiceRequirement.objects.filter(iep=iep, provider=manager)
                           .order_by("pk").first())
            if requirement:
                logs.append(("POST", "/services/log/", manager,
                             f"requirements={requirement.pk}&date={today.isoformat()}&minutes=30"
                             "&status=delivered&group_size=1&idempotency_key={uuid}&certify=certify", ""))
    scenario("student_page", "case manager", students)
    scenario("minutes_page", "case manager", minutes)
    scenario("goal_page", "case manager", goals)
    # A keyed form opens with its key in its address (without one it redirects to get one).
    scenario("log_form", "case manager",
             [("GET", f"/services/log/?k={uuid.uuid4()}", u, "", "") for u in managers])
    scenario("log_session_post", "case manager", logs)

    school_admins = staff(User.Role.SCHOOL_ADMIN, 4)
    director = User.objects.filter(role=User.Role.DISTRICT_ADMIN).order_by("pk").first()
    try:
        # The dashboard as administrators open it: stored figures (the refresh task and the
        # first visit compute them; bench/timings.py times that computation).
        dashboard = reverse("fidelity:dashboard")
        scenario("fidelity_school", "school admin", [("GET", dashboard, u, "", "") for u in school_admins])
        scenario("fidelity_district", "district admin", [("GET", dashboard, director, "", "")])
    except NoReverseMatch:
        pass  # the fidelity dashboard is not in this build: listed as pending
    scenario("my_day_school_admin", "school admin", [("GET", "/", u, "", "") for u in school_admins])
    scenario("my_day_district_admin", "district admin", [("GET", "/", director, "", "")])
    names = ["Smith", "Garcia", "Nguyen", "Lee"]
    scenario("audit_search_school", "school admin",
             [("GET", f"/staff/access-log/?student={names[k % 4]}", u, "", "")
              for k, u in enumerate(school_admins)])
    scenario("audit_search_district", "district admin", [("GET", "/staff/access-log/", director, "", "")])
    scenario("notifications", "case manager", [("GET", "/notifications/", u, "", "") for u in managers])
    (out / "scenarios.json").write_text(json.dumps(scenarios, indent=2))
    print(f"{len(scenarios)} scenarios, {len(cookies)} sessions")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""A demo amendment: speech-language therapy raised from 60 to 90 minutes a week for a
student whose articulation probes stalled, agreed without a meeting with the parent's
written agreement, and its prior written notice, for a Spanish-speaking family so the
notice prints in Spanish (and in English on request).

Finalized two days ago, taking effect next Monday: the old line runs to Sunday, so every
session the demo logged stays on it, and the speech-language pathologist, whose line
changed, is the one person asked to acknowledge the IEP again.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from amendments import actions
from amendments.models import Amendment, PriorWrittenNotice, Reacknowledgement
from services.models import ServiceRequirement
from students.demo import DemoWorld
from students.models import IEP

ENGLISH = {
    "action": "Increase {first}'s speech-language therapy from 60 to 90 minutes a week, as three 30-minute "
    "sessions in the speech room, from the date above to the end of the IEP.",
    "reasons": "{first}'s articulation probes have stayed between 38% and 46% correct for eight weeks, below "
    "the aim line toward the 80% goal. A third session a week gives more practice of /r/ and /s/ blends "
    "at the word and sentence level.",
    "options_considered": "Keeping 60 minutes a week and changing the activities: rejected, because the "
    "activities were already changed in October without improvement. Working inside the English class: "
    "rejected for now, because the skill is not yet steady in single words.",
    "data_used": "Weekly articulation probes since the start of the IEP; the speech-language pathologist's "
    "session notes; the English teacher's report of how well {first} is understood in class.",
    "other_factors": "The family asked for sessions outside math class. The parent agreed by phone and "
    "returned the signed written agreement.",
}
SPANISH = {
    "action": "Aumentar la terapia del habla y lenguaje de {first} de 60 a 90 minutos por semana, en tres "
    "sesiones de 30 minutos en el salón de terapia, desde la fecha indicada arriba hasta el final del IEP.",
    "reasons": "Durante ocho semanas, las pruebas de articulación de {first} se han mantenido entre 38% "
    "y 46% de aciertos, por debajo de la línea de progreso hacia la meta de 80%. Una tercera sesión "
    "semanal le da más práctica de los sonidos /r/ y /s/ en palabras y oraciones.",
    "options_considered": "Mantener 60 minutos por semana y cambiar las actividades: se rechazó, porque las "
    "actividades ya se cambiaron en octubre sin mejora. Trabajar dentro de la clase de inglés: se rechazó "
    "por ahora, porque la destreza todavía no es firme en palabras sueltas.",
    "data_used": "Las pruebas semanales de articulación desde el inicio del IEP; las notas de sesión de la "
    "terapeuta del habla; el informe del maestro de inglés sobre cuánto se le entiende a {first} en clase.",
    "other_factors": "La familia pidió que las sesiones no sean durante la clase de matemáticas. La madre "
    "estuvo de acuerdo por teléfono y devolvió firmado el acuerdo por escrito.",
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load(world: DemoWorld) -> None:
    monday = world.today + dt.timedelta(days=7 - world.today.weekday())
    lines = (
        ServiceRequirement.objects.filter(
            iep__in=world.ieps,
            iep__status=IEP.Status.ACTIVE,
            area="Speech-language",
            minutes=60,
            iep__case_manager=world.users["case_manager"],
            start_date__lt=world.today - dt.timedelta(days=28),
            end_date__gt=monday,
        )
        .select_related("iep", "iep__student", "iep__case_manager")
        .order_by("iep__student__last_name")
    )
    line = next((r for r in lines if r.iep.student.family_language == "es"), None) or lines.first()
    if line is None:
        return
    iep, case_manager = line.iep, line.iep.case_manager
    agreed, finalized = world.today - dt.timedelta(days=3), world.today - dt.timedelta(days=2)
    amendment = actions.amendment_start(iep=iep, by=case_manager, today=finalized)
    actions.amendment_details_set(
        amendment=amendment,
        by=case_manager,
        effective_on=monday,
        agreed_how=Amendment.AgreedHow.WRITTEN,
        agreement_on=agreed,
    )
    actions.amendment_change_put(
        amendment=amendment,
        by=case_manager,
        kind="change",
        target="service",
        service_line=line,
        becomes={"minutes": 90, "sessions": 3},
    )
    first = iep.student.first_name
    # The team writes to the family in the family's language (34 CFR 300.503(c)); a
    # Spanish-speaking family's notice carries the team's words in Spanish, as written.
    words = SPANISH if iep.student.family_language == "es" else ENGLISH
    actions.notice_save(
        amendment=amendment,
        by=case_manager,
        proposes=PriorWrittenNotice.Proposes.PROPOSES,
        language=iep.student.family_language,
        **{k: v.format(first=first) for k, v in words.items()},
    )
    actions.amendment_finalize(amendment=amendment, by=case_manager, today=finalized)
    # Dated as it happened: written and agreed last week, finalized two days ago.
    Amendment.objects.filter(pk=amendment.pk).update(
        created_at=_at(agreed - dt.timedelta(days=1), 15),
        agreement_recorded_at=_at(agreed, 16),
        finalized_at=_at(finalized, 14),
    )
    PriorWrittenNotice.objects.filter(amendment=amendment).update(
        written_at=_at(agreed - dt.timedelta(days=1), 15)
    )
    Reacknowledgement.objects.filter(amendment=amendment).update(asked_at=_at(finalized, 14))

"""My classes' support rows are built in Python (accommodations/templatetags/check_items.py):
they must say what the template said, and escape what people typed."""

from __future__ import annotations

from django.urls import reverse

from accommodations.models import ImplementationCheck
from tests.accommodations.factories import SupportFactory
from tests.conftest import FROZEN_TODAY


def test_a_row_escapes_the_support_text_and_the_teachers_note(login, gen_ed_teacher, iep, section) -> None:  # noqa: ANN001
    support = SupportFactory(iep=iep, text='Read aloud <script>alert("x")</script>')
    ImplementationCheck.objects.create(support=support, student=iep.student, section=section, date=FROZEN_TODAY,
                                       teacher=gen_ed_teacher, outcome="declined", note='said "no" <b>')
    page = login(gen_ed_teacher).get(reverse("accommodations:my_classes")).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "“said &quot;no&quot; &lt;b&gt;”" in page
    assert 'value="declined" checked> Student declined' in page
    assert "! Student declined" in page and "Accommodation · Timing and scheduling" in page


def test_an_unchecked_row_offers_provided_and_the_other_outcomes(login, gen_ed_teacher, iep, section) -> None:  # noqa: ANN001
    support = SupportFactory(iep=iep, text="Preferential seating")
    page = login(gen_ed_teacher).get(reverse("accommodations:my_classes")).content.decode()
    assert f'name="provided" value="{support.pk}" class="provided-button">✓ Provided' in page
    assert f'id="note-{section.pk}-{support.pk}" name="note-{support.pk}"' in page
    assert "Not provided, declined, not needed…" in page and ">Other…<" in page

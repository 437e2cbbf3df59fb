from __future__ import annotations

import pytest

from accommodations.models import Support
from students.models import IEP
from tests.accommodations.factories import SupportFactory


@pytest.fixture
def support(iep: IEP) -> Support:
    """Every class meeting, all classes: due today in the gen-ed teacher's Math section."""
    return SupportFactory(iep=iep, text="Extended time (1.5x) on classwork")

from __future__ import annotations

import pytest

from progress.models import Goal
from tests.progress.factories import GoalFactory


@pytest.fixture
def goal(iep, case_manager, gen_ed_teacher, provider) -> Goal:  # noqa: ANN001
    """A percent goal collected by the case manager, the gen-ed teacher and the provider."""
    return GoalFactory(iep=iep, collectors=[case_manager, gen_ed_teacher, provider])


@pytest.fixture
def private_goal(iep, case_manager) -> Goal:  # noqa: ANN001
    """A goal only the case manager collects for (the gen-ed teacher must not see it)."""
    return GoalFactory(iep=iep, area="Social skills", collectors=[case_manager])

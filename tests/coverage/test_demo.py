"""The demo's coverage: a paraprofessional beside Mateo Davis and a classmate, and a substitute
covering the English teacher's classes today and tomorrow."""

from __future__ import annotations

from accommodations import demo as accommodations_demo
from accommodations.models import ImplementationCheck
from behavior_plans import demo as behavior_plans_demo
from coverage import demo
from progress import demo as progress_demo
from progress.models import GoalCollector
from students import demo as students_demo
from students.access import covered_sections, para_students


def test_the_demo_has_a_paraprofessional_and_a_substitute_assignment(db: None) -> None:
    world = students_demo.load()
    assert world is not None
    for module in (accommodations_demo, progress_demo, behavior_plans_demo, demo):
        module.load(world)
    para, sub = world.users["paraprofessional"], world.users["substitute"]
    students = list(para_students(para, world.today))
    assert "Mateo Davis" in {str(s) for s in students} and len(students) == 2
    assert GoalCollector.objects.filter(user=para).count() == 1
    assert ImplementationCheck.objects.filter(teacher=para).exists()
    sections = list(covered_sections(sub, world.today))
    assert sections and {s.subject for s in sections} == {"English"}

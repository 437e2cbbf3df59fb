"""The services' fixtures: the approvals page is tried with service sessions."""

from tests.services.conftest import another_speech_student, speech  # noqa: F401

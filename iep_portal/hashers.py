"""The password hasher: Argon2id at the OWASP minimum (19 MiB, two passes, one lane).

Django recommends Argon2; its defaults (100 MiB, eight lanes) would add 100 MiB to a web
worker for each sign-in and take about 0.1 s of CPU. At 19 MiB and two passes a hash costs
about 25 ms of one core, so 300 staff signing in at 7:55 from one school cost under 10 s of
CPU in all instead of 90 s with PBKDF2 at a million iterations, while memory-hardness keeps a
stolen hash as costly to guess on a GPU as the stronger PBKDF2 setting. Existing PBKDF2
hashes stay valid and are rehashed with Argon2 at the next sign-in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

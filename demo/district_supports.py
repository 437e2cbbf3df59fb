"""Benchmark district: supports, check-offs and acknowledgements for IEPs and 504 plans alike.

A 504 plan's accommodations are supports like an IEP's, so accommodations' one generator
makes them, given the district with its 504 plans beside its IEPs; the generators of what
only an IEP has (services, goals, IEP meetings) see the IEPs alone.
"""

from __future__ import annotations

from accommodations import district_seed as accommodations
from students.district_seed import District


def generate(d: District) -> None:
    accommodations.generate(d.with_504_plans())

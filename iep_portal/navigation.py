"""The main navigation. Each app adds its entries from its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every role
    order: int = 50

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_ITEMS: list[NavItem] = []


def register_nav(label: str, url_name: str, *, roles: Collection[str] | None = None, order: int = 50) -> None:
    item = NavItem(label, url_name, frozenset(roles) if roles else None, order)
    if item not in _ITEMS:
        _ITEMS.append(item)
        _ITEMS.sort(key=lambda i: i.order)


def nav_for(user: Any) -> list[NavItem]:
    if getattr(user, "is_guardian", False):
        return []  # the family portal has no staff navigation
    return [i for i in _ITEMS if i.roles is None or user.role in i.roles]

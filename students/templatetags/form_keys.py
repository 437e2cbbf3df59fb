"""`{% form_key_input %}`: the hidden submission key of a create form (iep_portal.submissions).

On a keyed page (`@keyed_form`) it carries the page's own key, so a re-rendered form keeps
it. With `fresh=True` it is a new key for each render: for a quick form shown inside another
page (My day, a goal's page), each form on the page with its own key.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def form_key_input(context: dict[str, Any], fresh: bool = False) -> SafeString:
    request = context.get("request")
    key = None if fresh else getattr(request, "form_key", None)
    return format_html('<input type="hidden" name="k" value="{}">', key or uuid.uuid4())

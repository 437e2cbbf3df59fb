"""The Content-Disposition header of every download, safe whatever the file name holds.

A file name can carry data (a student ID in the evidence packet's name): a quote, a line
break or a non-ASCII letter in it must never end the header early or start another one.
Django's `content_disposition_header` quotes a plain ASCII name and writes any other as
RFC 5987 `filename*=utf-8''...`, percent-encoded.
"""

from __future__ import annotations

from django.utils.http import content_disposition_header


def attachment(filename: str) -> str:
    """`attachment; filename="..."`, with the name quoted or encoded as it needs."""
    return content_disposition_header(True, filename) or "attachment"

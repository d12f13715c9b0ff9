"""The file of links the curator hands out: name, position, role, link."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from services.invites import deep_link
from services.roster.service import RosterLink


def links_workbook(
    links: Sequence[RosterLink],
    bot_username: str,
    headers: Sequence[str],
    role_name: Callable[[str], str],
) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(headers))
    for link in links:
        sheet.append(
            [
                link.full_name,
                link.position,
                role_name(link.role.value),
                deep_link(bot_username, link.token),
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # a name starting with «=» is text, never a formula
    for column, width in zip("ABCD", (36, 28, 16, 60), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

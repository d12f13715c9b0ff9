"""A DOCX rendered as a school's office would print it: LibreOffice → PDF → text per page.

Reading a document back with python-docx proves its structure; rendering it proves the page:
that nothing overflows, the page count is what a reader expects and the text a person reads
is on it. ``soffice`` and ``pdftotext`` are installed by ``scripts/test.sh``.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Rendered:
    pages: list[str]  # the text of each page, as pdftotext lays it out
    pdf: bytes

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def squashed(self) -> str:
        """All text with whitespace collapsed, for phrases a line break may split."""
        return " ".join(self.text.split())


def render_docx(data: bytes) -> Rendered:
    with tempfile.TemporaryDirectory(prefix="render-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        # a profile of its own: two renders at once must not share LibreOffice's lock
        profile = (folder / "profile").as_uri()
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        pdf = folder / "document.pdf"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"],
            check=True,
            capture_output=True,
            timeout=60,
        ).stdout.decode()
        pages = text.split("\f")
        if pages and not pages[-1].strip():
            pages.pop()
        return Rendered(pages=pages, pdf=pdf.read_bytes())

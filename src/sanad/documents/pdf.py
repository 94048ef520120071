"""HTML to PDF with WeasyPrint, offline: the HTML carries its own CSS and inline SVG, and no URL is fetched.

Arabic text needs a font with Arabic glyphs and shaping: the stylesheet asks for Noto Naskh Arabic (Debian
package fonts-noto-core, installed by CI and named in the README) and falls back to DejaVu Sans.
"""

from __future__ import annotations

from typing import Any


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"PDF rendering does not fetch resources ({url[:40]})")


def render_pdf(html: str) -> bytes:
    import weasyprint  # imported here: it loads Pango, which only PDF pages need

    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_refuse_fetch)
    pdf: bytes = document.write_pdf()
    return pdf

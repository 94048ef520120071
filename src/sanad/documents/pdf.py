"""HTML to PDF with WeasyPrint, offline: the HTML carries its own CSS and its charts as embedded PNG images,
and no URL is fetched.

Arabic text needs a font with Arabic glyphs and shaping: the stylesheet asks for Noto Naskh Arabic (Debian
package fonts-noto-core, installed by CI and named in the README) and falls back to DejaVu Sans.
"""

from __future__ import annotations


def render_pdf(html: str) -> bytes:
    import weasyprint  # imported here: it loads Pango, which only PDF pages need
    from weasyprint.urls import URLFetcher

    # Only data: URLs (the charts, embedded in the page) are read; any other URL stops the rendering.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf()
    return pdf

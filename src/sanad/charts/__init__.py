"""Charts: one Vega-Lite spec per chart, built with Altair and rendered to SVG on the server, for pages
and PDFs alike. Every chart is shown beside the table of its data; the SVG carries no script."""

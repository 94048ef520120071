"""Documents Sanad produces for people outside it: PDFs (WeasyPrint) and spreadsheets (openpyxl)."""

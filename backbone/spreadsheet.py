"""Text that a spreadsheet would run: one rule for every CSV and XLSX the platform writes."""

# A text cell starting with one of these is run as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """A text cell a spreadsheet would run as a formula, made plain text by a leading
    apostrophe (CSV; in XLSX write text with write_string instead). Numbers never pass through
    here, so -3 stays a number."""
    return "'" + text if looks_like_formula(text) else text


def openpyxl_keep_text(workbook) -> None:
    """Every text cell of an openpyxl workbook that a spreadsheet would run as a formula, kept
    as text: openpyxl takes a string starting with "=" for a formula, so such cells are
    written as strings (the openpyxl counterpart of xlsxwriter's write_string). Numbers and
    dates are left as they are. Call it just before saving."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and looks_like_formula(cell.value):
                    cell.data_type = "s"

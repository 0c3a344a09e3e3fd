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

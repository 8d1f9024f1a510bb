"""The Sheets API stand-in: Google Sheets API v4 served on 127.0.0.1 from a workbook.

Not part of the product the users run: it is what the tests, the benchmark and anyone trying the
Google path without Google talk to with the real gspread client.
"""

from standin.sheets_api import Formula, SheetsStandIn, main

__all__ = ["Formula", "SheetsStandIn", "main"]

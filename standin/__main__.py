"""`python -m standin --workbook projects.xlsx --port 8765`: serve a workbook as the Sheets API."""

from standin.sheets_api import main

raise SystemExit(main())

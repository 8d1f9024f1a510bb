"""The performance benchmark of issue 5: `make bench` (python -m bench) prints a table of every
figure and whether each target is met, and writes the figures to bench/results/latest.json.

    synthetic      realistic synthetic sheets of any size (aliases, mixed dates, bad cells)
    normalisation  normalise() against pandas.read_csv on the same rows
    google_path    gspread against the local Sheets stand-in over HTTP
    pages          warm page reruns through app.py (AppTest), one process per sheet
    memory         peak memory at 100,000 rows, in a process of its own
    sessions       concurrent viewers of a real server against the stand-in: requests made
    report         targets, the text table and the Markdown table
"""

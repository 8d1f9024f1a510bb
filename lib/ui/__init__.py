"""The Streamlit shell: the only package that calls `st.*` (besides the page files' layout).

Everything else under `lib/` is pure Python and pandas, testable without a server:
- `session`: settings, the shared load of the sheet, caching per loaded dataset, the source sidebar;
- `filter_bar`: the sidebar filters bound to the URL, and each page's filtered view;
- `widgets`: tables, badges, charts and export buttons drawn the same way on every page;
- `editing`: who may edit, the writer for this source, sign-in and flash messages;
- `language`: the interface language of this person, from the URL, settings or the browser.
"""

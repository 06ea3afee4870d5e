"""File formats, no Qt and no database.

spreadsheet   read_workbook / read_sheet / sheet_names: .xlsx .xlsm .xls .et .ods via python-calamine, .csv by hand
headers       load_synonyms, detect_header, map_header_row: find the header row, map columns to fields
roster_rows   parse_roster: a roster sheet → RosterRow values + problems (row and column named)
table_rows    parse_table: any ledger sheet → TableRow values by the column types in resources/columns
xlsx_writer   write_table_workbook, write_error_report: styled .xlsx written atomically
roster_export write_roster: a roster in the import template's columns (imports back unchanged)
"""

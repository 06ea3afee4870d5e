"""File formats, no Qt and no database.

spreadsheet   read_workbook / read_sheet / sheet_names: .xlsx .xlsm .xls .et .ods via python-calamine, .csv by hand
headers       load_synonyms, detect_header, map_header_row: find the header row, map columns to fields
roster_rows   parse_roster: a roster sheet → RosterRow values + problems (row and column named)
table_rows    select_data_rows, split_list: which rows of a mapped sheet are data; name lists
cells         strip_control_characters: control characters removed from every cell, each cell changed listed
proposal_ledger parse_ledger_rows / write_ledger: the 提案台账's rows (names unresolved) and its export
xlsx_writer   write_table_workbook, write_error_report: styled .xlsx written atomically
roster_export write_roster: a roster in the import template's columns (imports back unchanged)
"""

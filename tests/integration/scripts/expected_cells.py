#!/usr/bin/python3
"""Prints, as JSON lines, every cell of the first sheet of each .xlsx under a
folder as an independent reader (openpyxl) sees it, in the canonical text
PostgreSQL prints for the loaded value: the oracle for the drift test.

    expected_cells.py DATA_DIR
Each line: {"file": relative path, "row": Excel row, "headers": [...]} once per
file, then {"file", "row", "col", "text"} per non-empty data cell."""
import datetime as dt
import json
import sys
from pathlib import Path

import openpyxl


def canonical(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 9.2e18:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def main():
    root = Path(sys.argv[1])
    for path in sorted(root.rglob("*.xlsx")):
        book = openpyxl.load_workbook(path, read_only=True)
        sheet = book.worksheets[0]
        rel = path.relative_to(root).as_posix()
        for r, row in enumerate(sheet.iter_rows(), start=1):
            if r == 1:
                print(json.dumps({"file": rel, "headers": [c.value or "" for c in row]}))
                continue
            for c, cell in enumerate(row):
                if cell.value is None:
                    continue
                value = cell.value
                if isinstance(value, dt.datetime) and cell.number_format == "yyyy-mm-dd":
                    value = value.date()
                print(json.dumps({"file": rel, "row": r, "col": c, "text": canonical(value)}))


if __name__ == "__main__":
    main()

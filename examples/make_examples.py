#!/usr/bin/python3
"""Writes the example workbooks under examples/data (they are committed; run
this only to change them). Needs python3-xlsxwriter."""
import datetime as dt
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent / "data"


def write(path, header, rows, formats=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    ts_fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for c, h in enumerate(header):
        sheet.write_string(0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, dt.datetime):
                sheet.write_datetime(r, c, v, ts_fmt)
            elif isinstance(v, dt.date):
                sheet.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
            elif isinstance(v, bool):
                sheet.write_boolean(r, c, v)
            elif isinstance(v, str):
                sheet.write_string(r, c, v)
            else:
                sheet.write_number(r, c, v)
    book.close()


regions = ["North", "South", "Zürich", "Köln"]
header = ["Order ID", "Product Code", "Region", "Amount (EUR)", "Qty", "Order Date", "Paid?"]
jan = [[i, f"{i % 50:05d}", regions[i % 4], round(9.99 * (i % 7 + 1), 2), i % 5 + 1,
        dt.date(2024, 1, 1 + i % 28), i % 3 != 0] for i in range(1, 41)]
write(ROOT / "sales" / "2024-01.xlsx", header, jan)
# February's export brings a new column and a quantity with decimals.
feb = [[100 + i, f"{i % 50:05d}", regions[i % 4], round(4.5 * (i % 9 + 1), 2), (i % 5) + 0.5,
        dt.date(2024, 2, 1 + i % 28), i % 2 == 0, dt.datetime(2024, 2, 1 + i % 28, 9 + i % 8, 30)]
       for i in range(1, 31)]
write(ROOT / "sales" / "2024-02.xlsx", header + ["Shipped At"], feb)
stock = [[f"SKU-{i:04d}", f"Widget {i}", i * 3, dt.date(2024, 3, 1)] for i in range(1, 26)]
write(ROOT / "inventory" / "warehouse_a" / "stock.xlsx", ["SKU", "Name", "On Hand", "Counted On"], stock)

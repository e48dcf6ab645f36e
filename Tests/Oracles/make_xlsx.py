#!/usr/bin/env python3
"""Writes test workbooks with openpyxl and prints, as JSON, every cell as
openpyxl reads the finished files back (load_workbook(data_only=True)).

Usage: make_xlsx.py OUTDIR

openpyxl writes strings inline and formulas without results, unlike Excel.
So after saving, each workbook is rewritten the way Excel writes: strings
moved to a shared string table (xl/sharedStrings.xml, with a rich-text item
and a phonetic guide added), and formulas given cached results (<v>, with
t="str", "b" or "e" for text, boolean and error results). The expected
values are read from the rewritten files, so the oracle sees exactly the
bytes Vigie reads.

Printed: {"workbooks": [{"file", "date1904", "sheets": [{"name", "state",
"cells": [[row, column, kind, value, format_has_time]]}]}]}, where kind is
text, number (value as repr of a float), bool, timestamp (ISO, microseconds),
date (ISO), time (ISO, microseconds) or error.
"""

import datetime
import json
import os
import re
import sys
import zipfile

import openpyxl
from openpyxl.styles import Font
from openpyxl.styles.numbers import is_datetime
from openpyxl.utils.datetime import CALENDAR_MAC_1904

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

# Shared string items added by hand: rich text runs and a phonetic guide (not part of the text).
RICH_ITEMS = [
    '<si><r><t xml:space="preserve">Budget </t></r><r><rPr><b/><sz val="11"/></rPr>'
    '<t>prévisionnel</t></r><r><t xml:space="preserve"> 2025 </t></r></si>',
    '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>',
]


def budget_workbook(path):
    """1900 dates, a title above a header on row 3, merged cells, gaps, formulas, errors."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget 2025"
    ws["A1"] = "Budget 2025 — Structure Hauts-de-France"
    ws.merge_cells("A1:D1")
    header = ["Structure", "Compte", "Libellé", "Montant\nHT", None, " Montant ", "montant",
              "Date de saisie", "Validé le", "Validé", "Total"]
    for col, name in enumerate(header, start=1):
        if name is not None:
            ws.cell(row=3, column=col, value=name)
    rows = [
        ["S03", 641100, "Salaires et appointements", 12345.67, None, -250.5, 0.1,
         datetime.date(2025, 1, 31), datetime.datetime(2025, 2, 3, 8, 30, 15), True, "=D4+F4"],
        ["S07", 606100, "Fournitures non stockables (eau, énergie)", -1234.56, "note", 1e-7, 1e20,
         datetime.date(2024, 2, 29), datetime.datetime(2024, 2, 29, 23, 59, 59, 999600), False, "=C5&\" (S07)\""],
        ["S03", 706000, "Prestations de services — crèches", 98765432.1, None, 0, 123456789012,
         datetime.date(1900, 1, 1), datetime.datetime(1999, 12, 31, 23, 59, 59, 123456), None, "=1/0"],
    ]
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for r in range(4, 7):
        ws.cell(row=r, column=8).number_format = "dd/mm/yyyy"
        ws.cell(row=r, column=9).number_format = "dd/mm/yyyy hh:mm:ss"
    ws["B8"].font = Font(bold=True)  # a styled cell without a value: a fully empty row 8
    ws["A9"] = "S11"
    ws["D9"] = "#DIV/0!"
    ws["F9"] = "#N/A"
    ws["K9"] = "=A9=\"S11\""
    ws["A10"] = "  espace avant"
    ws["C10"] = "après  "
    ws["D10"] = "00123"
    ws["AA10"] = "au-delà de l'en-tête"
    ws.merge_cells("A11:C11")
    ws["A11"] = "Total général"
    ws["D11"] = "=SUM(D4:D6)"
    ws["K11"] = "=MISSING()"
    ws.cell(row=12, column=16384, value="dernière colonne")

    ws2 = wb.create_sheet("Établissements")
    ws2.append(["FINESS", "Nom", "Commune", "Places", "Ouverture", "Heure d'ouverture", "Série"])
    ws2.append(["590000123", "Crèche Les Écureuils", "Lille", 45, datetime.date(2019, 9, 2),
                datetime.time(7, 30), 59])
    ws2.append(["2A0000456", "EHPAD Sainte-Thérèse", "Ajaccio", 82, datetime.date(2003, 4, 14),
                datetime.time(23, 59, 59), 60])
    ws2.append(["620000789", "Centre dentaire Ça va", "Arras", 6.5, datetime.datetime(2010, 6, 1, 0, 0),
                datetime.time(0, 0, 0, 500), 61])
    ws2.append([None, "Ligne\navec retour", None, -0.0, datetime.datetime(1900, 3, 1, 12, 0), 0.75, 59.75])
    for r in range(2, 6):
        ws2.cell(row=r, column=5).number_format = "d mmmm yyyy"
        ws2.cell(row=r, column=6).number_format = "h:mm:ss"
        ws2.cell(row=r, column=7).number_format = "yyyy-mm-dd hh:mm"
    ws2["F5"].number_format = "h:mm"
    ws2["G6"] = 60.5
    ws2["G6"].number_format = "yyyy-mm-dd hh:mm"
    ws2["E6"] = 45000
    ws2["E6"].number_format = '[$-40C]dddd d mmmm yyyy;@'
    ws2["D6"] = 1234.5
    ws2["D6"].number_format = '#,##0.00 "€";[Red]-#,##0.00 "€"'
    ws2["C6"] = 0.5
    ws2["C6"].number_format = '0.00" d";"-"'

    hidden = wb.create_sheet("Paramètres")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "Taux"
    hidden["B1"] = 0.055
    hidden["A2"] = "Budget 2025 — Structure Hauts-de-France"  # the same text as another cell: one shared string

    wb.create_sheet("Vide")
    wb.save(path)
    excelize(path, {
        "xl/worksheets/sheet1.xml": {
            "K4": ("n", "12095.17"),
            "K5": ("str", "Fournitures non stockables (eau, énergie) (S07)"),
            "K6": ("e", "#DIV/0!"),
            "K9": ("b", "1"),
            "D11": ("n", "98776542.21"),
        },
    }, rich_cells={"xl/worksheets/sheet3.xml": {"A3": 0, "A4": 1}}, keep_inline={"xl/worksheets/sheet2.xml"})


def mac_workbook(path):
    """The 1904 date system."""
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Saisie"
    ws.append(["Date", "Horodatage", "Heure", "Montant"])
    ws.append([datetime.date(1904, 1, 2), datetime.datetime(2025, 6, 30, 17, 45, 30), datetime.time(12, 0), 10])
    ws.append([datetime.date(2025, 12, 31), datetime.datetime(1904, 3, 1, 6, 0, 0, 1000), datetime.time(8, 15, 30), -2.25])
    ws.append([datetime.date(1960, 7, 14), datetime.datetime(2038, 1, 19, 3, 14, 8), datetime.time(23, 59, 59, 999000), None])
    wb.save(path)
    excelize(path, {})


def iso_workbook(path):
    """Dates written as ISO 8601 text (t="d"), as Strict OOXML does."""
    wb = openpyxl.Workbook()
    wb.iso_dates = True
    ws = wb.active
    ws.title = "ISO"
    ws.append(["Jour", "Moment", "Heure"])
    ws.append([datetime.date(2025, 1, 15), datetime.datetime(2025, 1, 15, 12, 30, 45, 123000), datetime.time(6, 5, 4)])
    ws.append([datetime.date(1899, 12, 30), datetime.datetime(2000, 2, 29, 0, 0), datetime.time(0, 0)])
    wb.save(path)


def excelize(path, cached, rich_cells=None, keep_inline=()):
    """Rewrites a saved workbook the way Excel writes one (see the module's docstring)."""
    rich_cells = rich_cells or {}
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    strings = []
    index = {}

    def share(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    inline = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t( xml:space="preserve")?>(.*?)</t></is></c>', re.S)
    formula = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?)><f>(.*?)</f><v ?/></c>', re.S)
    for name in sorted(parts):
        if not name.startswith("xl/worksheets/sheet"):
            continue
        xml = parts[name].decode("utf-8")
        if name not in keep_inline:
            xml = inline.sub(lambda m: f'<c r="{m.group(1)}"{m.group(2)} t="s"><v>{share(m.group(4))}</v></c>', xml)
        results = cached.get(name, {})

        def cache(m):
            ref, style, text = m.group(1), m.group(2), m.group(3)
            if ref not in results:
                return m.group(0)
            kind, value = results[ref]
            t = "" if kind == "n" else f' t="{kind}"'
            return f'<c r="{ref}"{style}{t}><f>{text}</f><v>{value}</v></c>'

        xml = formula.sub(cache, xml)
        for ref, item in rich_cells.get(name, {}).items():
            # Rows appended at the end of sheetData: the rich cells' rows must be new and in order.
            cell = f'<c r="{ref}" t="s"><v>RICH{item}</v></c>'
            xml = xml.replace("</sheetData>", f'<row r="{ref[1:]}">{cell}</row></sheetData>')
        parts[name] = xml
    for name, xml in parts.items():
        if isinstance(xml, str):
            for item in range(len(RICH_ITEMS)):
                xml = xml.replace(f"<v>RICH{item}</v>", f"<v>{len(strings) + item}</v>")
            parts[name] = xml.encode("utf-8")
    items = "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings) + "".join(RICH_ITEMS)
    count = len(strings) + len(RICH_ITEMS)
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{count}">{items}</sst>').encode("utf-8")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT_SST}"/></Types>'.encode())
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdSST" Type="{REL_SST}" Target="sharedStrings.xml"/></Relationships>'.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def canonical(cell):
    value = cell.value
    if cell.data_type == "e":
        return ["error", value]
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, (int, float)):
        return ["number", repr(float(value))]
    if isinstance(value, datetime.datetime):
        return ["timestamp", value.isoformat(timespec="microseconds")]
    if isinstance(value, datetime.date):
        return ["date", value.isoformat()]
    if isinstance(value, datetime.time):
        return ["time", value.isoformat(timespec="microseconds")]
    if isinstance(value, str):
        return ["text", value]
    raise TypeError(f"{cell.coordinate}: unexpected {type(value)}")


def describe(path):
    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                kind, value = canonical(cell)
                has_time = is_datetime(cell.number_format) in ("datetime", "time")
                cells.append([cell.row, cell.column, kind, value, has_time])
        sheets.append({"name": ws.title, "state": ws.sheet_state, "cells": cells})
    return {"file": os.path.basename(path), "date1904": wb.epoch == CALENDAR_MAC_1904, "sheets": sheets}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    made = []
    for name, make in [("budget.xlsx", budget_workbook), ("mac1904.xlsx", mac_workbook), ("iso.xlsx", iso_workbook)]:
        path = os.path.join(out, name)
        make(path)
        made.append(describe(path))
    json.dump({"workbooks": made}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

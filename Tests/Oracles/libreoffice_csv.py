"""Opens an XLSX in headless LibreOffice Calc, as a user's spreadsheet would, and prints every sheet as the
user sees it (each cell's text as shown, under its number format), as JSON: [{"name": …, "rows": [[…], …]}].

  libreoffice_csv.py SOFFICE WORKBOOK.xlsx

LibreOffice writes one CSV per sheet (filter option 12 = -1: every sheet, to BASE-SHEETNAME.csv), in UTF-8,
comma-separated, every text quoted, cells as shown (option 9). A private profile directory keeps runs apart.
It fails (exit 1, the reason on stderr) when LibreOffice cannot open the file or writes no sheet."""

import csv
import json
import os
import subprocess
import sys
import tempfile


def main():
    soffice, workbook = sys.argv[1], os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="vigie-lo-") as work:
        out = os.path.join(work, "out")
        os.mkdir(out)
        profile = "file://" + os.path.join(work, "profile")
        options = "44,34,76,1,,1033,true,false,true,false,false,-1"
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}", "--outdir", out, workbook]
        done = subprocess.run(command, capture_output=True, text=True, timeout=180)
        written = sorted(os.listdir(out))
        if done.returncode != 0 or not written:
            sys.exit(f"LibreOffice did not convert {workbook} (status {done.returncode}): {done.stdout} {done.stderr}")
        base = os.path.splitext(os.path.basename(workbook))[0]
        sheets = []
        for name in written:
            with open(os.path.join(out, name), newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            stem = os.path.splitext(name)[0]
            sheet = stem[len(base) + 1:] if stem.startswith(base + "-") else stem
            sheets.append({"name": sheet, "file": name, "rows": rows, "mtime": os.path.getmtime(os.path.join(out, name))})
        sheets.sort(key=lambda s: s["mtime"])
        for s in sheets:
            del s["mtime"]
        json.dump(sheets, sys.stdout, ensure_ascii=False)


main()

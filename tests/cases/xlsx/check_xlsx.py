#!/usr/bin/env python3
"""Reads OUT/tables.xlsx back with zipfile and the XML parser (an independent route: no
code of taizhang's) and compares every cell of every sheet with the CSV of the same table.

usage: check_xlsx.py OUT
Prints one line per sheet; exits 1 with the first mismatches on standard error."""
import csv, datetime, re, sys, zipfile
import xml.etree.ElementTree as ET
from decimal import Decimal

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "pr": "http://schemas.openxmlformats.org/package/2006/relationships"}
# The sheet each table must become (issue 18), and the CSV it holds.
SHEETS = {"汇总": "tables/summary.csv", "各单位": "tables/units.csv",
          "加分明细": "tables/bonus_audit.csv", "服务队": "tables/teams.csv",
          "服务类别": "tables/categories.csv", "区域": "tables/areas.csv",
          "月度": "tables/monthly.csv", "服务成效": "tables/results.csv",
          "专项行动": "tables/campaigns.csv", "统计量": "tables/statistics.csv",
          "供需对照": "tables/supply_demand.csv", "待响应需求": "tables/open_demands.csv",
          "数据问题": "validation.csv"}
# Columns of ids and codes: text cells, leading zeros kept, whatever they look like.
ID_KEYS = {"unit_id", "team_id", "rule_id", "severity", "code", "demand_id",
           "team_1_id", "team_2_id", "team_3_id"}
DATE_KEYS = {"month", "submitted_on"}
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
GUARDED = ("=", "+", "-", "@", "\t", "\r")
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 9: "0%", 10: "0.00%", 14: "yyyy-mm-dd", 49: "@"}

errors = []


def bad(msg):
    errors.append(msg)


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1, int(ref[len(letters):]) - 1


def unguard(text):
    """The text a sheet must hold for a CSV text cell: without the CSV's guard apostrophe."""
    if len(text) > 1 and text[0] == "'" and text[1] in GUARDED:
        return text[1:]
    return text


def places(text):
    return len(text.split(".")[1]) if "." in text else 0


def format_places(code):
    """Decimals a number format shows, in the units of the stored value."""
    first = code.split(";")[0]
    m = re.search(r"0\.(0+)", first)
    p = len(m.group(1)) if m else 0
    return p + 2 if first.endswith("%") else p


def main(out):
    z = zipfile.ZipFile(f"{out}/tables.xlsx")
    for name in z.namelist():
        data = z.read(name)
        if re.search(rb"<f[ >/]", data) or b"<f>" in data:
            bad(f"{name}: a formula element")
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    codes = dict(BUILTIN_FORMATS)
    for nf in styles.findall("m:numFmts/m:numFmt", NS):
        codes[int(nf.get("numFmtId"))] = nf.get("formatCode")
    xf_format = [codes.get(int(xf.get("numFmtId", "0")), "?")
                 for xf in styles.findall("m:cellXfs/m:xf", NS)]
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("pr:Relationship", NS)}
    titles = {}
    for dn in book.findall("m:definedNames/m:definedName", NS):
        if dn.get("name") == "_xlnm.Print_Titles":
            titles[int(dn.get("localSheetId"))] = dn.text
    seen = set()
    for index, sh in enumerate(book.findall("m:sheets/m:sheet", NS)):
        name = sh.get("name")
        if name not in SHEETS:
            bad(f"sheet {name}: not a table of the run")
            continue
        seen.add(name)
        path = "xl/" + rels[sh.get(f"{{{NS['r']}}}id")]
        ws = ET.fromstring(z.read(path))
        cells = {}
        for c in ws.iter(f"{{{NS['m']}}}c"):
            col, row = col_index(c.get("r"))
            t = c.get("t", "n")
            if t == "inlineStr":
                value = "".join(x.text or "" for x in c.iter(f"{{{NS['m']}}}t"))
            elif t == "s":
                value = shared[int(c.find("m:v", NS).text)]
            else:
                v = c.find("m:v", NS)
                value = v.text if v is not None else None
            cells[(row, col)] = (t, value, xf_format[int(c.get("s", "0"))])
        with open(f"{out}/{SHEETS[name]}", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        keys = rows[0]
        rows_in_sheet = 1 + max((r for r, _ in cells), default=-1)
        if rows_in_sheet != len(rows) + 1:
            bad(f"{name}: {rows_in_sheet} rows, the CSV has {len(rows)} (+1 for the names)")
        numeric = [all(NUMBER.match(r[i]) for r in rows[1:] if r[i]) and
                   any(r[i] for r in rows[1:]) and keys[i] not in ID_KEYS | DATE_KEYS
                   for i in range(len(keys))]
        for i, key in enumerate(keys):
            label = cells.get((0, i))
            if not label or label[0] != "inlineStr" and label[0] != "s" or not label[1]:
                bad(f"{name}: no name over column {key}")
            elif key != "key" and not re.search(r"[\u4e00-\u9fff]", label[1]):
                bad(f"{name}: column {key} has no Chinese name: {label[1]}")
            if cells.get((1, i), (None, None))[1] != key:
                bad(f"{name}: row 2 of column {i + 1} is not the CSV key {key}")
        numbers = strings = 0
        for r, row in enumerate(rows[1:], start=2):
            for i, text in enumerate(row):
                where = f"{name}!{chr(65 + i) if i < 26 else i}{r + 1} ({keys[i]})"
                got = cells.get((r, i))
                if text == "":
                    if got and got[1] not in (None, ""):
                        bad(f"{where}: {got[1]!r} where the CSV is empty")
                    continue
                if not got:
                    bad(f"{where}: empty, the CSV has {text!r}")
                    continue
                t, value, fmt = got
                if keys[i] in DATE_KEYS:
                    day = datetime.date(1899, 12, 30) + datetime.timedelta(days=float(value))
                    shown = day.strftime("%Y-%m" if fmt == "yyyy-mm" else "%Y-%m-%d")
                    if t != "n" or shown != text:
                        bad(f"{where}: date {shown} ({fmt}), the CSV has {text}")
                elif numeric[i]:
                    numbers += 1
                    if t != "n":
                        bad(f"{where}: a {t} cell, the CSV's number {text} wants a number")
                    elif Decimal(value).quantize(Decimal(1).scaleb(-places(text))) != Decimal(text):
                        bad(f"{where}: {value}, the CSV has {text}")
                    elif format_places(fmt) != places(text):
                        bad(f"{where}: format {fmt} for {text}")
                else:
                    strings += 1
                    if t not in ("inlineStr", "s", "str"):
                        bad(f"{where}: a number cell for the text {text!r}")
                    elif value != unguard(text):
                        bad(f"{where}: {value!r}, the CSV has {text!r}")
                    elif keys[i] in ID_KEYS and fmt != "@":
                        bad(f"{where}: an id without the text format ({fmt})")
        # frozen header, filter on the keys row, print set-up
        pane = ws.find("m:sheetViews/m:sheetView/m:pane", NS)
        if pane is None or pane.get("ySplit") != "2" or pane.get("state") != "frozen":
            bad(f"{name}: the two header rows are not frozen")
        af = ws.find("m:autoFilter", NS)
        if af is None or not re.match(r"A2:[A-Z]+\d+$", af.get("ref")):
            bad(f"{name}: no filter on the header")
        ps = ws.find("m:pageSetup", NS)
        if ps is None or ps.get("paperSize") != "9" or ps.get("orientation") != "landscape" \
                or ps.get("fitToHeight") != "0":
            bad(f"{name}: not A4 landscape, fit to width")
        if titles.get(index) != f"'{name}'!$1:$2" and titles.get(index) != f"{name}!$1:$2":
            bad(f"{name}: the header rows do not repeat on each printed page ({titles.get(index)})")
        widths = [float(c.get("width")) for c in ws.findall("m:cols/m:col", NS)]
        if len(widths) != len(keys):
            bad(f"{name}: {len(widths)} column widths for {len(keys)} columns")
        print(f"{name}: {len(rows) - 1} rows, {len(keys)} columns, {numbers} number cells, "
              f"{strings} text cells")
    import os
    for name, path in SHEETS.items():
        if name not in seen and os.path.exists(f"{out}/{path}"):
            bad(f"{path} has no sheet {name}")
    if errors:
        for e in errors[:30]:
            print("FAIL:", e, file=sys.stderr)
        sys.exit(1)


main(sys.argv[1])

#!/usr/bin/env python3
"""What a user would write instead of `parscore rank`: read every workbook with openpyxl and
sum the self-assessed scores (`Điểm tự chấm`) of the leaf rows.

    python3 benches/openpyxl_sum.py DIR

It opens workbooks in openpyxl's read-only mode with cached formula values (`data_only`), the
fastest way openpyxl offers to read, and runs on one core, as such a script would. It prints the
number of workbooks and the sum of all their totals, which benches/run.sh checks against
parscore's. It scores nothing: it trusts the cached results of the template's formulas.
"""

import os
import sys

from openpyxl import load_workbook

SHEET = "Tự đánh giá"


def workbooks(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            if name.lower().endswith((".xlsx", ".xlsm")):
                yield os.path.join(folder, name)


def total(path):
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[SHEET]
        code_col = score_col = None
        scores = {}
        for row in ws.iter_rows(values_only=True):
            if code_col is None:
                cells = [str(c).strip() if c is not None else "" for c in row]
                if "Mã" in cells and "Điểm tự chấm" in cells:
                    code_col, score_col = cells.index("Mã"), cells.index("Điểm tự chấm")
                continue
            code = row[code_col] if code_col < len(row) else None
            if code is None or str(code).strip() == "":
                continue
            value = row[score_col] if score_col < len(row) else None
            scores[str(code).strip()] = float(value) if isinstance(value, (int, float)) else 0.0
        if code_col is None:
            raise ValueError(f"{path}: no header row with 'Mã' and 'Điểm tự chấm'")
        # Leaf rows: codes that no other code extends ("1.1.1", not "1.1" or "1").
        codes = set(scores)
        parents = {c.rsplit(".", 1)[0] for c in codes if "." in c}
        return sum(v for c, v in scores.items() if c not in parents)
    finally:
        wb.close()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: openpyxl_sum.py DIR")
    n, grand = 0, 0.0
    for path in workbooks(sys.argv[1]):
        grand += total(path)
        n += 1
    print(f"{n} workbooks, sum of totals {grand:.4f}")


if __name__ == "__main__":
    main()

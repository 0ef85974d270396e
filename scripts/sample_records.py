"""Writing sample records as the schema says (shared/schema/RECORDS.md): the
JSONL and the two CSVs, for gen_samples.py and gen_scans.py alike."""
from __future__ import annotations

import csv
import io
import json

SCALAR_FIELDS = [
    "source_file", "source_sha256", "form_index", "pages", "method", "year",
    "project_name", "project_nature", "project_category", "department",
    "implementing_unit", "start_date", "end_date", "amount_unit",
    "total_funds", "total_fiscal", "total_other",
    "annual_total", "annual_appropriation", "annual_carryover", "annual_other",
    "overall_goal", "annual_goal",
]
INDICATOR_FIELDS = ["seq", "level1", "level2", "level3", "target_raw", "comparator",
                    "target_value", "target_unit"]
INDICATOR_CSV_FIELDS = ["source_file", "source_sha256", "form_index", "project_name"] + \
    INDICATOR_FIELDS


def pages_csv(pages: list[int]) -> str:
    if not pages:
        return ""
    if pages == list(range(pages[0], pages[-1] + 1)):
        return f"{pages[0]}-{pages[-1]}" if len(pages) > 1 else str(pages[0])
    return ",".join(map(str, pages))


def csv_text(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def to_jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"
                   for r in records)


def to_projects_csv(records: list[dict]) -> str:
    return csv_text(SCALAR_FIELDS, [[pages_csv(r[k]) if k == "pages" else r[k]
                                     for k in SCALAR_FIELDS] for r in records])


def to_indicators_csv(records: list[dict]) -> str:
    rows = []
    for r in records:
        for ind in r["indicators"]:
            rows.append([r["source_file"], r["source_sha256"], r["form_index"],
                         r["project_name"]] + [ind[k] for k in INDICATOR_FIELDS])
    return csv_text(INDICATOR_CSV_FIELDS, rows)

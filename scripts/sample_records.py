"""Writing sample records as the schema says (shared/schema/RECORDS.md, v2): the
JSONL and the two CSVs, for gen_samples.py, gen_layouts.py and gen_scans.py alike.

Every record is written in v2 whatever its producer filled: `v2()` adds the v2 fields
that a v1-shaped record lacks (with the values a layout-A form has: the standard title,
no code, no attribute, no extra fields; an indicator of the form's only table, annual,
no note, not core, no extra column) and puts every key in the schema's order."""
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
    "form_title", "department_code", "project_attribute", "extra_fields",
]
RECORD_KEYS = SCALAR_FIELDS + ["indicators", "warnings"]
JSON_FIELDS = {"extra_fields", "extra"}    # compact JSON in a CSV cell
INDICATOR_FIELDS = ["seq", "level1", "level2", "level3", "target_raw", "comparator",
                    "target_value", "target_unit", "scope", "note", "core", "extra"]
STANDARD_TITLE = "财政项目支出绩效目标申报表"
RECORD_DEFAULTS = {"form_title": STANDARD_TITLE, "department_code": "",
                   "project_attribute": "", "extra_fields": []}
INDICATOR_DEFAULTS = {"scope": "annual", "note": "", "core": False, "extra": {}}


def v2(rec: dict) -> dict:
    """The record with every v2 key, in the order RECORDS.md lists them."""
    out = {}
    for k in RECORD_KEYS:
        if k in rec:
            out[k] = rec[k]
        elif k in RECORD_DEFAULTS:
            out[k] = RECORD_DEFAULTS[k]
        else:
            raise KeyError(f"record lacks {k}")
    extra = set(rec) - set(RECORD_KEYS)
    if extra:
        raise KeyError(f"record has keys outside the schema: {sorted(extra)}")
    inds = []
    for ind in out["indicators"]:
        o = {}
        for k in INDICATOR_FIELDS:
            o[k] = ind[k] if k in ind else INDICATOR_DEFAULTS[k]
        unknown = set(ind) - set(INDICATOR_FIELDS)
        if unknown:
            raise KeyError(f"indicator has keys outside the schema: {sorted(unknown)}")
        inds.append(o)
    out["indicators"] = inds
    return out


def cell(key: str, value) -> str:
    """A value as its CSV cell: JSON for the array/object fields, true/false for core."""
    if key in JSON_FIELDS:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if key == "pages":
        return pages_csv(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
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
    return "".join(json.dumps(v2(r), ensure_ascii=False, separators=(",", ":")) + "\n"
                   for r in records)


def to_projects_csv(records: list[dict]) -> str:
    return csv_text(SCALAR_FIELDS, [[cell(k, v2(r)[k]) for k in SCALAR_FIELDS]
                                    for r in records])


def to_indicators_csv(records: list[dict]) -> str:
    rows = []
    for r in map(v2, records):
        for ind in r["indicators"]:
            rows.append([r["source_file"], r["source_sha256"], r["form_index"],
                         r["project_name"]] + [cell(k, ind[k]) for k in INDICATOR_FIELDS])
    return csv_text(INDICATOR_CSV_FIELDS, rows)

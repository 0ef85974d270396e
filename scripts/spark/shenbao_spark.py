"""Converts an archive of PDFs on a Spark cluster: the PDFs are distributed
over the executors, each runs the shenbao binary on its partition, and the
two tables (projects, indicators) are written as Parquet to a lake path, with
the same types as `shenbao extract --parquet`.

    spark-submit --master local[2] scripts/spark/shenbao_spark.py \
        --shenbao target/release/shenbao --out /lake/shenbao PDF_OR_DIR...

The shenbao binary (and, for scans, its OCR engines: scripts/setup) must be
at the same path on every executor. Paths are passed as given, so records
name files as a single `shenbao extract` run over the same paths would.
"""
import argparse
import datetime
import decimal
import json
import os
import subprocess
import tempfile

from pyspark.sql import SparkSession
from pyspark.sql import types as T

AMOUNTS = ["total_funds", "total_fiscal", "total_other", "annual_total",
           "annual_appropriation", "annual_carryover", "annual_other"]
TEXTS = ["project_name", "project_nature", "project_category", "department",
         "implementing_unit"]

PROJECTS = T.StructType(
    [T.StructField("source_file", T.StringType(), False),
     T.StructField("source_sha256", T.StringType(), False),
     T.StructField("form_index", T.IntegerType(), False),
     T.StructField("pages", T.ArrayType(T.IntegerType(), False), False),
     T.StructField("method", T.StringType(), False),
     T.StructField("year", T.IntegerType(), True)]
    + [T.StructField(f, T.StringType(), False) for f in TEXTS]
    + [T.StructField("start_date", T.DateType(), True),
       T.StructField("end_date", T.DateType(), True),
       T.StructField("amount_unit", T.StringType(), False)]
    + [T.StructField(f, T.DecimalType(18, 2), True) for f in AMOUNTS]
    + [T.StructField(f, T.StringType(), False)
       for f in ["overall_goal", "annual_goal", "form_title", "department_code",
                 "project_attribute", "extra_fields"]])

INDICATORS = T.StructType(
    [T.StructField("source_file", T.StringType(), False),
     T.StructField("source_sha256", T.StringType(), False),
     T.StructField("form_index", T.IntegerType(), False),
     T.StructField("project_name", T.StringType(), False),
     T.StructField("seq", T.IntegerType(), False)]
    + [T.StructField(f, T.StringType(), False)
       for f in ["level1", "level2", "level3", "target_raw"]]
    + [T.StructField(f, T.StringType(), True)
       for f in ["comparator", "target_value", "target_unit"]]
    + [T.StructField("scope", T.StringType(), False),
       T.StructField("note", T.StringType(), False),
       T.StructField("core", T.BooleanType(), False),
       T.StructField("extra", T.StringType(), False)])


def pdfs(paths):
    """The inputs as shenbao expands them: directories searched for *.pdf."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            found = []
            for root, _, files in os.walk(p):
                found += [os.path.join(root, f) for f in files if f.lower().endswith(".pdf")]
            out += sorted(found, key=lambda f: f.split(os.sep))
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def extract(exe):
    """A partition of PDF paths → shenbao's records (JSON lines)."""
    def run(paths):
        paths = list(paths)
        if not paths:
            return
        with tempfile.TemporaryDirectory() as d:
            # Exit 3 (some file unreadable) still writes every other record.
            r = subprocess.run([exe, "extract", *paths, "--out", d, "-q", "-j", "1"])
            if r.returncode not in (0, 3):
                raise RuntimeError(f"shenbao exited {r.returncode} on {paths}")
            with open(os.path.join(d, "records.jsonl"), encoding="utf-8") as f:
                yield from f.read().splitlines()
    return run


def opt(v):
    return v if v != "" else None


def compact(v):
    """JSON text as shenbao's CSV and Parquet hold extra_fields / extra."""
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def project_row(r):
    date = lambda s: datetime.date.fromisoformat(s) if s else None
    money = lambda s: decimal.Decimal(s) if s else None
    return ([r["source_file"], r["source_sha256"], r["form_index"], r["pages"],
             r["method"], r.get("year")]
            + [r[f] for f in TEXTS]
            + [date(r["start_date"]), date(r["end_date"]), r["amount_unit"]]
            + [money(r[f]) for f in AMOUNTS]
            + [r["overall_goal"], r["annual_goal"], r["form_title"], r["department_code"],
               r["project_attribute"], compact(r["extra_fields"])])


def indicator_rows(r):
    for i in r["indicators"]:
        yield [r["source_file"], r["source_sha256"], r["form_index"], r["project_name"],
               i["seq"], i["level1"], i["level2"], i["level3"], i["target_raw"],
               opt(i["comparator"]), opt(i["target_value"]), opt(i["target_unit"]),
               i["scope"], i["note"], i["core"], compact(i["extra"])]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shenbao", required=True, help="path of the shenbao binary on every executor")
    ap.add_argument("--out", required=True, help="lake path for projects/ and indicators/")
    ap.add_argument("--partitions", type=int, default=0, help="default: one per core")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    spark = SparkSession.builder.appName("shenbao").getOrCreate()
    files = pdfs(a.paths)
    n = a.partitions or spark.sparkContext.defaultParallelism
    records = (spark.sparkContext.parallelize(files, max(1, min(n, len(files))))
               .mapPartitions(extract(os.path.abspath(a.shenbao)))
               .map(json.loads)
               .cache())
    spark.createDataFrame(records.map(project_row), PROJECTS) \
        .orderBy("source_file", "form_index").write.mode("overwrite").parquet(a.out + "/projects")
    spark.createDataFrame(records.flatMap(indicator_rows), INDICATORS) \
        .orderBy("source_file", "form_index", "seq").write.mode("overwrite").parquet(a.out + "/indicators")
    spark.stop()


if __name__ == "__main__":
    main()

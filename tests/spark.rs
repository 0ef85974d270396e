//! scripts/spark/shenbao_spark.py on Spark in local mode (local[2]) over the
//! exported samples: the lake's two tables must hold exactly the rows of a
//! single-machine `extract --parquet` run (compared in DuckDB, both ways).

mod common;

use common::{exported_samples, extract_samples, repo, scratch, setup_cache};
use std::process::Command;

#[test]
fn spark_job_writes_the_tables_of_a_single_run() {
    let dir = scratch("spark");
    let samples = exported_samples();
    let single = dir.join("single");
    assert!(
        extract_samples(&single, &["-q", "--parquet"])
            .status
            .success()
    );

    let venv = setup_cache().join("spark-venv/bin");
    assert!(
        venv.join("spark-submit").is_file(),
        "pyspark missing: run scripts/setup-test"
    );
    let lake = dir.join("lake");
    let path = format!(
        "{}:{}",
        venv.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = Command::new(venv.join("spark-submit"))
        .env("PATH", path)
        .env("PYSPARK_PYTHON", venv.join("python"))
        .args(["--master", "local[2]", "--conf", "spark.ui.enabled=false"])
        .arg("scripts/spark/shenbao_spark.py")
        .arg("--shenbao")
        .arg(env!("CARGO_BIN_EXE_shenbao"))
        .arg("--out")
        .arg(&lake)
        .args(&samples)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "spark-submit: {}",
        String::from_utf8_lossy(&o.stderr)
    );

    let check = r#"
import duckdb, sys
single, lake = sys.argv[1:3]
for t in ("projects", "indicators"):
    a = "read_parquet('%s/%s.parquet')" % (single, t)
    b = "read_parquet('%s/%s/*.parquet')" % (lake, t)
    q = lambda sql: duckdb.sql(sql).fetchall()[0][0]
    print("%s %d %d %d %d" % (t, q("SELECT count(*) FROM " + a), q("SELECT count(*) FROM " + b),
          q("SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM %s)" % (a, b)),
          q("SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM %s)" % (b, a))))
"#;
    let o = Command::new(setup_cache().join("duckdb-venv/bin/python"))
        .arg("-c")
        .arg(check)
        .arg(&single)
        .arg(&lake)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    for line in out.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        assert_eq!(f[1], f[2], "{line}: row counts");
        assert!(f[1] != "0", "{line}: no rows");
        assert_eq!((f[3], f[4]), ("0", "0"), "{line}: rows differ");
    }
    assert_eq!(out.lines().count(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

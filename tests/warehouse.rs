//! The records in a real PostgreSQL: the test starts a private server (its
//! own data directory and socket, no TCP), creates the tables of
//! sql/postgres.sql, loads the samples' output twice (the upsert must not
//! duplicate a form), and checks counts, every amount column's sum and the
//! indicators' join to their projects against the hand-checked records.

mod common;

use common::{extract_samples, read_jsonl, repo, scratch, setup_cache};
use shenbao::normalize::amount::{Amount, AmountUnit};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A PostgreSQL server for the length of a test.
struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    socket: PathBuf,
    port: u16,
}

/// Runs a server binary as the `postgres` user when we are root (initdb
/// and postgres refuse to run as root).
fn as_server_user(bin: &Path) -> Command {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin);
        c
    } else {
        Command::new(bin)
    }
}

impl Postgres {
    fn start(dir: &Path) -> Postgres {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL is installed by scripts/setup-test (Debian package postgresql)")
            .map(|e| e.unwrap().path().join("bin"))
            .find(|b| b.join("initdb").is_file())
            .expect("no initdb under /usr/lib/postgresql");
        let (data, socket) = (dir.join("data"), dir.join("socket"));
        std::fs::create_dir_all(&socket).unwrap();
        if unsafe { libc::geteuid() } == 0 {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir)
                .status()
                .unwrap();
            assert!(ok.success());
        }
        let ok = as_server_user(&bin.join("initdb"))
            .args(["-D"])
            .arg(&data)
            .args([
                "-U", "postgres", "-E", "UTF8", "--locale", "C", "-A", "trust",
            ])
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        let port = 54329 + (std::process::id() % 500) as u16;
        let opts = format!("-p {port} -k {} -c listen_addresses=''", socket.display());
        let ok = as_server_user(&bin.join("pg_ctl"))
            .arg("-D")
            .arg(&data)
            .args(["-o", &opts, "-w", "-l"])
            .arg(dir.join("log"))
            .arg("start")
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "pg_ctl start: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        Postgres {
            bin,
            data,
            socket,
            port,
        }
    }

    /// psql with `args` in the repo, stdout as text; panics with psql's
    /// stderr on failure.
    fn psql(&self, args: &[&str]) -> String {
        self.psql_in(&repo(), args)
    }

    fn psql_in(&self, cwd: &Path, args: &[&str]) -> String {
        let o = Command::new("psql")
            .args([
                "-h",
                self.socket.to_str().unwrap(),
                "-p",
                &self.port.to_string(),
            ])
            .args([
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
            ])
            .args(args)
            .current_dir(cwd)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "psql {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = as_server_user(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

/// Sum of amounts in 元 (the records' and the databases' decimal strings),
/// exactly, in hundredths.
fn cents(values: impl Iterator<Item = String>) -> i128 {
    values
        .filter(|v| !v.is_empty())
        .map(|v| Amount::parse(&v, AmountUnit::Yuan).unwrap().0)
        .sum()
}

/// The checked records' v2 content, as both warehouses must count it:
/// extra fields, core indicators, whole-period indicators, extra columns.
fn v2_counts(checked: &[shenbao::record::Record]) -> String {
    let inds = || checked.iter().flat_map(|r| &r.indicators);
    format!(
        "{},{},{},{}",
        checked.iter().map(|r| r.extra_fields.len()).sum::<usize>(),
        inds().filter(|i| i.core).count(),
        inds().filter(|i| i.scope == "overall").count(),
        inds().map(|i| i.extra.0.len()).sum::<usize>()
    )
}

#[test]
fn samples_load_into_postgres_and_add_up() {
    let dir = scratch("postgres");
    let out = dir.join("out");
    assert!(extract_samples(&out, &["-q"]).status.success());
    let pg = Postgres::start(&dir.join("pg"));
    pg.psql(&["-f", "sql/postgres.sql"]);
    let load = repo().join("sql/postgres-load.sql");
    let load = load.to_str().unwrap();
    pg.psql_in(&out, &["-f", load]);
    pg.psql_in(&out, &["-f", load]); // a re-load: no duplicates

    let checked = read_jsonl(&repo().join("samples/checked/records.jsonl"));
    let indicators: usize = checked.iter().map(|r| r.indicators.len()).sum();
    assert_eq!(
        pg.psql(&["-c", "SELECT count(*) FROM projects"]),
        checked.len().to_string()
    );
    assert_eq!(
        pg.psql(&["-c", "SELECT count(*) FROM indicators"]),
        indicators.to_string()
    );
    assert_eq!(
        pg.psql(&[
            "-c",
            "SELECT count(*) FROM indicators JOIN projects USING (source_sha256, form_index)"
        ]),
        indicators.to_string()
    );
    for field in shenbao::record::AMOUNT_FIELDS {
        let sql = format!("SELECT coalesce(sum({field}), 0) FROM projects");
        let got = pg.psql(&["-c", &sql]);
        let want = cents(checked.iter().map(|r| r.scalar(field)));
        assert_eq!(
            cents(std::iter::once(got.clone())),
            want,
            "sum of {field}: {got}"
        );
    }
    // Types: pages as an integer array, dates as dates.
    assert_eq!(
        pg.psql(&[
            "-c",
            "SELECT max(array_length(pages, 1)) > 1, min(start_date) < max(end_date) FROM projects"
        ]),
        "t|t"
    );
    // v2: the JSON columns are jsonb that holds every entry, core a boolean.
    const V2_SQL: &str = "SELECT (SELECT sum(jsonb_array_length(extra_fields)) FROM projects) \
        || ',' || (SELECT count(*) FILTER (WHERE core) FROM indicators) \
        || ',' || (SELECT count(*) FILTER (WHERE scope = 'overall') FROM indicators) \
        || ',' || (SELECT coalesce(sum((SELECT count(*) FROM jsonb_object_keys(extra))), 0) \
                   FROM indicators)";
    let v2 = v2_counts(&checked);
    assert_eq!(pg.psql(&["-c", V2_SQL]), v2);
    // A warehouse made for schema v1 is upgraded in place by sql/postgres.sql.
    pg.psql(&[
        "-c",
        "ALTER TABLE indicators DROP COLUMN extra, DROP COLUMN core; \
         ALTER TABLE projects DROP COLUMN form_title, DROP COLUMN extra_fields",
    ]);
    pg.psql(&["-f", "sql/postgres.sql"]);
    pg.psql_in(&out, &["-f", load]);
    assert_eq!(
        pg.psql(&[
            "-c",
            "SELECT (SELECT count(*) FROM projects) || ',' || (SELECT count(*) FROM indicators)"
        ]),
        format!("{},{indicators}", checked.len())
    );
    assert_eq!(pg.psql(&["-c", V2_SQL]), v2);
    drop(pg);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The DuckDB the setup script installs (Python package in a venv).
fn duckdb_python() -> PathBuf {
    let py = setup_cache().join("duckdb-venv/bin/python");
    assert!(
        py.is_file(),
        "{} missing: run scripts/setup-test",
        py.display()
    );
    py
}

#[test]
fn parquet_output_loads_into_duckdb_and_adds_up() {
    let dir = scratch("duckdb");
    let out = dir.join("out");
    assert!(extract_samples(&out, &["-q", "--parquet"]).status.success());
    // Create the tables, load the output twice (an upsert), then answer the
    // checks as `name=value` lines.
    let script = r#"
import duckdb, os, sys
repo, out, db = sys.argv[1:4]
con = duckdb.connect(db)
con.execute(open(os.path.join(repo, "sql/duckdb.sql")).read())
os.chdir(out)
load = open(os.path.join(repo, "sql/duckdb-load.sql")).read()
con.execute(load)
con.execute(load)
q = lambda sql: con.execute(sql).fetchone()[0]
print("projects=%s" % q("SELECT count(*) FROM projects"))
print("indicators=%s" % q("SELECT count(*) FROM indicators"))
print("joined=%s" % q("SELECT count(*) FROM indicators JOIN projects USING (source_sha256, form_index)"))
for f in sys.argv[4:]:
    print("%s=%s" % (f, q("SELECT coalesce(sum(%s), 0) FROM projects" % f)))
print("types=%s" % q("SELECT typeof(pages) || ',' || typeof(start_date) || ',' || typeof(total_funds) FROM projects LIMIT 1"))
print("itypes=%s" % q("SELECT typeof(core) || ',' || typeof(extra) FROM indicators LIMIT 1"))
print("v2=%s,%s,%s,%s" % (q("SELECT sum(json_array_length(extra_fields)) FROM projects"),
    q("SELECT count(*) FILTER (WHERE core) FROM indicators"),
    q("SELECT count(*) FILTER (WHERE scope = 'overall') FROM indicators"),
    q("SELECT coalesce(sum(len(json_keys(extra))), 0) FROM indicators")))
"#;
    let mut cmd = Command::new(duckdb_python());
    cmd.arg("-c")
        .arg(script)
        .arg(repo())
        .arg(&out)
        .arg(dir.join("warehouse.db"))
        .args(shenbao::record::AMOUNT_FIELDS);
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let answers: std::collections::HashMap<String, String> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| {
            l.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    let checked = read_jsonl(&repo().join("samples/checked/records.jsonl"));
    let indicators: usize = checked.iter().map(|r| r.indicators.len()).sum();
    assert_eq!(answers["projects"], checked.len().to_string());
    assert_eq!(answers["indicators"], indicators.to_string());
    assert_eq!(answers["joined"], indicators.to_string());
    for field in shenbao::record::AMOUNT_FIELDS {
        let want = cents(checked.iter().map(|r| r.scalar(field)));
        assert_eq!(
            cents(std::iter::once(answers[field].clone())),
            want,
            "sum of {field}"
        );
    }
    assert_eq!(answers["types"], "INTEGER[],DATE,DECIMAL(18,2)");
    assert_eq!(answers["itypes"], "BOOLEAN,JSON");
    assert_eq!(answers["v2"], v2_counts(&checked));
    let _ = std::fs::remove_dir_all(&dir);
}

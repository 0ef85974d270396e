-- shenbao's two tables in DuckDB, keyed by (source_sha256, form_index):
-- the same form, re-extracted on any machine, is the same row.
-- Create them once, then load each output directory written with --parquet
-- from inside it:
--   duckdb warehouse.db < sql/duckdb.sql
--   cd out/samples && duckdb ../../warehouse.db < ../../sql/duckdb-load.sql
CREATE TABLE IF NOT EXISTS projects (
    source_file           VARCHAR NOT NULL,
    source_sha256         VARCHAR NOT NULL,
    form_index            INTEGER NOT NULL,
    pages                 INTEGER[] NOT NULL,
    method                VARCHAR NOT NULL,
    year                  INTEGER,
    project_name          VARCHAR,
    project_nature        VARCHAR,
    project_category      VARCHAR,
    department            VARCHAR,
    implementing_unit     VARCHAR,
    start_date            DATE,
    end_date              DATE,
    amount_unit           VARCHAR,
    total_funds           DECIMAL(18,2),
    total_fiscal          DECIMAL(18,2),
    total_other           DECIMAL(18,2),
    annual_total          DECIMAL(18,2),
    annual_appropriation  DECIMAL(18,2),
    annual_carryover      DECIMAL(18,2),
    annual_other          DECIMAL(18,2),
    overall_goal          VARCHAR,
    annual_goal           VARCHAR,
    form_title            VARCHAR,
    department_code       VARCHAR,
    project_attribute     VARCHAR,
    extra_fields          JSON,
    PRIMARY KEY (source_sha256, form_index)
);
CREATE TABLE IF NOT EXISTS indicators (
    source_file           VARCHAR NOT NULL,
    source_sha256         VARCHAR NOT NULL,
    form_index            INTEGER NOT NULL,
    project_name          VARCHAR,
    seq                   INTEGER NOT NULL,
    level1                VARCHAR,
    level2                VARCHAR,
    level3                VARCHAR,
    target_raw            VARCHAR,
    comparator            VARCHAR,
    target_value          VARCHAR,
    target_unit           VARCHAR,
    scope                 VARCHAR,
    note                  VARCHAR,
    core                  BOOLEAN,
    extra                 JSON,
    PRIMARY KEY (source_sha256, form_index, seq)
);
-- A warehouse created for schema v1 gains v2's columns, appended in the
-- order the Parquet files hold them.
ALTER TABLE projects ADD COLUMN IF NOT EXISTS form_title VARCHAR;
ALTER TABLE projects ADD COLUMN IF NOT EXISTS department_code VARCHAR;
ALTER TABLE projects ADD COLUMN IF NOT EXISTS project_attribute VARCHAR;
ALTER TABLE projects ADD COLUMN IF NOT EXISTS extra_fields JSON;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS scope VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS note VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS core BOOLEAN;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS extra JSON;

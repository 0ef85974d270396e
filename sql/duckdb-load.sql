-- Loads one output directory's Parquet files (extract --parquet) into the
-- tables of sql/duckdb.sql, run from inside that directory. A re-loaded form
-- replaces its row and its indicators; nothing is duplicated.
BEGIN TRANSACTION;
DELETE FROM indicators USING read_parquet('projects.parquet') AS p
 WHERE indicators.source_sha256 = p.source_sha256 AND indicators.form_index = p.form_index;
INSERT OR REPLACE INTO projects SELECT * FROM read_parquet('projects.parquet');
INSERT INTO indicators SELECT * FROM read_parquet('indicators.parquet');
COMMIT;

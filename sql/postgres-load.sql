-- Loads one shenbao output directory (projects.csv, indicators.csv) into
-- the tables of sql/postgres.sql, upserting on (source_sha256, form_index):
-- loading a re-run again replaces its forms, it never duplicates them.
-- Run it from inside the output directory (psql reads the CSVs itself):
--   cd out/samples && psql -f /path/to/shenbao/sql/postgres-load.sql
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE projects_csv (source_file text, source_sha256 text, form_index text, pages text, method text, year text, project_name text, project_nature text, project_category text, department text, implementing_unit text, start_date text, end_date text, amount_unit text, total_funds text, total_fiscal text, total_other text, annual_total text, annual_appropriation text, annual_carryover text, annual_other text, overall_goal text, annual_goal text, form_title text, department_code text, project_attribute text, extra_fields text) ON COMMIT DROP;
CREATE TEMP TABLE indicators_csv (source_file text, source_sha256 text, form_index text, project_name text, seq text, level1 text, level2 text, level3 text, target_raw text, comparator text, target_value text, target_unit text, scope text, note text, core text, extra text) ON COMMIT DROP;
\copy projects_csv FROM 'projects.csv' WITH (FORMAT csv, HEADER true)
\copy indicators_csv FROM 'indicators.csv' WITH (FORMAT csv, HEADER true)
-- A re-extracted form's indicators are replaced as a whole.
DELETE FROM indicators i USING projects_csv p
 WHERE i.source_sha256 = p.source_sha256 AND i.form_index = p.form_index::integer;
INSERT INTO projects (source_file, source_sha256, form_index, pages, method, year, project_name, project_nature, project_category, department, implementing_unit, start_date, end_date, amount_unit, total_funds, total_fiscal, total_other, annual_total, annual_appropriation, annual_carryover, annual_other, overall_goal, annual_goal, form_title, department_code, project_attribute, extra_fields)
SELECT source_file, source_sha256, nullif(form_index, '')::integer, shenbao_pages(pages), method, nullif(year, '')::integer, project_name, project_nature, project_category, department, implementing_unit, nullif(start_date, '')::date, nullif(end_date, '')::date, amount_unit, nullif(total_funds, '')::numeric, nullif(total_fiscal, '')::numeric, nullif(total_other, '')::numeric, nullif(annual_total, '')::numeric, nullif(annual_appropriation, '')::numeric, nullif(annual_carryover, '')::numeric, nullif(annual_other, '')::numeric, overall_goal, annual_goal, form_title, department_code, project_attribute, coalesce(nullif(extra_fields, ''), '[]')::jsonb
  FROM projects_csv
ON CONFLICT (source_sha256, form_index) DO UPDATE SET
    source_file = excluded.source_file,
    pages = excluded.pages,
    method = excluded.method,
    year = excluded.year,
    project_name = excluded.project_name,
    project_nature = excluded.project_nature,
    project_category = excluded.project_category,
    department = excluded.department,
    implementing_unit = excluded.implementing_unit,
    start_date = excluded.start_date,
    end_date = excluded.end_date,
    amount_unit = excluded.amount_unit,
    total_funds = excluded.total_funds,
    total_fiscal = excluded.total_fiscal,
    total_other = excluded.total_other,
    annual_total = excluded.annual_total,
    annual_appropriation = excluded.annual_appropriation,
    annual_carryover = excluded.annual_carryover,
    annual_other = excluded.annual_other,
    overall_goal = excluded.overall_goal,
    annual_goal = excluded.annual_goal,
    form_title = excluded.form_title,
    department_code = excluded.department_code,
    project_attribute = excluded.project_attribute,
    extra_fields = excluded.extra_fields;
INSERT INTO indicators (source_file, source_sha256, form_index, project_name, seq, level1, level2, level3, target_raw, comparator, target_value, target_unit, scope, note, core, extra)
SELECT source_file, source_sha256, nullif(form_index, '')::integer, project_name, nullif(seq, '')::integer, level1, level2, level3, target_raw, nullif(comparator, ''), nullif(target_value, '')::numeric, nullif(target_unit, ''), scope, note, coalesce(nullif(core, ''), 'false')::boolean, coalesce(nullif(extra, ''), '{}')::jsonb
  FROM indicators_csv;
COMMIT;

-- shenbao's two tables in PostgreSQL, keyed by (source_sha256, form_index):
-- the same form, re-extracted on any machine, is the same row.
-- Create them once:   psql -f sql/postgres.sql
-- Load an output dir: cd out/samples && psql -f /path/to/sql/postgres-load.sql

CREATE TABLE IF NOT EXISTS projects (
    source_file           text        NOT NULL,
    source_sha256         char(64)    NOT NULL,
    form_index            integer     NOT NULL,
    pages                 integer[]   NOT NULL,
    method                text        NOT NULL,
    year                  integer,
    project_name          text,
    project_nature        text,
    project_category      text,
    department            text,
    implementing_unit     text,
    start_date            date,
    end_date              date,
    amount_unit           text,
    total_funds           numeric(18,2),
    total_fiscal          numeric(18,2),
    total_other           numeric(18,2),
    annual_total          numeric(18,2),
    annual_appropriation  numeric(18,2),
    annual_carryover      numeric(18,2),
    annual_other          numeric(18,2),
    overall_goal          text,
    annual_goal           text,
    form_title            text,
    department_code       text,
    project_attribute     text,
    extra_fields          jsonb       NOT NULL DEFAULT '[]',
    PRIMARY KEY (source_sha256, form_index)
);

CREATE TABLE IF NOT EXISTS indicators (
    source_file           text        NOT NULL,
    source_sha256         char(64)    NOT NULL,
    form_index            integer     NOT NULL,
    project_name          text,
    seq                   integer     NOT NULL,
    level1                text,
    level2                text,
    level3                text,
    target_raw            text,
    comparator            text,
    target_value          numeric,
    target_unit           text,
    scope                 text,
    note                  text,
    core                  boolean     NOT NULL DEFAULT false,
    extra                 jsonb       NOT NULL DEFAULT '{}',
    PRIMARY KEY (source_sha256, form_index, seq),
    FOREIGN KEY (source_sha256, form_index) REFERENCES projects ON DELETE CASCADE
);

-- A warehouse created for schema v1 gains v2's columns (v2 only appended).
ALTER TABLE projects
    ADD COLUMN IF NOT EXISTS form_title        text,
    ADD COLUMN IF NOT EXISTS department_code   text,
    ADD COLUMN IF NOT EXISTS project_attribute text,
    ADD COLUMN IF NOT EXISTS extra_fields      jsonb NOT NULL DEFAULT '[]';
ALTER TABLE indicators
    ADD COLUMN IF NOT EXISTS scope text,
    ADD COLUMN IF NOT EXISTS note  text,
    ADD COLUMN IF NOT EXISTS core  boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS extra jsonb   NOT NULL DEFAULT '{}';

-- The CSVs' page lists (`3-4`, `1,3`) as an integer array.
CREATE OR REPLACE FUNCTION shenbao_pages(t text) RETURNS integer[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(p ORDER BY p), '{}')
    FROM unnest(string_to_array(nullif(t, ''), ',')) AS r,
         generate_series(split_part(r, '-', 1)::int,
                         coalesce(nullif(split_part(r, '-', 2), ''), split_part(r, '-', 1))::int) AS p
$$;

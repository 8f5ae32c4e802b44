-- Run by infra/lib/ferretdb.sh (ferretdb_pg_setup) as superuser in FerretDB's database on every `up`.
--
-- FerretDB 1.24 finds a document by _id with `_jsonb->$1 @> $2` ($1 = '_id'). Its own unique
-- btree index on (_jsonb->'_id') serves `=` only, so without help every upsert, update and
-- findOne by _id reads the whole table. A GIN jsonb_path_ops index on the same expression serves
-- `@>`. An event trigger adds one to every table FerretDB creates, and the end of this file adds
-- it to tables created before the trigger existed. fastupdate is off: with FerretDB's pattern
-- (insert a document, then look it up by _id) GIN's pending list would be scanned on every lookup.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
BEGIN;

CREATE SCHEMA IF NOT EXISTS ctp_infra AUTHORIZATION postgres;
GRANT USAGE ON SCHEMA ctp_infra TO PUBLIC;

-- FerretDB's own index names end in _idx, so these cannot collide with them
CREATE OR REPLACE FUNCTION ctp_infra.id_index_name(tbl name) RETURNS name
LANGUAGE sql IMMUTABLE AS $$ SELECT (left(tbl, 40) || '_' || left(md5(tbl), 8) || '_ctp_id_gin')::name $$;

CREATE OR REPLACE FUNCTION ctp_infra.is_ferretdb_table(tbl oid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT c.relkind = 'r' AND c.relname <> '_ferretdb_database_metadata'
         AND EXISTS (SELECT FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attname = '_jsonb' AND NOT a.attisdropped)
         AND EXISTS (SELECT FROM pg_catalog.pg_class m WHERE m.relnamespace = c.relnamespace AND m.relname = '_ferretdb_database_metadata')
    FROM pg_catalog.pg_class c WHERE c.oid = tbl
$$;

CREATE OR REPLACE FUNCTION ctp_infra.add_id_index() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
  created record;
BEGIN
  FOR created IN
    SELECT c.relname, n.nspname
      FROM pg_event_trigger_ddl_commands() d
      JOIN pg_class c ON c.oid = d.objid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE d.command_tag = 'CREATE TABLE' AND d.object_type = 'table' AND ctp_infra.is_ferretdb_table(c.oid)
  LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb->''_id'') jsonb_path_ops) WITH (fastupdate = off)',
                   ctp_infra.id_index_name(created.relname), created.nspname, created.relname);
  END LOOP;
END $$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_event_trigger WHERE evtname = 'ctp_ferretdb_id_index') THEN
    CREATE EVENT TRIGGER ctp_ferretdb_id_index ON ddl_command_end
      WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION ctp_infra.add_id_index();
  END IF;
END $$;
ALTER EVENT TRIGGER ctp_ferretdb_id_index ENABLE;

COMMIT;

-- Backfill, one table at a time without blocking its writers. A table dropped meanwhile fails
-- its statement only; an interrupted build leaves an invalid index, dropped and built again here.
\set ON_ERROR_STOP off
SELECT format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', n.nspname, i.relname)
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
 WHERE NOT x.indisvalid AND i.relname LIKE '%\_ctp\_id\_gin'
\gexec
SELECT format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb->''_id'') jsonb_path_ops) WITH (fastupdate = off)',
              ctp_infra.id_index_name(c.relname), n.nspname, c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE ctp_infra.is_ferretdb_table(c.oid)
   AND NOT EXISTS (SELECT FROM pg_class i WHERE i.relnamespace = c.relnamespace AND i.relname = ctp_infra.id_index_name(c.relname))
\gexec

-- the caller warns unless this prints 0
SELECT count(*) AS tables_without_id_index
  FROM pg_class c
 WHERE ctp_infra.is_ferretdb_table(c.oid)
   AND NOT EXISTS (SELECT FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                    WHERE x.indrelid = c.oid AND x.indisvalid AND i.relname = ctp_infra.id_index_name(c.relname));

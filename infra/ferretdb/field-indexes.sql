-- Run by infra/lib/ferretdb.sh (ferretdb_pg_setup) as superuser in FerretDB's database on every `up`, after id-index.sql.
--
-- FerretDB 1.24 filters a field by equality with `_jsonb->'field' @> '"value"'`; the btree index it creates for a
-- collection's index on that field, `((_jsonb -> 'field'))`, serves `=` only, so every find by `customerId`, `caseId`
-- and the like reads the whole table. A GIN jsonb_path_ops index on the same expression serves `@>`. An event
-- trigger adds one beside every single-field btree index FerretDB creates (but `_id`'s, which id-index.sql covers),
-- and the end of this file adds it beside those created before the trigger existed. A failure here never fails
-- FerretDB's own statement: the lookup is then only slower.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
BEGIN;

-- FerretDB's own index names end in _idx, so these cannot collide with them
CREATE OR REPLACE FUNCTION ctp_infra.field_index_name(btree name) RETURNS name
LANGUAGE sql IMMUTABLE AS $$ SELECT (left(btree, 40) || '_' || left(md5(btree), 8) || '_ctp_field_gin')::name $$;

-- The key of a single-field btree index on a FerretDB table, `(_jsonb -> 'field'::text)`; null for any other index.
CREATE OR REPLACE FUNCTION ctp_infra.field_index_key(btree oid) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
  SELECT pg_get_indexdef(x.indexrelid, 1, true)
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am a ON a.oid = i.relam
   WHERE x.indexrelid = btree AND a.amname = 'btree' AND x.indnatts = 1 AND x.indexprs IS NOT NULL
     AND ctp_infra.is_ferretdb_table(x.indrelid)
     AND pg_get_indexdef(x.indexrelid, 1, true) ~ '^\(_jsonb -> ''[^'']+''::text\)$'
     AND pg_get_indexdef(x.indexrelid, 1, true) <> '(_jsonb -> ''_id''::text)'
$$;

CREATE OR REPLACE FUNCTION ctp_infra.add_field_index() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
  created record;
BEGIN
  FOR created IN
    SELECT i.relname AS btree, n.nspname, t.relname AS tbl, ctp_infra.field_index_key(i.oid) AS key
      FROM pg_event_trigger_ddl_commands() d
      JOIN pg_class i ON i.oid = d.objid
      JOIN pg_index x ON x.indexrelid = i.oid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE d.command_tag = 'CREATE INDEX' AND d.object_type = 'index'
  LOOP
    CONTINUE WHEN created.key IS NULL;
    BEGIN
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s jsonb_path_ops) WITH (fastupdate = off)',
                     ctp_infra.field_index_name(created.btree), created.nspname, created.tbl, created.key);
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'ctp: no GIN index beside %.%: %', created.nspname, created.btree, SQLERRM;
    END;
  END LOOP;
END $$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_event_trigger WHERE evtname = 'ctp_ferretdb_field_index') THEN
    CREATE EVENT TRIGGER ctp_ferretdb_field_index ON ddl_command_end
      WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION ctp_infra.add_field_index();
  END IF;
END $$;
ALTER EVENT TRIGGER ctp_ferretdb_field_index ENABLE;

COMMIT;

-- Backfill, one index at a time without blocking writers; an interrupted build is dropped and built again.
\set ON_ERROR_STOP off
SELECT format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', n.nspname, i.relname)
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
 WHERE NOT x.indisvalid AND i.relname LIKE '%\_ctp\_field\_gin'
\gexec
SELECT format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %I.%I USING gin (%s jsonb_path_ops) WITH (fastupdate = off)',
              ctp_infra.field_index_name(i.relname), n.nspname, t.relname, ctp_infra.field_index_key(i.oid))
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE ctp_infra.field_index_key(i.oid) IS NOT NULL
   AND NOT EXISTS (SELECT FROM pg_class g WHERE g.relnamespace = t.relnamespace AND g.relname = ctp_infra.field_index_name(i.relname))
\gexec

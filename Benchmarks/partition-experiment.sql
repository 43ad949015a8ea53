-- Partitioning experiment (README, "Going further than one primary"): on the search benchmark
-- database bench_100000 (Benchmarks/search-bench.sh with ENGINES=postgres and SIZES=100000),
-- the articles' tokens in one table and in a table partitioned by decade, each with a GIN
-- index built afterwards; psql prints the times.
--   PGPASSWORD=broadsheet psql -h 127.0.0.1 -p PORT -U broadsheet -d bench_100000 -f Benchmarks/partition-experiment.sql
SET enable_seqscan = off;
SET max_parallel_workers_per_gather = 0;
SET maintenance_work_mem = '256MB';
DROP TABLE IF EXISTS art_part, art_flat;
CREATE TABLE art_part (rowid bigint, date text COLLATE "C", tokens tsvector) PARTITION BY RANGE (date);
DO $$ BEGIN FOR y IN 1950..2010 BY 10 LOOP
  EXECUTE format('CREATE TABLE art_part_%s PARTITION OF art_part FOR VALUES FROM (%L) TO (%L)', y, y::text, (y+10)::text);
END LOOP;
  EXECUTE 'CREATE TABLE art_part_rest PARTITION OF art_part DEFAULT';
END $$;
\timing on
INSERT INTO art_part SELECT a.rowid, a.date, s.tokens FROM article a JOIN article_search s ON s.rowid = a.rowid;
CREATE TABLE art_flat AS SELECT a.rowid, a.date, s.tokens FROM article a JOIN article_search s ON s.rowid = a.rowid;
CREATE INDEX ON art_flat USING gin(tokens);
CREATE INDEX ON art_part USING gin(tokens);
\timing off
VACUUM ANALYZE art_part; VACUUM ANALYZE art_flat;
SELECT pg_size_pretty(pg_relation_size('art_flat_tokens_idx')) flat_index, (SELECT pg_size_pretty(sum(pg_relation_size(i.indexrelid))) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname LIKE 'art_part_%') part_indexes;
\timing on
-- a common bigram, everywhere
SELECT count(*) FROM art_flat WHERE tokens @@ '发展'::tsquery;
SELECT count(*) FROM art_flat WHERE tokens @@ '发展'::tsquery;
SELECT count(*) FROM art_part WHERE tokens @@ '发展'::tsquery;
SELECT count(*) FROM art_part WHERE tokens @@ '发展'::tsquery;
-- the same in one decade
SELECT count(*) FROM art_flat WHERE tokens @@ '发展'::tsquery AND date >= '1990' AND date < '2000';
SELECT count(*) FROM art_flat WHERE tokens @@ '发展'::tsquery AND date >= '1990' AND date < '2000';
SELECT count(*) FROM art_part WHERE tokens @@ '发展'::tsquery AND date >= '1990' AND date < '2000';
SELECT count(*) FROM art_part WHERE tokens @@ '发展'::tsquery AND date >= '1990' AND date < '2000';
-- a phrase in one decade
SELECT count(*) FROM art_flat WHERE tokens @@ '习近 <-> 近平'::tsquery AND date >= '1990' AND date < '2000';
SELECT count(*) FROM art_flat WHERE tokens @@ '习近 <-> 近平'::tsquery AND date >= '1990' AND date < '2000';
SELECT count(*) FROM art_part WHERE tokens @@ '习近 <-> 近平'::tsquery AND date >= '1990' AND date < '2000';
SELECT count(*) FROM art_part WHERE tokens @@ '习近 <-> 近平'::tsquery AND date >= '1990' AND date < '2000';
-- the newest 20 matches of a term, everywhere
SELECT count(*) FROM (SELECT rowid FROM art_flat WHERE tokens @@ '发展'::tsquery ORDER BY date DESC, rowid DESC LIMIT 20) x;
SELECT count(*) FROM (SELECT rowid FROM art_flat WHERE tokens @@ '发展'::tsquery ORDER BY date DESC, rowid DESC LIMIT 20) x;
SELECT count(*) FROM (SELECT rowid FROM art_part WHERE tokens @@ '发展'::tsquery ORDER BY date DESC, rowid DESC LIMIT 20) x;
SELECT count(*) FROM (SELECT rowid FROM art_part WHERE tokens @@ '发展'::tsquery ORDER BY date DESC, rowid DESC LIMIT 20) x;

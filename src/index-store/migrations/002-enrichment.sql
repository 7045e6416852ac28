-- The bilingual knowledge base (corpus/enrichment, copied into the index as enrichment.jsonl) travels with each
-- index version, checked by the manifest's CRC-32 like the other files. NULL: a version built without one.
ALTER TABLE index_versions ADD COLUMN IF NOT EXISTS enrichment text;

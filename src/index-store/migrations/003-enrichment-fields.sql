-- The enrichment's BM25 fields (fields-*.bin, packed like lexical.bin) travel with each index version, so a replica
-- reads them as a file-backed server does instead of tokenising the knowledge base at every start. NULL: a version
-- built without them (the replica then builds them at load).
ALTER TABLE index_versions ADD COLUMN IF NOT EXISTS fields_english bytea;
ALTER TABLE index_versions ADD COLUMN IF NOT EXISTS fields_english_questions bytea;
ALTER TABLE index_versions ADD COLUMN IF NOT EXISTS fields_chinese_questions bytea;

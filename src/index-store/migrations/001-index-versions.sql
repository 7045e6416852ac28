-- The index in PostgreSQL: every `npm run ingest` writes one version; `active_index` points at the one served.
-- `json` (not `jsonb`) where the exact text matters: chunks are checked against the manifest's CRC-32 as written.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE index_versions (
  id bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  corpus_hash text NOT NULL,
  chunk_count integer NOT NULL,
  -- manifest.json, glossary.json and bridge.json of this version, as the file backend writes them.
  manifest json NOT NULL,
  glossary json NOT NULL,
  bridge json
);

-- One row: the version every replica serves. Moved only in the transaction that wrote the version completely.
CREATE TABLE active_index (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version_id bigint NOT NULL REFERENCES index_versions (id),
  activated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE documents (
  version_id bigint NOT NULL REFERENCES index_versions (id) ON DELETE CASCADE,
  slug text NOT NULL,
  file text NOT NULL,
  title_zh text NOT NULL,
  title_en text NOT NULL,
  year integer NOT NULL,
  chunk_count integer NOT NULL,
  PRIMARY KEY (version_id, slug)
);

CREATE TABLE chunks (
  version_id bigint NOT NULL REFERENCES index_versions (id) ON DELETE CASCADE,
  -- Hits name chunks by position in the lexical and dense indexes: the order is part of the index.
  position integer NOT NULL,
  id text NOT NULL,
  document_slug text NOT NULL,
  text text NOT NULL,
  -- BM25's length of the chunk (jieba tokens).
  token_count integer NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (version_id, position),
  UNIQUE (version_id, id)
);

-- The lexical index's postings, one row per term: the chunk positions (ascending) and term frequencies.
CREATE TABLE lexical_terms (
  version_id bigint NOT NULL REFERENCES index_versions (id) ON DELETE CASCADE,
  term_no integer NOT NULL,
  term text NOT NULL,
  chunk_positions integer[] NOT NULL,
  frequencies integer[] NOT NULL,
  PRIMARY KEY (version_id, term_no)
);
CREATE INDEX lexical_terms_term ON lexical_terms (version_id, term);

-- Dense vectors (pgvector). Their width depends on the model, so the HNSW index is created per width at ingest
-- (`embeddings_hnsw_<dims>`, an expression index over embedding::vector(<dims>) for rows of that width).
CREATE TABLE embeddings (
  version_id bigint NOT NULL REFERENCES index_versions (id) ON DELETE CASCADE,
  position integer NOT NULL,
  dims integer NOT NULL,
  embedding vector NOT NULL,
  PRIMARY KEY (version_id, position)
);

-- The in-process HNSW graph (hnswlib) over the same vectors, so a replica starts without rebuilding it.
CREATE TABLE dense_graph_files (
  version_id bigint NOT NULL REFERENCES index_versions (id) ON DELETE CASCADE,
  name text NOT NULL,
  bytes bytea NOT NULL,
  PRIMARY KEY (version_id, name)
);

CREATE TABLE feedback (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  received_at timestamptz NOT NULL,
  rating text NOT NULL CHECK (rating IN ('up', 'down')),
  record json NOT NULL
);

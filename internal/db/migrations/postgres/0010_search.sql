-- Full-text index of documents (titles and content), kept current by the
-- search indexer. The 'simple' configuration: no stemming, every language
-- alike (French, English and German documents share one index).
CREATE TABLE search_docs (
    doc_id TEXT PRIMARY KEY REFERENCES docs(id) ON DELETE CASCADE,
    title  TEXT NOT NULL,
    body   TEXT NOT NULL,
    tsv    tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')
    ) STORED
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);

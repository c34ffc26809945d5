-- Full-text index of documents (titles and content), kept current by the
-- search indexer. FTS5 with diacritics folded, so "ecole" finds "école".
CREATE VIRTUAL TABLE search_docs USING fts5(
    doc_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

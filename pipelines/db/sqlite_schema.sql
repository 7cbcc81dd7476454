-- The newest schema of a schoolnews SQLite database: what the migrations make, in one
-- script. Written by `python -m tests.support.schema_snapshot --write`; do not edit.
-- revision: 0020
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE pages (
	id INTEGER NOT NULL, 
	site VARCHAR(64) NOT NULL, 
	url VARCHAR(2048) NOT NULL, 
	requested_url VARCHAR(2048) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	status INTEGER NOT NULL, 
	content_type VARCHAR(255), 
	headers JSON NOT NULL, 
	body BLOB NOT NULL, 
	body_size INTEGER NOT NULL, 
	fetched_at DATETIME NOT NULL, 
	run_id INTEGER, etag VARCHAR(512), last_modified VARCHAR(64), body_sha256 VARCHAR(64), version INTEGER DEFAULT '1' NOT NULL, checked_at DATETIME, gone_at DATETIME, skip_reason VARCHAR(255), body_dict BIGINT, moved_to VARCHAR(2048), moved_at DATETIME, 
	CONSTRAINT pk_pages PRIMARY KEY (id), 
	CONSTRAINT fk_pages_run_id_crawl_runs FOREIGN KEY(run_id) REFERENCES crawl_runs (id), 
	CONSTRAINT uq_pages_url UNIQUE (url)
);
CREATE TABLE "documents" (
	id INTEGER NOT NULL, 
	page_id INTEGER NOT NULL, 
	site VARCHAR(64) NOT NULL, 
	title TEXT, 
	text TEXT NOT NULL, 
	published DATE, 
	author VARCHAR(255), 
	source VARCHAR(255), 
	language VARCHAR(16) NOT NULL, 
	script VARCHAR(8), 
	content_hash VARCHAR(64) NOT NULL, 
	declared_encoding VARCHAR(32), 
	used_encoding VARCHAR(32) NOT NULL, 
	has_replacement_chars BOOLEAN NOT NULL, 
	extractor_version VARCHAR(128) NOT NULL, 
	extracted_at DATETIME NOT NULL, 
	story_id INTEGER, search_text TEXT, story_link VARCHAR(255), translations JSON, 
	CONSTRAINT pk_documents PRIMARY KEY (id), 
	CONSTRAINT fk_documents_page_id_pages FOREIGN KEY(page_id) REFERENCES pages (id), 
	CONSTRAINT uq_documents_page_id UNIQUE (page_id), 
	CONSTRAINT fk_documents_story_id_stories FOREIGN KEY(story_id) REFERENCES stories (id)
);
CREATE TABLE "stories" (
	id INTEGER NOT NULL, 
	first_document_id INTEGER, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_stories PRIMARY KEY (id), 
	CONSTRAINT fk_stories_first_document_id_documents FOREIGN KEY(first_document_id) REFERENCES documents (id)
);
CREATE TABLE site_rules (
	site VARCHAR(64) NOT NULL, 
	boilerplate JSON NOT NULL, 
	version VARCHAR(16) NOT NULL, 
	documents INTEGER NOT NULL, 
	learned_at DATETIME NOT NULL, 
	CONSTRAINT pk_site_rules PRIMARY KEY (site)
);
CREATE TABLE site_locks (
	site VARCHAR(64) NOT NULL, 
	owner VARCHAR(255) NOT NULL, 
	run_id INTEGER, 
	acquired_at DATETIME NOT NULL, 
	heartbeat_at DATETIME NOT NULL, 
	CONSTRAINT pk_site_locks PRIMARY KEY (site), 
	CONSTRAINT fk_site_locks_run_id_crawl_runs FOREIGN KEY(run_id) REFERENCES crawl_runs (id)
);
CREATE TABLE page_versions (
	id INTEGER NOT NULL, 
	page_id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	status INTEGER NOT NULL, 
	headers JSON NOT NULL, 
	body BLOB NOT NULL, 
	body_sha256 VARCHAR(64), 
	fetched_at DATETIME NOT NULL, 
	CONSTRAINT pk_page_versions PRIMARY KEY (id), 
	CONSTRAINT fk_page_versions_page_id_pages FOREIGN KEY(page_id) REFERENCES pages (id), 
	CONSTRAINT uq_page_versions_page_id UNIQUE (page_id, version)
);
CREATE TABLE document_versions (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	title TEXT, 
	text TEXT NOT NULL, 
	published DATE, 
	content_hash VARCHAR(64) NOT NULL, 
	extractor_version VARCHAR(128) NOT NULL, 
	extracted_at DATETIME NOT NULL, 
	replaced_at DATETIME NOT NULL, 
	CONSTRAINT pk_document_versions PRIMARY KEY (id), 
	CONSTRAINT fk_document_versions_document_id_documents FOREIGN KEY(document_id) REFERENCES documents (id), 
	CONSTRAINT uq_document_versions_document_id UNIQUE (document_id, version)
);
CREATE TABLE "crawl_runs" (
	id INTEGER NOT NULL, 
	site VARCHAR(64) NOT NULL, 
	started_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	status VARCHAR(16) NOT NULL, 
	close_reason VARCHAR(64), 
	requests INTEGER NOT NULL, 
	responses INTEGER NOT NULL, 
	pages INTEGER NOT NULL, 
	articles INTEGER NOT NULL, 
	new_documents INTEGER NOT NULL, 
	duplicates INTEGER NOT NULL, 
	skipped INTEGER NOT NULL, 
	errors INTEGER NOT NULL, 
	bytes_received BIGINT NOT NULL, 
	responses_2xx INTEGER DEFAULT '0' NOT NULL, 
	responses_3xx INTEGER DEFAULT '0' NOT NULL, 
	responses_4xx INTEGER DEFAULT '0' NOT NULL, 
	responses_5xx INTEGER DEFAULT '0' NOT NULL, 
	not_modified INTEGER DEFAULT '0' NOT NULL, 
	updated INTEGER DEFAULT '0' NOT NULL, 
	unchanged INTEGER DEFAULT '0' NOT NULL, 
	gone INTEGER DEFAULT '0' NOT NULL, 
	not_due INTEGER DEFAULT '0' NOT NULL, 
	"full" BOOLEAN DEFAULT 0 NOT NULL, status_reason TEXT, 
	CONSTRAINT pk_crawl_runs PRIMARY KEY (id)
);
CREATE TABLE document_sketches (
	document_id INTEGER NOT NULL, 
	signature BLOB NOT NULL, 
	shingles INTEGER NOT NULL, 
	CONSTRAINT pk_document_sketches PRIMARY KEY (document_id), 
	CONSTRAINT fk_document_sketches_document_id_documents FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
CREATE TABLE document_topics (
	document_id INTEGER NOT NULL, 
	topic VARCHAR(64) NOT NULL, 
	terms JSON NOT NULL, 
	CONSTRAINT pk_document_topics PRIMARY KEY (document_id, topic), 
	CONSTRAINT fk_document_topics_document_id_documents FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
CREATE TABLE document_organisations (
	document_id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	sentence TEXT, 
	CONSTRAINT pk_document_organisations PRIMARY KEY (document_id, name), 
	CONSTRAINT fk_document_organisations_document_id_documents FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
CREATE TABLE body_dictionaries (
	id BIGINT NOT NULL, 
	site VARCHAR(64) NOT NULL, 
	data BLOB NOT NULL, 
	samples INTEGER NOT NULL, 
	trained_at DATETIME NOT NULL, 
	CONSTRAINT pk_body_dictionaries PRIMARY KEY (id)
);
CREATE TABLE site_languages (
	site VARCHAR(64) NOT NULL, 
	language VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_site_languages PRIMARY KEY (site, language)
);
CREATE TABLE document_facts (
	document_id INTEGER NOT NULL, 
	"key" BIGINT NOT NULL, 
	CONSTRAINT pk_document_facts PRIMARY KEY (document_id, "key"), 
	CONSTRAINT fk_document_facts_document_id_documents FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
)
 WITHOUT ROWID

;
CREATE VIRTUAL TABLE documents_fts USING fts5(
    search_text, content="documents", content_rowid="id", tokenize="trigram", detail=none);
CREATE VIRTUAL TABLE documents_fts_vocab USING fts5vocab(documents_fts, 'row');
CREATE TABLE document_bands (
	document_id INTEGER NOT NULL, 
	"key" BIGINT NOT NULL, 
	CONSTRAINT pk_document_bands PRIMARY KEY ("key", document_id), 
	CONSTRAINT fk_document_bands_document_id_documents FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
)
 WITHOUT ROWID

;
CREATE TABLE contents (
	content_hash VARCHAR(64) NOT NULL, 
	first_document_id INTEGER NOT NULL, 
	CONSTRAINT pk_contents PRIMARY KEY (content_hash), 
	CONSTRAINT fk_contents_first_document_id_documents FOREIGN KEY(first_document_id) REFERENCES documents (id)
)
 WITHOUT ROWID

;
CREATE INDEX ix_pages_site ON pages (site);
CREATE INDEX ix_documents_language ON documents (language);
CREATE INDEX ix_documents_site ON documents (site);
CREATE INDEX ix_documents_content_hash ON documents (content_hash);
CREATE INDEX ix_documents_published ON documents (published);
CREATE INDEX ix_documents_story_id ON documents (story_id);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END;
CREATE INDEX ix_crawl_runs_site ON crawl_runs (site);
CREATE INDEX ix_document_topics_topic ON document_topics (topic);
CREATE INDEX ix_document_organisations_name ON document_organisations (name);
CREATE INDEX ix_body_dictionaries_site ON body_dictionaries (site);
CREATE TRIGGER documents_fts_update AFTER UPDATE OF search_text ON documents
    WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END;
CREATE INDEX ix_document_facts_key ON document_facts ("key");
INSERT INTO alembic_version (version_num) VALUES ('0020');

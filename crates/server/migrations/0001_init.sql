-- parscore serve's store, version 1. Decimals are TEXT (exact, as the reports write them);
-- times are UTC, ISO 8601, set by SQLite. Every write the server acknowledges is one
-- transaction (WAL mode), so a killed server loses nothing it answered for.

-- Criteria sets imported or checked in the browser (the shipped ones live in the binary).
CREATE TABLE criteria_sets (
    id TEXT PRIMARY KEY,                 -- e.g. tinh-x/so/2026
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    json TEXT NOT NULL,                  -- the canonical JSON, loaded and validated on start
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The units that submitted, matched across years and versions by their folded name.
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,                  -- as first recorded
    key TEXT NOT NULL UNIQUE             -- fold_label(name)
);

-- The bytes of every stored workbook, once per content.
CREATE TABLE blobs (
    hash TEXT PRIMARY KEY,               -- SHA-256 of the bytes, hex
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL
);

-- Every workbook scored cleanly: one version of one unit's self-assessment on one set.
CREATE TABLE workbooks (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE REFERENCES blobs(hash),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    set_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    file_name TEXT NOT NULL,             -- a label for people, never a path
    source TEXT NOT NULL CHECK (source IN ('upload', 'form')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    total TEXT NOT NULL,
    max TEXT NOT NULL,
    percent TEXT NOT NULL,
    grade_vi TEXT,
    grade_en TEXT,
    domains TEXT NOT NULL                -- JSON: [{code, score, max, percent}], decimals as text
);
-- The full scorecard (every node's reason) is not stored: it is the bytes scored again, the
-- same every time, and storing its JSON doubled the cost of an upload.
CREATE INDEX workbooks_by_set_unit ON workbooks (set_id, unit_id, id);

-- Workbooks refused: what was sent and every problem; never their bytes, never a score.
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL,
    error TEXT,                          -- JSON {vi, en}: why the file as a whole was refused
    problems TEXT NOT NULL               -- JSON: the located problems, as the API gives them
);

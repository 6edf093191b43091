-- The hash-chained audit log (see audit.rs): reads and deletions, one row each. Replaces
-- read_audit, whose rows the collector moves into the chain when it applies this migration.

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,      -- position in the chain, from 1, without gaps
    at_hour    INTEGER NOT NULL,         -- Unix seconds, truncated to the hour
    kind       TEXT NOT NULL,            -- aggregate-read, own-export, audit-read, forget, fold
    actor      TEXT NOT NULL,            -- reader:<name>, auditor:<name>, self, admin
    app        TEXT NOT NULL,
    query      TEXT NOT NULL,            -- the grid query, e.g. day=2026-11-27&purpose=typing
    returned   INTEGER NOT NULL,
    suppressed INTEGER NOT NULL,
    deleted    INTEGER NOT NULL,
    hash       TEXT NOT NULL             -- SHA-256(previous hash ‖ canonical row), 64 hex
);

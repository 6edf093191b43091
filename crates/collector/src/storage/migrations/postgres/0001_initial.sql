-- PostgreSQL schema: the same tables as the SQLite store after its migrations 1 to 3.

CREATE TABLE person_rows (
    id             TEXT PRIMARY KEY,     -- summary id (32 hex)
    subject        TEXT NOT NULL,        -- daily pseudonym (32 hex)
    app            TEXT NOT NULL,
    day            BIGINT NOT NULL,      -- UTC day number of the window start
    window_start   BIGINT NOT NULL,      -- Unix seconds
    minutes        INTEGER NOT NULL,
    route          TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    policy         TEXT NOT NULL,
    consent        TEXT NOT NULL,
    wire           TEXT NOT NULL,        -- canonical wire JSON
    received_day   BIGINT NOT NULL
);
CREATE INDEX person_rows_by_subject ON person_rows (app, day, subject);
CREATE INDEX person_rows_by_cell ON person_rows (app, day, purpose, route);
CREATE INDEX person_rows_by_day ON person_rows (day);

CREATE TABLE person_metrics (
    id     TEXT NOT NULL REFERENCES person_rows (id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    value  BIGINT NOT NULL,
    PRIMARY KEY (id, metric)
);

CREATE TABLE aggregate_cells (
    app     TEXT NOT NULL,
    day     BIGINT NOT NULL,
    route   TEXT NOT NULL,
    purpose TEXT NOT NULL,
    metric  TEXT NOT NULL,
    total   BIGINT NOT NULL,
    people  BIGINT NOT NULL,
    PRIMARY KEY (app, day, purpose, route, metric)
);

CREATE TABLE fold_state (
    only_row      INTEGER PRIMARY KEY CHECK (only_row = 1),
    folded_before BIGINT NOT NULL
);
INSERT INTO fold_state (only_row, folded_before) VALUES (1, 0);

CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at_hour    BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    actor      TEXT NOT NULL,
    app        TEXT NOT NULL,
    query      TEXT NOT NULL,
    returned   BIGINT NOT NULL,
    suppressed BIGINT NOT NULL,
    deleted    BIGINT NOT NULL,
    hash       TEXT NOT NULL
);

-- Per-person rows (short-lived: de-duplication and the person's own access) and aggregate
-- cells (no identifiers).

CREATE TABLE person_rows (
    id             TEXT PRIMARY KEY,     -- summary id (32 hex)
    subject        TEXT NOT NULL,        -- daily pseudonym (32 hex)
    app            TEXT NOT NULL,
    day            INTEGER NOT NULL,     -- UTC day number of the window start
    window_start   INTEGER NOT NULL,     -- Unix seconds
    minutes        INTEGER NOT NULL,
    route          TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    schema_version INTEGER NOT NULL,     -- version of the stored canonical wire form
    policy         TEXT NOT NULL,
    consent        TEXT NOT NULL,
    wire           TEXT NOT NULL,        -- canonical wire JSON (activity_capture_core::wire::encode)
    received_day   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX person_rows_by_subject ON person_rows (app, day, subject);
CREATE INDEX person_rows_by_cell ON person_rows (app, day, purpose, route);
CREATE INDEX person_rows_by_day ON person_rows (day);

-- The metrics each per-person row contributes (see metrics.rs); deleted with the row.
CREATE TABLE person_metrics (
    id     TEXT NOT NULL REFERENCES person_rows (id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    value  INTEGER NOT NULL,
    PRIMARY KEY (id, metric)
) WITHOUT ROWID;

-- Folded days: sums and distinct-person counts per cell and metric. No identifiers.
CREATE TABLE aggregate_cells (
    app     TEXT NOT NULL,
    day     INTEGER NOT NULL,
    route   TEXT NOT NULL,
    purpose TEXT NOT NULL,
    metric  TEXT NOT NULL,
    total   INTEGER NOT NULL,
    people  INTEGER NOT NULL,
    PRIMARY KEY (app, day, purpose, route, metric)
) WITHOUT ROWID;

-- Every day before `folded_before` has been folded; rows for those days are refused.
CREATE TABLE fold_state (
    only_row      INTEGER PRIMARY KEY CHECK (only_row = 1),
    folded_before INTEGER NOT NULL
);
INSERT INTO fold_state (only_row, folded_before) VALUES (1, 0);

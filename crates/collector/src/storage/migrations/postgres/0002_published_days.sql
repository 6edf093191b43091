-- Published (app, day) pairs (see the SQLite migration 0004): their cells are in
-- aggregate_cells, computed once, never changed again; summaries for them are refused.

CREATE TABLE published_days (
    app TEXT NOT NULL,
    day BIGINT NOT NULL,
    PRIMARY KEY (app, day)
);
INSERT INTO published_days (app, day) SELECT DISTINCT app, day FROM aggregate_cells;

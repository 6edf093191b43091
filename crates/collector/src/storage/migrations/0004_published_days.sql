-- Published (app, day) pairs: their cells are in aggregate_cells, computed once at the first
-- read or at the fold, and never change again; summaries for them are refused. Days folded
-- before this migration are published already.

CREATE TABLE published_days (
    app TEXT NOT NULL,
    day INTEGER NOT NULL,
    PRIMARY KEY (app, day)
) WITHOUT ROWID;
INSERT INTO published_days (app, day) SELECT DISTINCT app, day FROM aggregate_cells;

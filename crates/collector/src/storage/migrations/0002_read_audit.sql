-- The audit log of reads: who read which aggregate grid, and the person's own exports (counted,
-- never with a pseudonym). Kept without identifiers of the people described.

CREATE TABLE read_audit (
    at_hour   INTEGER NOT NULL,          -- Unix seconds, truncated to the hour
    reader    TEXT NOT NULL,             -- reader name, or "self" for a person's own export
    app       TEXT NOT NULL,
    day       INTEGER,                   -- the day read (aggregate reads)
    purpose   TEXT,                      -- the purpose read (aggregate reads)
    published INTEGER NOT NULL,          -- cells (or own rows) returned
    suppressed INTEGER NOT NULL          -- cells withheld for having fewer than k people
);

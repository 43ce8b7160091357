-- Up Migration

-- An offer row is updated in place several times in its short life (delivered, re-sent, answered):
-- room left on each page lets those updates stay on the page without new index entries (HOT) where
-- no indexed column changes (delivered_at, attempt). Applies to pages written from now on.
ALTER TABLE offers SET (fillfactor = 70);

-- Down Migration
ALTER TABLE offers RESET (fillfactor);

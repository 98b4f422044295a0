-- Undo: the transaction already holds SQLite's write lock (its first statement wrote), nothing to add.
SELECT 0

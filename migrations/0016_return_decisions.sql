-- Each step of a return's decision history as its own row: submitted, returned for changes,
-- approved, with who, when and the comment. Before this, one `returns.decision_comment`
-- column was overwritten by each decision, so approving a returned return erased the
-- reason it had been returned. The audit log holds the same events, but as a filterable log
-- of JSON, not as facts a page can read; the history is a fact about the return.
--
-- `snapshot` keeps the return's section payloads (JSON object: section code -> payload, as in
-- return_sections.payload) as they stood at the decision, so the review page can show what
-- changed between the version that was returned and the one submitted again. Written in the
-- decision's own transaction. NULL for decisions made before this table existed.
CREATE TABLE return_decisions (
    id          INTEGER PRIMARY KEY,
    return_id   INTEGER NOT NULL REFERENCES returns(id),
    -- The state the return moved to.
    decision    TEXT NOT NULL CHECK (decision IN ('submitted', 'returned', 'approved')),
    comment     TEXT NOT NULL DEFAULT '',
    decided_by  INTEGER NOT NULL REFERENCES users(id),
    decided_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    snapshot    TEXT
);
CREATE INDEX return_decisions_by_return ON return_decisions (return_id, id);

-- The history of returns decided before this migration, from their audit rows (the comment
-- is in the audit row's JSON; json_extract is SQLite's, PostgreSQL would use ->>).
INSERT INTO return_decisions (return_id, decision, comment, decided_by, decided_at)
SELECT r.id,
       CASE a.action WHEN 'return.submit' THEN 'submitted' WHEN 'return.return' THEN 'returned' ELSE 'approved' END,
       COALESCE(json_extract(a.after_json, '$.comment'), ''),
       a.user_id,
       a.at
FROM audit_log a JOIN returns r ON CAST(r.id AS TEXT) = a.entity_id
WHERE a.entity = 'return' AND a.action IN ('return.submit', 'return.return', 'return.approve') AND a.user_id IS NOT NULL
ORDER BY a.id;

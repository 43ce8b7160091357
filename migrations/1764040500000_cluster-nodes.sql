-- Up Migration

-- Every running node beats here; the cluster view and presence clean-up read it.
CREATE TABLE nodes (
  id            text PRIMARY KEY,
  node_id       text NOT NULL,
  started_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  stopped_at    timestamptz,
  info          jsonb NOT NULL DEFAULT '{}'
);

-- Which node holds a responder's session, so a dead node's responders stop counting as online.
ALTER TABLE responders ADD COLUMN online_node text;

-- Down Migration
ALTER TABLE responders DROP COLUMN online_node;
DROP TABLE nodes;

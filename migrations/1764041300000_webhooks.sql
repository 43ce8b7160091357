-- Up Migration

-- Outbound webhooks. A subscription names the events it wants and optional filters; deliveries
-- are written by the statement that sends the live event (gateway/events/emit.ts), inside the
-- transaction that made the change, so a committed change always has its deliveries and a rolled
-- back one never does. A worker on any node claims due deliveries (FOR UPDATE SKIP LOCKED).
CREATE TABLE webhooks (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL,
  url           text NOT NULL CHECK (url ~ '^https?://'),
  events        text[] NOT NULL,
  categories    text[],
  zones         text[],
  max_priority  smallint CHECK (max_priority BETWEEN 1 AND 5),
  secret        text NOT NULL,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);

CREATE TABLE webhook_deliveries (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id     bigint NOT NULL REFERENCES webhooks (id),
  event_type     text NOT NULL,
  incident_id    uuid,
  payload        jsonb NOT NULL,
  state          text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts       integer NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  -- retries go on until this long after it (WEBHOOK_RETRY_HOURS); a re-trigger starts it again
  retry_from     timestamptz NOT NULL DEFAULT now(),
  next_at        timestamptz NOT NULL DEFAULT now(),
  last_status    integer,
  last_error     text,
  delivered_at   timestamptz,
  external_ref   text
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, created_at DESC);

-- Down Migration
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;

-- Up Migration

-- One timer per pending offer (kind offer_due, key offer_due:<offer id>), due at its next re-send
-- or at its expiry, whichever is first; the handler tells which from the offer row. An offer's two
-- timers (offer_expiry and offer_resend) become one, at the earlier of their due times, keeping the
-- re-send's backoff.
INSERT INTO timers (key, kind, due_at, payload)
SELECT 'offer_due:' || (payload->>'offerId'), 'offer_due', min(due_at),
       jsonb_build_object('offerId', payload->>'offerId', 'delayS', COALESCE(max((payload->>'delayS')::float8), 5))
  FROM timers WHERE kind IN ('offer_expiry', 'offer_resend')
 GROUP BY payload->>'offerId'
ON CONFLICT (key) DO NOTHING;
DELETE FROM timers WHERE kind IN ('offer_expiry', 'offer_resend');

-- Down Migration
INSERT INTO timers (key, kind, due_at, payload)
SELECT 'offer_expiry:' || o.id, 'offer_expiry', o.expires_at, jsonb_build_object('offerId', o.id)
  FROM timers t JOIN offers o ON o.id = (t.payload->>'offerId')::uuid
 WHERE t.kind = 'offer_due'
ON CONFLICT (key) DO NOTHING;
INSERT INTO timers (key, kind, due_at, payload)
SELECT 'offer_resend:' || o.id, 'offer_resend', t.due_at, jsonb_build_object('offerId', o.id, 'delayS', t.payload->'delayS')
  FROM timers t JOIN offers o ON o.id = (t.payload->>'offerId')::uuid
 WHERE t.kind = 'offer_due' AND t.due_at < o.expires_at AND o.delivered_at IS NULL
ON CONFLICT (key) DO NOTHING;
DELETE FROM timers WHERE kind = 'offer_due';

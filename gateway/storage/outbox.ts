import type pg from 'pg'
import type { Logger } from 'pino'

/** A message committed to the outbox, to be published after the commit. */
export interface OutboxMessage {
  id: number
  topic: string
  /** what is published (held in memory for the fast path; in the row only when not sealed) */
  payload: Buffer
  qos: 0 | 1
  /** what the row holds instead of the payload when it must not be in clear at rest (a medical profile) */
  sealed?: { keyId: string, blob: Buffer }
}

export type Publish = (topic: string, payload: Buffer, qos: 0 | 1) => Promise<void>

/** A row as the relay reads it. */
interface OutboxRow { id: string, topic: string, payload: Buffer, qos: 0 | 1, sealed_key: string | null }

/** Opens a sealed row for publishing (the medical vault's openMessage); throws when it cannot. */
export type OpenSealed = (topic: string, blob: Buffer, keyId: string) => Buffer

/** Adds messages to the outbox inside the caller's transaction. */
export async function enqueue (client: pg.PoolClient, messages: Array<Omit<OutboxMessage, 'id'>>): Promise<OutboxMessage[]> {
  if (messages.length === 0) return []
  const { rows } = await client.query(
    `INSERT INTO outbox (topic, payload, qos, sealed_key)
     SELECT topic, payload, qos, sealed_key FROM unnest($1::text[], $2::bytea[], $3::smallint[], $4::text[]) WITH ORDINALITY AS m(topic, payload, qos, sealed_key, n)
     ORDER BY n
     RETURNING id`,
    [messages.map(m => m.topic), messages.map(m => m.sealed?.blob ?? m.payload), messages.map(m => m.qos), messages.map(m => m.sealed?.keyId ?? null)])
  return rows.map((r, i) => ({ id: Number(r.id), ...messages[i] }))
}

/**
 * Publishes messages, in order per topic, but each topic on its own: a subscriber that stopped
 * reading (its publishes complete only when it drains or is cut off) delays its own messages, not
 * everyone else's.
 */
export async function publishAll (messages: Array<Omit<OutboxMessage, 'id'>>, publish: Publish, published: (i: number) => void = () => {}): Promise<void> {
  const byTopic = new Map<string, number[]>()
  messages.forEach((m, i) => {
    const indexes = byTopic.get(m.topic)
    if (indexes === undefined) byTopic.set(m.topic, [i])
    else indexes.push(i)
  })
  await Promise.all([...byTopic.values()].map(async (indexes) => {
    for (const i of indexes) {
      await publish(messages[i].topic, messages[i].payload, messages[i].qos)
      published(i)
    }
  }))
}

/**
 * Publishes outbox rows and deletes each only after it was published (at-least-once; receivers
 * dedupe by ids). The pipeline hands over what it just committed; the relay picks up whatever is
 * left (a crash between commit and publish) at start and periodically. Several nodes relay at once
 * without double work: rows are claimed with FOR UPDATE SKIP LOCKED.
 */
export class Outbox {
  private pendingDeletes: number[] = []
  /**
   * Rows this node's fast path holds: being published, or published and waiting for their delete.
   * Its relay passes them over: under load a publish can take longer than the relay's grace (a
   * responder reading slowly), and publishing such a row again, holding its lock meanwhile, would
   * make the fast path's delete wait on it.
   */
  private readonly held = new Set<number>()
  private flushTimer?: NodeJS.Timeout
  private relayTimer?: NodeJS.Timeout
  private relaying = false

  constructor (private readonly pool: pg.Pool, private readonly publish: Publish, private readonly log: Logger, private readonly openSealed?: OpenSealed) {}

  /** Publishes freshly committed rows now (the fast path), then deletes them in batches. */
  async publishCommitted (messages: OutboxMessage[]): Promise<void> {
    for (const m of messages) this.held.add(m.id)
    const published = new Set<number>()
    try {
      await publishAll(messages, this.publish, (i) => {
        published.add(i)
        this.pendingDeletes.push(messages[i].id)
        if (this.flushTimer === undefined) this.flushTimer = setTimeout(() => { void this.flushDeletes() }, 5)
      })
    } finally {
      // What could not be published is the relay's again.
      messages.forEach((m, i) => { if (!published.has(i)) this.held.delete(m.id) })
    }
  }

  private async flushDeletes (): Promise<void> {
    this.flushTimer = undefined
    const ids = this.pendingDeletes
    this.pendingDeletes = []
    if (ids.length === 0) return
    try {
      // A row another node's relay has claimed is skipped, not waited for: that relay deletes it.
      await this.pool.query('DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE id = ANY($1::bigint[]) FOR UPDATE SKIP LOCKED)', [ids])
    } catch (err) {
      // Published but not deleted: the relay will publish them again; receivers dedupe.
      this.log.warn({ err, count: ids.length }, 'outbox delete failed')
    } finally {
      for (const id of ids) this.held.delete(id)
    }
  }

  /** Publishes rows older than graceMs (0 at start: everything a dead process left behind). */
  async relay (graceMs: number, batch = 500): Promise<number> {
    if (this.relaying) return 0
    this.relaying = true
    let total = 0
    // Rows that could not be opened this round: passed over, so they never hold up the rows after them.
    const unopened: string[] = []
    try {
      for (;;) {
        const client = await this.pool.connect()
        // A checked-out pg client has no 'error' listener: a connection lost mid-relay would be an uncaught exception.
        const onLost = (err: Error): void => { this.log.warn({ err }, 'outbox relay lost its database connection') }
        client.on('error', onLost)
        let claimed = 0
        try {
          await client.query('BEGIN')
          const { rows } = await client.query<OutboxRow>(
            `SELECT id, topic, payload, qos, sealed_key FROM outbox WHERE created_at <= now() - make_interval(secs => $1) AND NOT id = ANY($3::bigint[])
              ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`, [graceMs / 1000, batch, [...unopened, ...this.held]])
          const ready = rows.flatMap(r => {
            const m = this.opened(r)
            if (m === undefined) unopened.push(r.id)
            return m === undefined ? [] : [m]
          })
          await publishAll(ready, this.publish)
          if (ready.length > 0) await client.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ready.map(r => r.id)])
          await client.query('COMMIT')
          claimed = rows.length
          total += ready.length
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {})
          throw err
        } finally {
          client.removeListener('error', onLost)
          client.release()
        }
        if (claimed < batch) break
      }
      if (total > 0) this.log.info({ published: total }, 'outbox relayed leftovers')
      return total
    } finally {
      this.relaying = false
    }
  }

  /**
   * A row as it is published: a sealed one opened. One that cannot be opened (its key was removed
   * from MEDICAL_KEYS_PREVIOUS, the row was altered) stays in the outbox, logged each round, so the
   * offer is published once the key is back rather than dropped or sent without its profile.
   */
  private opened (r: OutboxRow): { id: string, topic: string, payload: Buffer, qos: 0 | 1 } | undefined {
    if (r.sealed_key === null) return r
    try {
      if (this.openSealed === undefined) throw new Error('no medical key is configured to open it')
      return { id: r.id, topic: r.topic, qos: r.qos, payload: this.openSealed(r.topic, r.payload, r.sealed_key) }
    } catch (err) {
      this.log.error({ err, outboxId: r.id, topic: r.topic }, 'a sealed outbox message cannot be opened; it stays in the outbox')
      return undefined
    }
  }

  start (intervalMs: number, graceMs = 2000): void {
    const tick = (): void => {
      this.relay(graceMs).catch((err) => this.log.warn({ err }, 'outbox relay failed'))
        .finally(() => { if (this.relayTimer !== undefined) this.relayTimer = setTimeout(tick, intervalMs) })
    }
    this.relayTimer = setTimeout(tick, intervalMs)
  }

  async stop (): Promise<void> {
    const t = this.relayTimer
    this.relayTimer = undefined
    clearTimeout(t)
    clearTimeout(this.flushTimer)
    await this.flushDeletes()
  }
}

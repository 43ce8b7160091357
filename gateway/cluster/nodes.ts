import type pg from 'pg'
import type { Logger } from 'pino'

/** A node counts as alive while its heartbeat is younger than this. */
export const NODE_TIMEOUT_S = 15
const BEAT_MS = 5000

export interface NodeInfo {
  id: string
  nodeId: string
  startedAt: string
  lastSeenAt: string
  stoppedAt: string | null
  alive: boolean
  info: Record<string, unknown>
}

/**
 * This node's row in `nodes`: a heartbeat every few seconds, and on each beat the clean-up of
 * what dead nodes left behind (responders and devices they held as online). Safe on every node at once.
 */
export class NodeRegistry {
  private timer?: NodeJS.Timeout

  constructor (private readonly pool: pg.Pool, readonly id: string, private readonly nodeId: string, private readonly info: Record<string, unknown>, private readonly log: Logger) {}

  async start (): Promise<void> {
    await this.pool.query(
      `INSERT INTO nodes (id, node_id, info) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET last_seen_at = now(), stopped_at = NULL, info = EXCLUDED.info`,
      [this.id, this.nodeId, JSON.stringify(this.info)])
    this.timer = setInterval(() => { this.beat().catch((err) => this.log.warn({ err }, 'node heartbeat failed')) }, BEAT_MS)
    this.timer.unref()
  }

  async beat (): Promise<void> {
    await this.pool.query('UPDATE nodes SET last_seen_at = now() WHERE id = $1', [this.id])
    const { rowCount } = await this.pool.query(
      `UPDATE responders SET online = false, online_node = NULL
        WHERE online_node IS NOT NULL AND online_node <> $1
          AND online_node NOT IN (SELECT id FROM nodes WHERE stopped_at IS NULL AND last_seen_at > now() - make_interval(secs => $2))`,
      [this.id, NODE_TIMEOUT_S])
    if ((rowCount ?? 0) > 0) this.log.info({ responders: rowCount }, 'marked responders of dead nodes offline')
    const { rowCount: devices } = await this.pool.query(
      `UPDATE devices SET online = false, online_node = NULL
        WHERE online_node IS NOT NULL AND online_node <> $1
          AND online_node NOT IN (SELECT id FROM nodes WHERE stopped_at IS NULL AND last_seen_at > now() - make_interval(secs => $2))`,
      [this.id, NODE_TIMEOUT_S])
    if ((devices ?? 0) > 0) this.log.info({ devices }, 'marked devices of dead nodes offline')
    await this.pool.query("DELETE FROM nodes WHERE last_seen_at < now() - interval '1 day'")
  }

  async stop (): Promise<void> {
    clearInterval(this.timer)
    await this.pool.query('UPDATE nodes SET stopped_at = now() WHERE id = $1', [this.id])
  }

  async list (): Promise<NodeInfo[]> {
    const { rows } = await this.pool.query(
      `SELECT id, node_id, started_at, last_seen_at, stopped_at, info,
              stopped_at IS NULL AND last_seen_at > now() - make_interval(secs => $1) AS alive
         FROM nodes ORDER BY started_at`, [NODE_TIMEOUT_S])
    return rows.map(r => ({
      id: r.id,
      nodeId: r.node_id,
      startedAt: r.started_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      stoppedAt: r.stopped_at?.toISOString() ?? null,
      alive: r.alive,
      info: r.info
    }))
  }
}

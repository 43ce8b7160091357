import type { LiveEvent } from '../events/emit.js'
import { OPEN_STATES } from '../incidents/state-machine.js'
import { SNAPSHOT_LIMIT, wants, type LiveFilter, type SnapshotIncident } from './snapshot.js'

export interface BoardSnapshot { incidents: SnapshotIncident[], truncated: boolean, degraded?: true }

/**
 * Most incidents the board holds. It is re-read every 30 s while PostgreSQL answers, but while it
 * is away every provisional incident adds one: past this, the least urgent are let go (the
 * snapshot shows at most SNAPSHOT_LIMIT of them anyway) and snapshots say they are truncated.
 */
export const BOARD_LIMIT = 10 * SNAPSHOT_LIMIT

/**
 * The snapshot's order: most urgent first, then oldest. Times are ISO strings and ids ASCII, so
 * plain comparison orders them (as PostgreSQL does the uuids) at a fraction of localeCompare's cost.
 */
const compare = (a: string, b: string): number => a < b ? -1 : a > b ? 1 : 0
const byUrgency = (a: SnapshotIncident, b: SnapshotIncident): number => a.priority - b.priority || compare(a.openedAt, b.openedAt) || compare(a.id, b.id)

/**
 * The open incidents as this node last read them from PostgreSQL, kept current from every live
 * event it sees (NOTIFY, and in process while degraded): what a dashboard that connects while
 * PostgreSQL is away gets as its snapshot, marked `degraded`. Counts and times the events do not
 * carry (the alert count) stay as last read; an incident first seen in an event starts with the
 * times it carries, or else its event's time.
 */
export class OpenBoard {
  private incidents = new Map<string, SnapshotIncident>()
  private truncated = false

  constructor (private readonly limit = BOARD_LIMIT) {}

  get size (): number {
    return this.incidents.size
  }

  /** Replaces the board with a fresh read of PostgreSQL's open incidents. */
  reset (read: { incidents: SnapshotIncident[], truncated: boolean }): void {
    this.incidents = new Map(read.incidents.map(i => [i.id, i]))
    this.truncated = read.truncated
  }

  apply (event: LiveEvent): void {
    if (event.type === 'responder.updated') return
    const i = event.incident
    if (!OPEN_STATES.includes(i.state)) {
      this.incidents.delete(i.id)
      return
    }
    const known = this.incidents.get(i.id)
    this.incidents.set(i.id, known !== undefined
      ? { ...known, ...i, updatedAt: event.at }
      : { ...i, alertCount: 1, escalationLevel: i.escalationLevel ?? 0, firstTriggeredAt: i.firstTriggeredAt ?? event.at, openedAt: i.openedAt ?? event.at, updatedAt: event.at })
    if (this.incidents.size > this.limit) this.letGoOfTheLeastUrgent()
  }

  /** Down to three quarters of the limit at once, so that the sort runs once per many openings, not per event. */
  private letGoOfTheLeastUrgent (): void {
    const kept = [...this.incidents.values()].sort(byUrgency).slice(0, Math.floor(this.limit * 0.75))
    this.incidents = new Map(kept.map(i => [i.id, i]))
    this.truncated = true
  }

  /** The same order and limit as the snapshot PostgreSQL gives. */
  snapshot (f: LiveFilter): BoardSnapshot {
    const matching = [...this.incidents.values()]
      .filter(i => wants(f, { type: 'incident.snapshot', incident: i }))
      .sort(byUrgency)
    return { incidents: matching.slice(0, SNAPSHOT_LIMIT), truncated: this.truncated || matching.length > SNAPSHOT_LIMIT, degraded: true }
  }
}

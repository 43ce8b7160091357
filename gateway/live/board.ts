import type { LiveEvent } from '../events/emit.js'
import { OPEN_STATES } from '../incidents/state-machine.js'
import { SNAPSHOT_LIMIT, wants, type LiveFilter, type SnapshotIncident } from './snapshot.js'

export interface BoardSnapshot { incidents: SnapshotIncident[], truncated: boolean, degraded?: true }

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
  }

  /** The same order and limit as the snapshot PostgreSQL gives: most urgent first, then oldest. */
  snapshot (f: LiveFilter): BoardSnapshot {
    const matching = [...this.incidents.values()]
      .filter(i => wants(f, { type: 'incident.snapshot', incident: i }))
      .sort((a, b) => a.priority - b.priority || a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id))
    return { incidents: matching.slice(0, SNAPSHOT_LIMIT), truncated: this.truncated || matching.length > SNAPSHOT_LIMIT, degraded: true }
  }
}

import type { LiveEvent } from './emit.js'

/**
 * Live events that cannot go through PostgreSQL's NOTIFY because PostgreSQL is away (degraded
 * mode): delivered to this node's dashboards only, in process. One per Flare instance.
 */
export class LocalEvents {
  private readonly listeners = new Set<(event: LiveEvent) => void>()

  subscribe (listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  emit (event: LiveEvent): void {
    for (const l of [...this.listeners]) l(event)
  }
}

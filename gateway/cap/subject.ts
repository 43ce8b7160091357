import type { Incident } from '../incidents/incident.js'
import type { TimelineEntry } from '../incidents/timeline.js'
import { type CapMessage, type CapSubject, msgTypeOf } from './message.js'

/** Where the console shows an incident, when PUBLIC_URL says where the console is. */
export function consoleLink (publicUrl: string | undefined, incidentId: string): string | undefined {
  return publicUrl === undefined ? undefined : `${publicUrl.replace(/\/+$/, '')}/console/#/incident/${encodeURIComponent(incidentId)}`
}

/**
 * The incident as it stands, as one CAP message: an Alert while it is unanswered (sent when it
 * opened), else an Update or a Cancel sent at its last change, with the cancellation's reason.
 */
export function capOfIncident (i: Incident, timeline: TimelineEntry[], o: { sender: string, publicUrl?: string }): CapMessage {
  const msgType = msgTypeOf(i.state)
  const cancel = msgType === 'Cancel' ? [...timeline].reverse().find(e => e.type === 'transition' && e.toState === 'CANCELLED') : undefined
  return {
    subject: { id: i.id, number: i.number, state: i.state, priority: i.priority, category: i.category, kind: i.kind, zoneId: i.zoneId, lat: i.lat, lon: i.lon, address: i.address, openedAt: i.openedAt, description: i.description },
    msgType,
    sent: msgType === 'Alert' ? i.openedAt : (cancel?.at ?? i.updatedAt),
    sender: o.sender,
    note: cancel?.reason ?? null,
    web: consoleLink(o.publicUrl, i.id)
  }
}

/** A webhook delivery's stored event, as emitEvents wrote it (gateway/events/emit.ts). */
export interface StoredEvent {
  type: string
  at: string
  liveType?: string
  to?: string
  reason?: string | null
  incident: CapSubject
}

/**
 * A delivery's event as the CAP message it is: the opening as the Alert (sent when the incident
 * opened, as GET …/cap says it), a cancellation as a Cancel, every other change as an Update sent at
 * the change. The stored event never changes, so every retry sends the same document.
 */
export function capOfEvent (e: StoredEvent, o: { sender: string, publicUrl?: string }): CapMessage {
  const msgType = e.type === 'incident.opened' ? 'Alert' : e.incident.state === 'CANCELLED' ? 'Cancel' : 'Update'
  return {
    subject: e.incident,
    msgType,
    sent: msgType === 'Alert' ? e.incident.openedAt : e.at,
    sender: o.sender,
    note: msgType === 'Cancel' ? e.reason ?? null : null,
    web: consoleLink(o.publicUrl, e.incident.id)
  }
}

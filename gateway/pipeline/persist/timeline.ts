import type pg from 'pg'
import { appendEvents, type TimelineEvent } from '../../incidents/timeline.js'
import type { ClassifiedAlert } from '../types.js'
import type { IncidentRef } from './correlate.js'

/** Persist, step 3 — timeline: each alert's event on its incident (opened, or joined). */
export async function recordTimeline (client: pg.PoolClient, items: Array<{ alert: ClassifiedAlert, incident: IncidentRef }>): Promise<void> {
  await appendEvents(client, items.map(({ alert, incident }) => ({ incidentId: incident.id, ...timelineEntry(alert, incident) })))
}

function timelineEntry (c: ClassifiedAlert, ref: IncidentRef): TimelineEvent {
  const actor = `device:${c.source.deviceId}`
  return ref.opened
    ? { actor, type: 'opened', toState: 'NEW', reason: `${c.alert.kind} alert ${c.alert.alertId}`, data: { rule: c.rule.id, priority: c.rule.priority, category: c.rule.category } }
    : { actor, type: 'alert_joined', reason: `${c.alert.kind} alert ${c.alert.alertId}` }
}

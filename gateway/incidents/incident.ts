/**
 * The incident, once: its row as PostgreSQL returns it (`IncidentRow`), the column list every
 * statement reads it with, and its public JSON shape (`IncidentSchema`, from which the REST API,
 * the live feed and the TypeScript type `Incident` all follow).
 */
import { Type, type Static } from 'typebox'
import type { DispatchPolicy, EscalationPolicy } from '../rules/types.js'
import { INCIDENT_STATES, type IncidentState } from './state-machine.js'

/**
 * The escalation policy as stored when the incident opened (the rule's, which may change later).
 * onSceneWithinS is honoured when present; no rule sets it yet, so the engine's default applies.
 */
export type StoredEscalationPolicy = Partial<EscalationPolicy> & { onSceneWithinS?: number }

/** An incidents row (snake_case, as pg returns it: timestamps as Date, jsonb parsed). */
export type IncidentRow = {
  id: string
  number: string
  state: IncidentState
  kind: string
  category: string
  priority: number
  rule_id: string
  device_id: string
  person_id: string | null
  zone_id: string | null
  lat: number | null
  lon: number | null
  correlation_key: string | null
  correlation_window_s: number
  alert_count: number
  first_triggered_at: Date
  opened_at: Date
  last_alert_at: Date
  updated_at: Date
  resolved_at: Date | null
  closed_at: Date | null
  assigned_responder_id: string | null
  dispatch_policy: DispatchPolicy | null
  escalation_policy: StoredEscalationPolicy | null
  dispatch_radius_m: number | null
  escalation_level: number
  assigned_at: Date | null
  on_scene_at: Date | null
}

const COLUMN_NAMES = [
  'id', 'number', 'state', 'kind', 'category', 'priority', 'rule_id', 'device_id', 'person_id', 'zone_id', 'lat', 'lon',
  'correlation_key', 'correlation_window_s', 'alert_count', 'first_triggered_at', 'opened_at', 'last_alert_at', 'updated_at',
  'resolved_at', 'closed_at', 'assigned_responder_id', 'dispatch_policy', 'escalation_policy', 'dispatch_radius_m',
  'escalation_level', 'assigned_at', 'on_scene_at'
] as const satisfies ReadonlyArray<keyof IncidentRow>

// A field of IncidentRow missing from the list above is a compile error here.
type Unlisted = Exclude<keyof IncidentRow, typeof COLUMN_NAMES[number]>
const everyColumnListed: [Unlisted] extends [never] ? true : Unlisted = true
void everyColumnListed

/** Every column of IncidentRow, for `SELECT …` and `RETURNING …` on incidents. */
export const INCIDENT_COLUMNS = COLUMN_NAMES.join(', ')

/** The same, qualified by a table alias (`i.id, i.number, …`), for statements that join other tables. */
export function incidentColumns (alias: string): string {
  return COLUMN_NAMES.map(c => `${alias}.${c}`).join(', ')
}

// Nullable values keep the schema form `type: [t, 'null']` (not anyOf), which fastify serialises
// directly and the OpenAPI document showed before.
const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] })
const NullableNumber = Type.Unsafe<number | null>({ type: ['number', 'null'] })

export const IncidentStateSchema = Type.Unsafe<IncidentState>({ type: 'string', enum: [...INCIDENT_STATES] })

/** An incident in the REST API (and, by subsets, in live events and the dashboard snapshot). */
export const IncidentSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  state: IncidentStateSchema,
  kind: Type.String(),
  category: Type.String(),
  priority: Type.Integer(),
  ruleId: Type.String(),
  deviceId: Type.String(),
  personId: NullableString,
  zoneId: NullableString,
  lat: NullableNumber,
  lon: NullableNumber,
  alertCount: Type.Integer(),
  firstTriggeredAt: Type.String(),
  openedAt: Type.String(),
  lastAlertAt: Type.String(),
  updatedAt: Type.String(),
  assignedResponderId: NullableString,
  assignedAt: NullableString,
  onSceneAt: NullableString,
  escalationLevel: Type.Integer()
})

export type Incident = Static<typeof IncidentSchema>

/** A list item: the incident and, only when listing near a point, its distance in metres from it. */
export const IncidentListItemSchema = Type.Object({
  ...IncidentSchema.properties,
  distanceM: Type.Optional(Type.Number())
})

export type IncidentListItem = Static<typeof IncidentListItemSchema>

/** What a live event carries of an incident: small, because NOTIFY payloads are limited to 8 kB. */
export const IncidentEventBodySchema = Type.Pick(IncidentSchema, ['id', 'number', 'state', 'priority', 'category', 'kind', 'zoneId', 'lat', 'lon', 'assignedResponderId'])

export type IncidentEventBody = Static<typeof IncidentEventBodySchema>

export function incidentFromRow (r: IncidentRow): Incident {
  return {
    id: r.id,
    number: r.number,
    state: r.state,
    kind: r.kind,
    category: r.category,
    priority: r.priority,
    ruleId: r.rule_id,
    deviceId: r.device_id,
    personId: r.person_id,
    zoneId: r.zone_id,
    lat: r.lat,
    lon: r.lon,
    alertCount: r.alert_count,
    firstTriggeredAt: r.first_triggered_at.toISOString(),
    openedAt: r.opened_at.toISOString(),
    lastAlertAt: r.last_alert_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    assignedResponderId: r.assigned_responder_id ?? null,
    assignedAt: r.assigned_at?.toISOString() ?? null,
    onSceneAt: r.on_scene_at?.toISOString() ?? null,
    escalationLevel: r.escalation_level ?? 0
  }
}

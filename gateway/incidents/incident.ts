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
  /** null for an incident a dispatcher opened (a phone call, a walk-in) */
  device_id: string | null
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
  source: IncidentSource
  description: string | null
  address: string | null
  caller_name: string | null
  caller_phone: string | null
  location_updated_at: Date | null
}

/** Who reported the incident: a device's alert, or a dispatcher from a phone call, a walk-in, the radio. */
export const INCIDENT_SOURCES = ['device', 'phone', 'walk_in', 'radio', 'other'] as const
export type IncidentSource = typeof INCIDENT_SOURCES[number]

const COLUMN_NAMES = [
  'id', 'number', 'state', 'kind', 'category', 'priority', 'rule_id', 'device_id', 'person_id', 'zone_id', 'lat', 'lon',
  'correlation_key', 'correlation_window_s', 'alert_count', 'first_triggered_at', 'opened_at', 'last_alert_at', 'updated_at',
  'resolved_at', 'closed_at', 'assigned_responder_id', 'dispatch_policy', 'escalation_policy', 'dispatch_radius_m',
  'escalation_level', 'assigned_at', 'on_scene_at', 'source', 'description', 'address', 'caller_name', 'caller_phone', 'location_updated_at'
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

/**
 * An incident as the REST API shows it: its row and, from other tables, the names behind its ids
 * and the offers awaiting an answer. `viewSql` reads it for any selection of incidents rows.
 */
export type IncidentViewRow = IncidentRow & {
  person_name: string | null
  device_name: string | null
  responder_name: string | null
  pending_offers: number
}

/**
 * SQL for the number of offers of incident `id` (an SQL expression) awaiting an answer. It reads the
 * incident's own offers and filters them: written as a WHERE on the state, the planner answers it
 * by scanning the partial index of every pending offer, whose cost grows with all of them.
 */
export function pendingOffersSql (id: string): string {
  return `(SELECT (count(*) FILTER (WHERE o.state = 'pending'))::int FROM offers o WHERE o.incident_id = ${id})`
}

/**
 * Wraps a statement selecting incidents rows (every column of INCIDENT_COLUMNS, and any others it
 * adds) so each comes with the view's columns too, in one statement; `order` orders the result
 * (the inner ORDER BY does not carry through the joins).
 */
export function viewSql (inner: string, order = ''): string {
  return `SELECT i.*, p.name AS person_name, d.name AS device_name, r.name AS responder_name,
            ${pendingOffersSql('i.id')} AS pending_offers
       FROM (${inner}) i
       LEFT JOIN persons p ON p.id = i.person_id
       LEFT JOIN devices d ON d.id = i.device_id
       LEFT JOIN responders r ON r.id = i.assigned_responder_id
      ${order}`
}

// Nullable values keep the schema form `type: [t, 'null']` (not anyOf), which fastify serialises
// directly and the OpenAPI document showed before.
const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] })
const NullableNumber = Type.Unsafe<number | null>({ type: ['number', 'null'] })

export const IncidentStateSchema = Type.Unsafe<IncidentState>({ type: 'string', enum: [...INCIDENT_STATES] })
export const IncidentSourceSchema = Type.Unsafe<IncidentSource>({ type: 'string', enum: [...INCIDENT_SOURCES] })

const ResponderRefSchema = Type.Unsafe<{ id: string, name: string } | null>({
  type: ['object', 'null'],
  properties: { id: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'name']
})

/** An incident in the REST API (and, by subsets, in live events and the dashboard snapshot). */
export const IncidentSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  state: IncidentStateSchema,
  kind: Type.String(),
  category: Type.String(),
  priority: Type.Integer(),
  ruleId: Type.String(),
  source: IncidentSourceSchema,
  description: NullableString,
  address: NullableString,
  deviceId: NullableString,
  deviceName: NullableString,
  personId: NullableString,
  personName: NullableString,
  callerName: NullableString,
  callerPhone: NullableString,
  zoneId: NullableString,
  lat: NullableNumber,
  lon: NullableNumber,
  locationUpdatedAt: NullableString,
  alertCount: Type.Integer(),
  firstTriggeredAt: Type.String(),
  openedAt: Type.String(),
  lastAlertAt: Type.String(),
  updatedAt: Type.String(),
  assignedResponderId: NullableString,
  assignedResponder: ResponderRefSchema,
  assignedAt: NullableString,
  onSceneAt: NullableString,
  pendingOffers: Type.Integer({ description: 'offers sent and awaiting an answer' }),
  escalationLevel: Type.Integer()
})

export type Incident = Static<typeof IncidentSchema>

/** A list item: the incident and, only when listing near a point, its distance in metres from it. */
export const IncidentListItemSchema = Type.Object({
  ...IncidentSchema.properties,
  distanceM: Type.Optional(Type.Number())
})

export type IncidentListItem = Static<typeof IncidentListItemSchema>

/** One position in an incident's location history. */
export const IncidentLocationSchema = Type.Object({
  at: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  accuracyM: NullableNumber,
  source: Type.Unsafe<'alert' | 'telemetry' | 'dispatcher' | 'install'>({ type: 'string', enum: ['alert', 'telemetry', 'dispatcher', 'install'] })
})

export type IncidentLocation = Static<typeof IncidentLocationSchema>

/**
 * What a live event carries of an incident: small, because NOTIFY payloads are limited to 8 kB. The
 * names, the responder and the pending offers are added by the statement that sends the event
 * (gateway/events/emit.ts), so they are absent from events a degraded node sends in process.
 */
export const IncidentEventBodySchema = Type.Object({
  ...Type.Pick(IncidentSchema, ['id', 'number', 'state', 'priority', 'category', 'kind', 'zoneId', 'lat', 'lon', 'assignedResponderId']).properties,
  ...Type.Partial(Type.Pick(IncidentSchema, ['source', 'deviceId', 'personId', 'address', 'escalationLevel', 'firstTriggeredAt', 'openedAt', 'locationUpdatedAt',
    'personName', 'deviceName', 'assignedResponder', 'pendingOffers'])).properties
})

export type IncidentEventBody = Static<typeof IncidentEventBodySchema>

export function incidentFromRow (r: IncidentViewRow): Incident {
  return {
    id: r.id,
    number: r.number,
    state: r.state,
    kind: r.kind,
    category: r.category,
    priority: r.priority,
    ruleId: r.rule_id,
    source: r.source ?? 'device',
    description: r.description ?? null,
    address: r.address ?? null,
    deviceId: r.device_id,
    deviceName: r.device_name ?? null,
    personId: r.person_id,
    personName: r.person_name ?? null,
    callerName: r.caller_name ?? null,
    callerPhone: r.caller_phone ?? null,
    zoneId: r.zone_id,
    lat: r.lat,
    lon: r.lon,
    locationUpdatedAt: r.location_updated_at?.toISOString() ?? null,
    alertCount: r.alert_count,
    firstTriggeredAt: r.first_triggered_at.toISOString(),
    openedAt: r.opened_at.toISOString(),
    lastAlertAt: r.last_alert_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    assignedResponderId: r.assigned_responder_id ?? null,
    assignedResponder: r.assigned_responder_id == null ? null : { id: r.assigned_responder_id, name: r.responder_name ?? r.assigned_responder_id },
    assignedAt: r.assigned_at?.toISOString() ?? null,
    onSceneAt: r.on_scene_at?.toISOString() ?? null,
    pendingOffers: r.pending_offers ?? 0,
    escalationLevel: r.escalation_level ?? 0
  }
}

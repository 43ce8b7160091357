import type pg from 'pg'
import { audit } from '../audit/log.js'
import type { AlertKindName } from '../codec/wire.js'
import { emitEvent, incidentBody } from '../events/emit.js'
import { INCIDENT_COLUMNS, type IncidentRow, type IncidentSource } from '../incidents/incident.js'
import { INCIDENT_NUMBER_SQL } from '../incidents/numbers.js'
import { IncidentNotFound, TERMINAL_STATES } from '../incidents/state-machine.js'
import { appendEvents, type TimelineEvent } from '../incidents/timeline.js'
import { lockIncident } from '../incidents/transition.js'
import { reportCategories, ruleForReport } from '../rules/report-rule.js'
import type { RuleSet } from '../rules/engine.js'
import { transact } from '../storage/outgoing.js'
import type { DispatchEngine } from './engine.js'

/** A category no rule opens incidents in (or none that fits a report without a device). */
export class UnknownCategory extends Error {
  constructor (readonly category: string, readonly known: string[]) {
    super(`no rule opens "${category}" incidents without a device's alert; known categories: ${known.join(', ')}`)
  }
}

export class UnknownPerson extends Error {
  constructor (readonly personId: string) {
    super(`no person "${personId}"`)
  }
}

/** A closed or cancelled incident is a record: it is not edited any more. */
export class IncidentEnded extends Error {
  constructor (readonly state: string) {
    super(`the incident is ${state}: it can no longer be changed`)
  }
}

/** What a dispatcher reports: a phone call, a walk-in, a radio message. */
export interface Report {
  category: string
  kind?: AlertKindName
  priority?: number
  description?: string
  lat?: number
  lon?: number
  address?: string
  source: Exclude<IncidentSource, 'device'>
  personId?: string
  callerName?: string
  callerPhone?: string
}

/** What a dispatcher may correct on an incident. */
export interface IncidentPatch {
  description?: string | null
  address?: string | null
  category?: string
  priority?: number
  lat?: number
  lon?: number
}

/** The incident kind of a report that names no alert kind. */
export const REPORT_KIND = 'REPORT'

/**
 * Incidents as dispatchers open and correct them (REST). An incident a dispatcher opens has no
 * device; it takes the dispatch and escalation policies of the rule for its category and is then
 * dispatched by the same engine as an alert's, in the same transaction.
 */
export class DispatcherIncidents {
  constructor (private readonly d: { engine: DispatchEngine, rules: () => RuleSet, zoneOf: (lat: number, lon: number) => string | null }) {}

  private get pool (): pg.Pool { return this.d.engine.d.pool }

  /** Opens and dispatches the incident; returns its id. */
  async create (r: Report, actor: string): Promise<string> {
    const zoneId = r.lat !== undefined && r.lon !== undefined ? this.d.zoneOf(r.lat, r.lon) : null
    const rules = this.d.rules()
    const rule = ruleForReport(rules, { category: r.category, kind: r.kind, zoneId })
    if (rule === undefined) throw new UnknownCategory(r.category, reportCategories(rules))
    const priority = r.priority ?? rule.priority
    return await transact(this.pool, this.d.engine.d.outbox, async (client, out) => {
      if (r.personId !== undefined) await this.checkPerson(client, r.personId)
      const { rows } = await client.query<IncidentRow>(
        `INSERT INTO incidents (number, kind, category, priority, rule_id, device_id, person_id, lat, lon, location_updated_at, correlation_key, correlation_window_s,
                                alert_count, first_triggered_at, zone_id, dispatch_policy, escalation_policy, dispatch_radius_m,
                                source, description, address, caller_name, caller_phone)
         SELECT ${INCIDENT_NUMBER_SQL}, $1, $2, $3, $4, NULL, $5, $6, $7, CASE WHEN $6::float8 IS NOT NULL THEN now() END, NULL, 0,
                0, now(), $8, $9, $10, $11, $12, $13, $14, $15, $16
           FROM (SELECT nextval('incident_number_seq') AS n) s
         RETURNING ${INCIDENT_COLUMNS}`,
        [r.kind ?? REPORT_KIND, r.category, priority, rule.id, r.personId ?? null, r.lat ?? null, r.lon ?? null, zoneId,
          rule.dispatch ?? null, rule.escalation ?? null, rule.dispatch?.radiusM ?? null, r.source, r.description ?? null, r.address ?? null,
          r.callerName ?? null, r.callerPhone ?? null])
      const row = rows[0]
      if (row.lat !== null) {
        await client.query("INSERT INTO incident_locations (incident_id, lat, lon, source) VALUES ($1, $2, $3, 'dispatcher')", [row.id, row.lat, row.lon])
      }
      const caller = r.callerName ?? r.callerPhone
      await appendEvents(client, [{
        incidentId: row.id,
        actor,
        type: 'opened',
        toState: 'NEW',
        reason: `${r.source.replace('_', '-')} report${caller !== undefined ? ` from ${caller}` : ''}`,
        data: { source: r.source, rule: rule.id, category: r.category, priority, callerName: r.callerName ?? null, callerPhone: r.callerPhone ?? null }
      }])
      await this.d.engine.onOpened(client, out, [{ row, rule }])
      await audit(client, { actor, action: 'incident.create', targetType: 'incident', targetId: row.id, details: { source: r.source, category: r.category, priority, rule: rule.id } })
      return row.id
    })
  }

  /**
   * Applies a dispatcher's corrections: a timeline entry per changed field (from → to), one live
   * event, an audit row. A first position starts dispatch; a new one is added to the history.
   */
  async update (incidentId: string, p: IncidentPatch, actor: string): Promise<void> {
    if (p.category !== undefined) {
      const rules = this.d.rules()
      if (!rules.rules.some(r => r.category === p.category)) throw new UnknownCategory(p.category, reportCategories(rules))
    }
    await transact(this.pool, this.d.engine.d.outbox, async (client, out) => {
      const row = await lockIncident(client, incidentId)
      if (row === undefined) throw new IncidentNotFound(incidentId)
      if (TERMINAL_STATES.includes(row.state)) throw new IncidentEnded(row.state)
      const changes: Array<{ field: string, from: unknown, to: unknown }> = []
      const set = <K extends 'description' | 'address' | 'category' | 'priority'>(field: K, to: IncidentRow[K] | undefined): void => {
        if (to !== undefined && to !== row[field]) changes.push({ field, from: row[field], to })
      }
      set('description', p.description)
      set('address', p.address)
      set('category', p.category)
      set('priority', p.priority)
      const moves = p.lat !== undefined && p.lon !== undefined && (p.lat !== row.lat || p.lon !== row.lon)
      if (moves) changes.push({ field: 'location', from: row.lat === null ? null : { lat: row.lat, lon: row.lon }, to: { lat: p.lat, lon: p.lon } })
      if (changes.length === 0) return
      const zoneId = moves ? this.d.zoneOf(p.lat as number, p.lon as number) : row.zone_id
      const { rows } = await client.query<IncidentRow>(
        `UPDATE incidents SET description = CASE WHEN $2 THEN $3 ELSE description END, address = CASE WHEN $4 THEN $5 ELSE address END,
            category = COALESCE($6, category), priority = COALESCE($7, priority),
            lat = CASE WHEN $8 THEN $9 ELSE lat END, lon = CASE WHEN $8 THEN $10 ELSE lon END,
            location_updated_at = CASE WHEN $8 THEN now() ELSE location_updated_at END, zone_id = $11, updated_at = now()
          WHERE id = $1 RETURNING ${INCIDENT_COLUMNS}`,
        [row.id, p.description !== undefined, p.description ?? null, p.address !== undefined, p.address ?? null, p.category ?? null, p.priority ?? null,
          moves, p.lat ?? null, p.lon ?? null, zoneId])
      const updated = rows[0]
      if (moves) await client.query("INSERT INTO incident_locations (incident_id, lat, lon, source) VALUES ($1, $2, $3, 'dispatcher')", [row.id, p.lat, p.lon])
      await appendEvents(client, changes.map((c): TimelineEvent & { incidentId: string } => ({
        incidentId: row.id, actor, type: 'updated', reason: `${c.field} changed`, data: { field: c.field, from: c.from, to: c.to }
      })))
      if (moves && row.lat === null) await this.d.engine.onLocated(client, out, [updated])
      await emitEvent(client, { type: 'incident.updated', at: new Date().toISOString(), incident: incidentBody(updated), detail: { changed: changes.map(c => c.field), actor } })
      await audit(client, { actor, action: 'incident.update', targetType: 'incident', targetId: row.id, details: { changes } })
    })
  }

  private async checkPerson (client: pg.PoolClient, personId: string): Promise<void> {
    const { rows } = await client.query('SELECT 1 FROM persons WHERE id = $1', [personId])
    if (rows.length === 0) throw new UnknownPerson(personId)
  }
}

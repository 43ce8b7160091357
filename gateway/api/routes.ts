import type { FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'
import type { FlareBroker } from '../../broker/broker.js'
import type { Gateway } from '../gateway.js'
import { emitEvent } from '../events/emit.js'
import { positionHistory } from '../dispatch/positions.js'
import type { ApiKeysRepo } from '../identity/api-keys-repo.js'
import type { SecretDigest } from '../identity/secret-digest.js'
import { DevicesRepo } from '../identity/devices-repo.js'
import { RespondersRepo } from '../identity/responders-repo.js'
import { AlertsRepo } from '../incidents/alerts-repo.js'
import { IncidentsRepo } from '../incidents/repo.js'
import type { RulesStore } from '../rules/store.js'
import type { Database } from '../storage/database.js'
import { alertsPlugin } from './alerts.js'
import { auditPlugin } from './audit.js'
import { authPlugin } from './auth.js'
import { devicesPlugin } from './devices.js'
import { healthPlugin } from './health.js'
import { incidentsPlugin } from './incidents.js'
import { incidentCapPlugin } from './incident-cap.js'
import { personRightsPlugin } from './person-rights.js'
import { secretRotationPlugin } from './secret-rotation.js'
import { incidentActionsPlugin } from './incident-actions.js'
import { incidentReportsPlugin } from './incident-reports.js'
import { livePlugin } from './live.js'
import { metricsPlugin } from './metrics-route.js'
import { mqttWebSocketPlugin } from './mqtt-websocket.js'
import { respondersPlugin } from './responders.js'
import { rulesPlugin } from './rules.js'
import { clusterPlugin } from './cluster.js'
import type { NodeRegistry } from '../cluster/nodes.js'
import type { CachedDirectory } from '../identity/directory.js'
import { statsPlugin } from './stats.js'
import { zonesPlugin } from './zones.js'
import { personsPlugin } from './persons.js'
import { medicalPlugin } from './medical.js'
import type { UsersRepo } from '../identity/users-repo.js'
import type { SessionsRepo } from '../identity/sessions-repo.js'
import type { LoginThrottle } from '../identity/login-throttle.js'
import { AuthMetrics } from './auth-metrics.js'
import { sessionPlugin } from './session.js'
import { usersPlugin } from './users.js'
import { keysPlugin } from './keys.js'
import { consolePlugin } from './console.js'
import { fieldAppPlugin } from './field-app.js'
import { enrolmentPlugin } from './enrolment.js'
import { alarmAccountsPlugin } from './alarm-accounts.js'
import { webhooksPlugin } from './webhooks.js'
import { WebhooksRepo } from '../webhooks/repo.js'
import type { AccountBook } from '../dc09/account-book.js'
import type { AlarmAccountsRepo } from '../dc09/accounts-repo.js'
import { EnrolmentsRepo } from '../identity/enrolments-repo.js'
import { rateLimitPlugin } from './rate-limit.js'

/** Every HTTP plugin, in one visible place. */
export async function registerApi (http: FastifyInstance, d: {
  db: Database
  keys: ApiKeysRepo
  people: { users: UsersRepo, sessions: SessionsRepo, throttle: LoginThrottle }
  secrets: SecretDigest
  broker: FlareBroker
  gateway: Gateway
  rules: RulesStore
  registry: Registry
  nodes: NodeRegistry
  /** the principals in memory: a device change here is read again at once */
  directory?: CachedDirectory
  consoleTileUrl?: string
  /** SECRET_ROTATION_GRACE_MINUTES */
  secretGraceMinutes: number
  /** CAP 1.2 output (GET …/cap, webhooks in CAP form) */
  cap: { sender: string, publicUrl?: string }
  enrolment: { ttlMs: number, publicUrl?: string }
  alarmAccounts: { repo: AlarmAccountsRepo, book: AccountBook }
  liveSessionCheckMs?: number
  /** REST requests a minute per caller and per address (0: off); in Redis in cluster mode */
  rateLimit?: { perCaller: number, perAddress: number, redisUrl?: string }
}): Promise<void> {
  const { db, broker, secrets } = d
  const authMetrics = new AuthMetrics(d.registry)
  await http.register(authPlugin, { keys: d.keys, sessions: d.people.sessions, metrics: authMetrics })
  await http.register(healthPlugin, {
    checks: { database: db.ping, broker: () => !broker.aedes.closed },
    degradable: {
      names: ['database'],
      failed: () => { d.gateway.degraded.availability.enter(new Error('/readyz: the database check failed')) },
      degraded: () => d.gateway.degraded.availability.degraded
    }
  })
  await http.register(metricsPlugin, { registry: d.registry })
  await http.register(mqttWebSocketPlugin, { broker })
  await http.register(consolePlugin, { tileUrl: d.consoleTileUrl })
  await http.register(fieldAppPlugin, { tileUrl: d.consoleTileUrl })
  const revokeSession = (id: string): Promise<void> => broker.revoke(id)
  const alerts = new AlertsRepo(db.pool)
  await http.register(async (api) => {
    if (d.rateLimit !== undefined) {
      // Derived from the installation's server key: one installation's counters apart from another's on a shared Redis.
      const namespace = `flare:rate-limit:${secrets.digest('rate-limit').slice(-16)}:`
      await api.register(rateLimitPlugin, { ...d.rateLimit, namespace, registry: d.registry })
    }
    await api.register(auditPlugin, { pool: db.pool }) // first: decorates api.audit for the plugins below
    await api.register(devicesPlugin, {
      devices: new DevicesRepo(db.pool),
      secrets,
      revokeSession,
      personExists: async (id) => (await db.pool.query('SELECT 1 FROM persons WHERE id = $1', [id])).rows.length > 0,
      changed: async (id) => { await d.directory?.reload([id]) }
    })
    await api.register(respondersPlugin, {
      responders: new RespondersRepo(db.pool),
      secrets,
      revokeSession,
      onChange: async (r) => {
        d.gateway.degraded.roster.changed({ id: r.id, name: r.name, roles: r.roles, zones: r.zones, codec: r.codec, status: r.status, lat: r.lat, lon: r.lon })
        await d.directory?.reload([r.id])
        await emitEvent(db.pool, { type: 'responder.updated', at: new Date().toISOString(), responder: { id: r.id, status: r.status, online: r.online, lat: r.lat, lon: r.lon, currentIncidentId: r.currentIncidentId, name: r.name, roles: r.roles, zones: r.zones } })
      },
      positions: async (id, q) => await positionHistory(db.pool, id, q)
    })
    const incidents = new IncidentsRepo(db.pool)
    await api.register(incidentsPlugin, { incidents, alerts })
    await api.register(incidentCapPlugin, { incidents, ...d.cap })
    await api.register(incidentActionsPlugin, { actions: d.gateway.actions, incidents })
    await api.register(incidentReportsPlugin, { reports: d.gateway.reports, incidents, alerts })
    await api.register(alertsPlugin, { alerts })
    await api.register(rulesPlugin, { rules: d.rules })
    await api.register(clusterPlugin, { nodes: d.nodes })
    await api.register(livePlugin, { pool: db.pool, registry: d.registry, local: d.gateway.degraded.events, databaseAway: () => d.gateway.degraded.availability.degraded, sessions: d.people.sessions, sessionCheckMs: d.liveSessionCheckMs, keys: d.keys, metrics: authMetrics })
    await api.register(statsPlugin, { pool: db.pool })
    await api.register(zonesPlugin, { db, index: d.gateway.zones })
    await api.register(personsPlugin, { db, secrets, revokeSession })
    await api.register(medicalPlugin, { vault: d.gateway.medical })
    await api.register(secretRotationPlugin, { pool: db.pool, secrets, defaultGraceMinutes: d.secretGraceMinutes, reload: async (ids) => { await d.directory?.reload(ids) } })
    await api.register(personRightsPlugin, { pool: db.pool, vault: d.gateway.medical, revokeSession })
    await api.register(sessionPlugin, { pool: db.pool, ...d.people, metrics: authMetrics })
    await api.register(usersPlugin, { ...d.people, metrics: authMetrics })
    await api.register(keysPlugin, { keys: d.keys })
    await api.register(enrolmentPlugin, { enrolments: new EnrolmentsRepo(db.pool, secrets), pool: db.pool, ttlMs: d.enrolment.ttlMs, publicUrl: d.enrolment.publicUrl, disconnect: (id) => broker.disconnect(id), registry: d.registry })
    await api.register(alarmAccountsPlugin, { ...d.alarmAccounts, secrets })
    await api.register(webhooksPlugin, { repo: new WebhooksRepo(db.pool), pool: db.pool })
  }, { prefix: '/api/v1' })
}

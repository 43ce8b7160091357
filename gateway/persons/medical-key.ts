import { randomBytes } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { parseMedicalKey, type MedicalKey } from '../../config/config.js'

/**
 * Development convenience (never in production): without MEDICAL_KEY, a key is generated once into
 * `file` (0600) and reused on later starts, like the development admin API key. Several processes
 * sharing DATA_DIR may race to create it: the file appears atomically (link of a complete temp
 * file), and the loser reads the winner's key.
 */
export function loadOrCreateDevKey (file: string, log: Logger): MedicalKey {
  if (!existsSync(file)) {
    mkdirSync(join(file, '..'), { recursive: true })
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
    writeFileSync(tmp, randomBytes(32).toString('base64') + '\n', { mode: 0o600 })
    try {
      linkSync(tmp, file)
      log.warn({ file }, 'MEDICAL_KEY is unset: generated a development key for medical profiles (set MEDICAL_KEY in production)')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    } finally {
      unlinkSync(tmp)
    }
  }
  return parseMedicalKey(file, readFileSync(file, 'utf8').trim())
}

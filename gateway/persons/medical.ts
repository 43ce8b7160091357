import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type pg from 'pg'
import type { Logger } from 'pino'
import { audit, auditMany, type AuditEntry } from '../audit/log.js'
import type { MedicalProfileMessage } from '../codec/wire.js'
import type { FlareConfig, MedicalKey } from '../../config/config.js'
import { inTransaction } from '../storage/transaction.js'
import { loadOrCreateDevKey } from './medical-key.js'

export type MedicalErrorCode = 'medical_key_missing' | 'medical_key_unknown' | 'medical_decrypt_failed'

export class MedicalError extends Error {
  constructor (readonly code: MedicalErrorCode, message: string) {
    super(message)
    this.name = 'MedicalError'
  }
}

export interface MedicalRow { id: string, medical: Buffer, medical_key_id: string }

/** One offer whose responder may get the person's medical profile. */
export interface OfferMedicalRequest { personId: string, responder: { id: string, roles: string[] }, offerId: string }

const IV_BYTES = 12
const TAG_BYTES = 16
const BATCH = 100

/** Only the known fields are stored: the profile is exactly what an offer may carry. */
export function normalizeProfile (p: MedicalProfileMessage): MedicalProfileMessage {
  const out: MedicalProfileMessage = {}
  if (p.conditions !== undefined && p.conditions.length > 0) out.conditions = [...p.conditions]
  if (p.medication !== undefined && p.medication.length > 0) out.medication = [...p.medication]
  if (p.allergies !== undefined && p.allergies.length > 0) out.allergies = [...p.allergies]
  if (p.bloodType !== undefined && p.bloodType !== '') out.bloodType = p.bloodType
  if (p.notes !== undefined && p.notes !== '') out.notes = p.notes
  return out
}

/**
 * Binds a ciphertext to its person: a profile copied onto another person's row fails to decrypt
 * instead of showing one person's conditions in another person's emergency.
 */
const aadFor = (personId: string): Buffer => Buffer.from(`flare.medical.v1|${personId}`, 'utf8')
const aadForMessage = (topic: string): Buffer => Buffer.from(`flare.outbox.v1|${topic}`, 'utf8')

/**
 * Medical profiles, encrypted at rest with AES-256-GCM: persons.medical = iv(12) | tag(16) | ciphertext,
 * persons.medical_key_id names the key. MEDICAL_KEY encrypts; it and MEDICAL_KEYS_PREVIOUS decrypt.
 * Every decryption that leaves the process (offer or REST) writes an audit_log row.
 */
export class MedicalVault {
  private current: MedicalKey | undefined
  private resolved = false
  private readonly byId = new Map<string, MedicalKey>()

  constructor (private readonly pool: pg.Pool, private readonly log: Logger, private readonly o: {
    current?: MedicalKey
    previous: MedicalKey[]
    /** responder roles whose offers may carry the profile */
    roles: string[]
    /** without a current key: the development key file to load or create; undefined = medical features off */
    devKeyFile?: string
  }) {
    for (const k of o.previous) this.byId.set(k.id, k)
  }

  static fromConfig (pool: pg.Pool, config: Pick<FlareConfig, 'medicalKey' | 'medicalKeysPrevious' | 'medicalRoles' | 'env' | 'dataDir'>, log: Logger): MedicalVault {
    return new MedicalVault(pool, log, {
      current: config.medicalKey,
      previous: config.medicalKeysPrevious,
      roles: config.medicalRoles,
      devKeyFile: config.medicalKey === undefined && config.env !== 'production' ? join(config.dataDir, 'medical-key') : undefined
    })
  }

  /** The key new ciphertexts are made with; resolved on first use so processes that never touch medical data write no key file. */
  private currentKey (): MedicalKey | undefined {
    if (!this.resolved) {
      this.current = this.o.current ?? (this.o.devKeyFile === undefined ? undefined : loadOrCreateDevKey(this.o.devKeyFile, this.log))
      if (this.current !== undefined) this.byId.set(this.current.id, this.current)
      this.resolved = true
    }
    return this.current
  }

  /** false in production without MEDICAL_KEY: the REST API answers 503 medical_key_missing. */
  available (): boolean {
    return this.currentKey() !== undefined
  }

  get currentKeyId (): string | undefined {
    return this.currentKey()?.id
  }

  mayRead (roles: readonly string[]): boolean {
    return roles.some(r => this.o.roles.includes(r))
  }

  encrypt (personId: string, profile: MedicalProfileMessage): { keyId: string, blob: Buffer } {
    return this.seal(aadFor(personId), Buffer.from(JSON.stringify(normalizeProfile(profile)), 'utf8'), 'medical profiles cannot be stored')
  }

  decrypt (row: MedicalRow): MedicalProfileMessage {
    const what = `the medical profile of person "${row.id}"`
    return JSON.parse(this.open(aadFor(row.id), row.medical, row.medical_key_id, what).toString('utf8'))
  }

  /**
   * A message that carries a medical profile, as the outbox stores it until it is published: sealed
   * under the current key and bound to its topic (a row copied to another responder's topic fails
   * to open).
   */
  sealMessage (topic: string, payload: Buffer): { keyId: string, blob: Buffer } {
    return this.seal(aadForMessage(topic), payload, 'an offer with a medical profile cannot be stored')
  }

  /** The message sealMessage stored, for publishing. Throws MedicalError (unknown key, altered data). */
  openMessage (topic: string, blob: Buffer, keyId: string): Buffer {
    return this.open(aadForMessage(topic), blob, keyId, `the outbox message for "${topic}"`)
  }

  /** AES-256-GCM under the current key: iv(12) | tag(16) | ciphertext. */
  private seal (aad: Buffer, plain: Buffer, consequence: string): { keyId: string, blob: Buffer } {
    const key = this.currentKey()
    if (key === undefined) throw new MedicalError('medical_key_missing', `MEDICAL_KEY is not set: ${consequence}`)
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key.key, iv)
    cipher.setAAD(aad)
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()])
    return { keyId: key.id, blob: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]) }
  }

  private open (aad: Buffer, blob: Buffer, keyId: string, what: string): Buffer {
    this.currentKey()
    const key = this.byId.get(keyId)
    if (key === undefined) {
      throw new MedicalError('medical_key_unknown', `${what} is encrypted with key id "${keyId}", ` +
        `which is neither MEDICAL_KEY (${this.current?.id ?? 'unset'}) nor in MEDICAL_KEYS_PREVIOUS`)
    }
    if (blob.length < IV_BYTES + TAG_BYTES) throw new MedicalError('medical_decrypt_failed', `${what} is truncated`)
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, blob.subarray(0, IV_BYTES))
      decipher.setAAD(aad)
      decipher.setAuthTag(blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      return Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()])
    } catch {
      throw new MedicalError('medical_decrypt_failed', `${what} failed authentication under key id "${keyId}" (wrong key, or the data was altered)`)
    }
  }

  /** One offer's read (see readForOffers). */
  async readForOffer (client: pg.PoolClient, personId: string, responder: { id: string, roles: string[] }, offerId: string): Promise<MedicalProfileMessage | undefined> {
    return (await this.readForOffers(client, [{ personId, responder, offerId }])).get(offerId)
  }

  /**
   * The profiles for a batch's offers, by offer id: only for responders with one of MEDICAL_ROLES,
   * each read audited with its responder and offer. One read of the persons and one audit insert
   * for the whole batch, inside the caller's transaction. A profile that does not decrypt is left
   * out (the offer still goes) and logged.
   */
  async readForOffers (client: pg.PoolClient, requests: OfferMedicalRequest[]): Promise<Map<string, MedicalProfileMessage>> {
    const allowed = requests.filter(r => this.mayRead(r.responder.roles))
    const found = new Map<string, MedicalProfileMessage>()
    if (allowed.length === 0) return found
    const { rows } = await client.query<MedicalRow>(
      'SELECT id, medical, medical_key_id FROM persons WHERE id = ANY($1) AND medical IS NOT NULL', [[...new Set(allowed.map(r => r.personId))]])
    const byPerson = new Map(rows.map(r => [r.id, r]))
    const reads: AuditEntry[] = []
    for (const r of allowed) {
      const row = byPerson.get(r.personId)
      if (row === undefined) continue
      try {
        found.set(r.offerId, this.decrypt(row))
      } catch (err) {
        this.log.error({ personId: r.personId, offerId: r.offerId, err }, 'medical profile left out of the offer')
        continue
      }
      reads.push({
        actor: `responder:${r.responder.id}`,
        action: 'medical.read',
        targetType: 'person',
        targetId: r.personId,
        details: { via: 'offer', offerId: r.offerId, keyId: row.medical_key_id, roles: r.responder.roles.filter(x => this.o.roles.includes(x)) }
      })
    }
    await auditMany(client, reads)
    return found
  }

  /** REST read by an API actor; undefined when the person has no profile. Audited before it is returned. */
  async readForApi (personId: string, actor: string): Promise<MedicalProfileMessage | undefined> {
    const row = await this.row(this.pool, personId)
    if (row === undefined) return undefined
    const profile = this.decrypt(row)
    await audit(this.pool, { actor, action: 'medical.read', targetType: 'person', targetId: personId, details: { via: 'api', keyId: row.medical_key_id } })
    return profile
  }

  /** Stores (replaces) the profile; undefined when there is no such person. */
  async store (personId: string, profile: MedicalProfileMessage, actor: string): Promise<{ keyId: string } | undefined> {
    const { keyId, blob } = this.encrypt(personId, profile)
    return await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query('UPDATE persons SET medical = $2, medical_key_id = $3, updated_at = now() WHERE id = $1', [personId, blob, keyId])
      if (rowCount === 0) return undefined
      await audit(client, { actor, action: 'medical.write', targetType: 'person', targetId: personId, details: { keyId } })
      return { keyId }
    })
  }

  async remove (personId: string, actor: string): Promise<boolean> {
    return await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query('UPDATE persons SET medical = NULL, medical_key_id = NULL, updated_at = now() WHERE id = $1 AND medical IS NOT NULL', [personId])
      if (rowCount === 0) return false
      await audit(client, { actor, action: 'medical.delete', targetType: 'person', targetId: personId })
      return true
    })
  }

  /**
   * Key rotation: re-encrypts every profile not yet under the current key, in batches (each its own
   * transaction, rows locked), so it can be re-run after an interruption. An unknown key id stops it
   * with a MedicalError naming the person.
   */
  async reencryptAll (actor: string): Promise<{ keyId: string, reencrypted: number, fromKeyIds: Record<string, number> }> {
    const key = this.currentKey()
    if (key === undefined) throw new MedicalError('medical_key_missing', 'MEDICAL_KEY is not set')
    const fromKeyIds: Record<string, number> = {}
    let reencrypted = 0
    let after = ''
    for (;;) {
      const done = await inTransaction(this.pool, async (client) => {
        const { rows } = await client.query(
          `SELECT id, medical, medical_key_id FROM persons
            WHERE medical IS NOT NULL AND medical_key_id IS DISTINCT FROM $1 AND id > $2
            ORDER BY id LIMIT ${BATCH} FOR UPDATE`, [key.id, after])
        for (const row of rows as MedicalRow[]) {
          const { blob } = this.encrypt(row.id, this.decrypt(row))
          await client.query('UPDATE persons SET medical = $2, medical_key_id = $3 WHERE id = $1', [row.id, blob, key.id])
          fromKeyIds[row.medical_key_id] = (fromKeyIds[row.medical_key_id] ?? 0) + 1
          reencrypted++
          after = row.id
        }
        return rows.length < BATCH
      })
      if (done) break
    }
    await audit(this.pool, { actor, action: 'medical.reencrypt', targetType: 'person', details: { keyId: key.id, reencrypted, fromKeyIds } })
    return { keyId: key.id, reencrypted, fromKeyIds }
  }

  private async row (db: pg.PoolClient | pg.Pool, personId: string): Promise<MedicalRow | undefined> {
    const { rows } = await db.query('SELECT id, medical, medical_key_id FROM persons WHERE id = $1 AND medical IS NOT NULL', [personId])
    return rows[0]
  }
}

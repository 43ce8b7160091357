import type pg from 'pg'
import { insertPrincipal, revokePrincipal } from '../identity/principals-repo.js'
import { inTransaction } from '../storage/transaction.js'

export type Language = 'en' | 'af'
export const LANGUAGES: readonly Language[] = ['en', 'af']

export interface Person {
  id: string
  name: string
  language: Language
  phone: string | null
  /** whether a medical profile is stored (never the profile itself) */
  hasMedicalProfile: boolean
  medicalKeyId: string | null
  createdAt: string
  updatedAt: string
}

export interface PersonDevice { id: string, kind: string, name: string | null, revokedAt: string | null }

export interface Contact {
  id: string
  personId: string
  name: string
  language: Language
  relation: string | null
  createdAt: string
  revokedAt: string | null
}

const PERSON_COLUMNS = 'id, name, language, phone, medical IS NOT NULL AS has_medical, medical_key_id, created_at, updated_at'
const CONTACT_COLUMNS = 'id, person_id, name, language, relation, created_at, revoked_at'

function toPerson (r: any): Person {
  return {
    id: r.id,
    name: r.name,
    language: r.language,
    phone: r.phone,
    hasMedicalProfile: r.has_medical,
    medicalKeyId: r.medical_key_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString()
  }
}

function toContact (r: any): Contact {
  return {
    id: r.id,
    personId: r.person_id,
    name: r.name,
    language: r.language,
    relation: r.relation,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null
  }
}

/** Persons (who own devices) and their emergency contacts (MQTT principals of kind contact). */
export class PersonsRepo {
  constructor (private readonly pool: pg.Pool) {}

  async create (p: { id: string, name: string, language: Language, phone?: string | null }): Promise<Person> {
    const { rows } = await this.pool.query(
      `INSERT INTO persons (id, name, language, phone) VALUES ($1, $2, $3, $4) RETURNING ${PERSON_COLUMNS}`,
      [p.id, p.name, p.language, p.phone ?? null])
    return toPerson(rows[0])
  }

  async update (id: string, p: { name: string, language: Language, phone?: string | null }): Promise<Person | undefined> {
    const { rows } = await this.pool.query(
      `UPDATE persons SET name = $2, language = $3, phone = $4, updated_at = now() WHERE id = $1 RETURNING ${PERSON_COLUMNS}`,
      [id, p.name, p.language, p.phone ?? null])
    return rows[0] === undefined ? undefined : toPerson(rows[0])
  }

  async get (id: string): Promise<Person | undefined> {
    const { rows } = await this.pool.query(`SELECT ${PERSON_COLUMNS} FROM persons WHERE id = $1`, [id])
    return rows[0] === undefined ? undefined : toPerson(rows[0])
  }

  async list (opts: { after?: string, limit: number }): Promise<Person[]> {
    const { rows } = await this.pool.query(
      `SELECT ${PERSON_COLUMNS} FROM persons WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [opts.after ?? null, opts.limit])
    return rows.map(toPerson)
  }

  /** Devices that name this person (devices.person_id is deliberately not a foreign key). */
  async devices (personId: string): Promise<PersonDevice[]> {
    const { rows } = await this.pool.query('SELECT id, kind, name, revoked_at FROM devices WHERE person_id = $1 ORDER BY id', [personId])
    return rows.map(r => ({ id: r.id, kind: r.kind, name: r.name, revokedAt: r.revoked_at?.toISOString() ?? null }))
  }

  /** Principal and contact row in one transaction; undefined when the person does not exist. */
  async createContact (c: { id: string, personId: string, name: string, language: Language, relation?: string | null }, secretHash: string): Promise<Contact | undefined> {
    return await inTransaction(this.pool, async (client) => {
      // FOR SHARE: the person cannot disappear between this check and the insert.
      const person = await client.query('SELECT 1 FROM persons WHERE id = $1 FOR SHARE', [c.personId])
      if (person.rowCount === 0) return undefined
      await insertPrincipal(client, c.id, 'contact', secretHash)
      const { rows } = await client.query(
        `INSERT INTO contacts (id, person_id, name, language, relation) VALUES ($1, $2, $3, $4, $5) RETURNING ${CONTACT_COLUMNS}`,
        [c.id, c.personId, c.name, c.language, c.relation ?? null])
      return toContact(rows[0])
    })
  }

  async contacts (personId: string, includeRevoked = false): Promise<Contact[]> {
    const { rows } = await this.pool.query(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE person_id = $1 AND ($2 OR revoked_at IS NULL) ORDER BY created_at, id`,
      [personId, includeRevoked])
    return rows.map(toContact)
  }

  async contact (id: string): Promise<Contact | undefined> {
    const { rows } = await this.pool.query(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1`, [id])
    return rows[0] === undefined ? undefined : toContact(rows[0])
  }

  /** Revokes the contact and its MQTT principal; false when there is no active contact with this id. */
  async revokeContact (id: string): Promise<boolean> {
    return await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query('UPDATE contacts SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id])
      if (rowCount === 0) return false
      await revokePrincipal(client, id)
      return true
    })
  }
}

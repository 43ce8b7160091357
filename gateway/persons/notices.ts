import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { flare } from '../../protos/gen/flare.js'
import { encode, type AlertKindName } from '../codec/wire.js'
import { noticeText, type NoticeEvent } from './notice-texts.js'

export interface NoticeIncident {
  number: string
  personId: string | null
  kind: string
  lat: number | null
  lon: number | null
}

export interface ContactNoticeOut {
  topic: string
  payload: Buffer
  qos: 1
}

const KINDS = new Set(Object.keys(flare.v1.AlertKind).filter(k => k !== 'ALERT_KIND_UNSPECIFIED'))

/**
 * ContactNotice messages (JSON) for every active contact of the incident's person, each on
 * notify/{contactId} in the contact's language. Reads inside the caller's transaction so the
 * messages can go into the outbox with the state change they report. Each notice gets a fresh id:
 * the outbox re-publishes the stored bytes, so a repeat carries the same id and receivers can drop it,
 * while a second real event (e.g. a reassignment) is a new notice.
 */
export async function contactNotices (
  client: pg.PoolClient,
  incident: NoticeIncident,
  event: NoticeEvent,
  extra: { responderName?: string } = {}
): Promise<ContactNoticeOut[]> {
  if (incident.personId === null) return []
  const { rows } = await client.query(
    `SELECT c.id, c.language, p.name
       FROM contacts c
       JOIN persons p ON p.id = c.person_id
       JOIN principals pr ON pr.id = c.id
      WHERE c.person_id = $1 AND c.revoked_at IS NULL AND pr.revoked_at IS NULL
      ORDER BY c.id`,
    [incident.personId])
  const atMs = Date.now()
  const location = incident.lat !== null && incident.lon !== null ? { lat: incident.lat, lon: incident.lon } : undefined
  return rows.map((c) => ({
    topic: `notify/${c.id as string}`,
    qos: 1 as const,
    payload: encode('ContactNotice', {
      noticeId: randomUUID(),
      incidentNumber: incident.number,
      language: c.language,
      text: noticeText(c.language, incident.kind, event, { name: c.name, number: incident.number, responder: extra.responderName }),
      kind: KINDS.has(incident.kind) ? incident.kind as AlertKindName : undefined,
      location,
      atMs
    }, 'json')
  }))
}

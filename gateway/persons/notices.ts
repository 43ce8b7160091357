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
  return await contactNoticesMany(client, [incident], event, extra)
}

/** The same for several incidents at once (a group commit opens many), in one read, in the incidents' order. */
export async function contactNoticesMany (
  client: pg.PoolClient,
  incidents: NoticeIncident[],
  event: NoticeEvent,
  extra: { responderName?: string } = {}
): Promise<ContactNoticeOut[]> {
  const persons = [...new Set(incidents.flatMap(i => i.personId === null ? [] : [i.personId]))]
  if (persons.length === 0) return []
  const { rows } = await client.query<{ id: string, language: string, name: string, person_id: string }>(
    `SELECT c.id, c.language, p.name, c.person_id
       FROM contacts c
       JOIN persons p ON p.id = c.person_id
       JOIN principals pr ON pr.id = c.id
      WHERE c.person_id = ANY($1) AND c.revoked_at IS NULL AND pr.revoked_at IS NULL
      ORDER BY c.id`,
    [persons])
  const byPerson = new Map<string, typeof rows>()
  for (const c of rows) {
    const theirs = byPerson.get(c.person_id)
    if (theirs === undefined) byPerson.set(c.person_id, [c])
    else theirs.push(c)
  }
  const atMs = Date.now()
  return incidents.flatMap((incident) => {
    const location = incident.lat !== null && incident.lon !== null ? { lat: incident.lat, lon: incident.lon } : undefined
    return (byPerson.get(incident.personId ?? '') ?? []).map((c) => ({
      topic: `notify/${c.id}`,
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
  })
}

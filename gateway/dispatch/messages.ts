import type pg from 'pg'
import { encode, type Codec, type DispatchMessage } from '../codec/wire.js'
import type { Outgoing } from '../storage/outgoing.js'
import type { DeviceNews } from './device-news.js'

/** Encodes a DispatchMessage for a responder in its codec and queues it on dispatch/{id}. */
export async function toResponder (client: pg.PoolClient, out: Outgoing, responderId: string, msg: DispatchMessage, codec?: Codec,
  seal?: (topic: string, payload: Buffer) => { keyId: string, blob: Buffer }): Promise<void> {
  let c = codec
  if (c === undefined) {
    const { rows } = await client.query<{ codec: Codec }>('SELECT codec FROM responders WHERE id = $1', [responderId])
    c = rows[0]?.codec ?? 'json'
  }
  const topic = `dispatch/${responderId}`
  const payload = encode('DispatchMessage', msg, c)
  // `seal`: the message carries what must not be stored in clear (a medical profile).
  out.add(topic, payload, 1, seal?.(topic, payload))
}

/**
 * "Help is coming" news for the device that raised the incident, on its ack topic, in its codec,
 * referring to its latest alert of the incident. An incident a dispatcher opened has no device to tell.
 */
export async function toDevice (client: pg.PoolClient, out: Outgoing, incident: { id: string, number: string, device_id: string | null }, ack: DeviceNews): Promise<void> {
  if (incident.device_id === null) return
  const { rows } = await client.query<{ codec: Codec, alert_id: string | null }>(
    `SELECT d.codec, (SELECT a.alert_id FROM alerts a WHERE a.incident_id = $1 AND a.device_id = d.id ORDER BY a.id DESC LIMIT 1) AS alert_id
       FROM devices d WHERE d.id = $2`, [incident.id, incident.device_id])
  if (rows.length === 0) return
  out.add(`dev/${incident.device_id}/ack`, encode('AlertAck', { alertId: rows[0].alert_id ?? undefined, incidentNumber: incident.number, ...ack }, rows[0].codec))
}

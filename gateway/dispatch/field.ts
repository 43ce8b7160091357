import type { ClientPrincipal } from '../../broker/acl.js'
import { decodeLocation, decodeReply, decodeStatus, DecodeError, type Codec } from '../codec/wire.js'
import { audit } from '../audit/log.js'
import { emitEvent } from '../events/emit.js'
import { INCIDENT_COLUMNS, type IncidentRow } from '../incidents/incident.js'
import { OFFER_TO_SEND_COLUMNS, type OfferToSend } from '../incidents/offer.js'
import type { DispatchEngine } from './engine.js'
import { handleReply } from './replies.js'
import { sendOffer, type OfferResponder } from './offers.js'
import { toResponder } from './messages.js'
import { transact } from '../storage/outgoing.js'
import { insertDeadLetter } from '../storage/dead-letters.js'
import type { DegradedDispatch } from './degraded.js'
import type { Roster } from './roster.js'
import { ResponderPositions } from './positions.js'

/** RESPONDER_POSITIONS_KEEP's default. */
export const DEFAULT_POSITIONS_KEEP = 1000

/**
 * Responders in the field over MQTT: replies, location, and sync (a reconnecting app asks for
 * what it is owed). Malformed payloads are answered on dispatch/{id} and kept as dead letters.
 */
export class ResponderField {
  /**
   * `degraded`: replies to offers made while PostgreSQL was away go there; `roster`: the node's own
   * view of where responders are, kept current from their location messages; `databaseAway`: the
   * node is degraded (a sync is then served from degraded dispatch alone); `positions`: where
   * location messages are written (rows, history, live events).
   */
  private readonly positions: ResponderPositions

  constructor (private readonly engine: DispatchEngine, private readonly own: { degraded?: DegradedDispatch, roster?: Roster, databaseAway?: () => boolean, positions?: ResponderPositions } = {}) {
    this.positions = own.positions ?? new ResponderPositions(engine.d.pool, DEFAULT_POSITIONS_KEEP)
  }

  private codec (p: ClientPrincipal): Codec {
    return p.codec ?? 'json'
  }

  async reply (p: ClientPrincipal, topic: string, raw: Buffer): Promise<void> {
    let reply
    try {
      reply = decodeReply(raw, this.codec(p), { maxBytes: 16 * 1024 })
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err
      await this.bad(p, topic, raw, err)
      return
    }
    const degraded = this.own.degraded
    if (degraded?.owns(reply) === true) {
      await degraded.reply(p, reply)
      return
    }
    // An offer another node made while degraded: that node answers it.
    if (degraded !== undefined && await degraded.forward(p, reply)) return
    await handleReply(this.engine, p, reply)
  }

  async location (p: ClientPrincipal, topic: string, raw: Buffer): Promise<void> {
    let loc
    try {
      loc = decodeLocation(raw, this.codec(p), { maxBytes: 4096 })
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err
      await this.bad(p, topic, raw, err)
      return
    }
    const { lat, lon } = loc
    if (lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      await this.bad(p, topic, raw, new DecodeError('bad_shape', `location ${String(lat)},${String(lon)} is out of range`))
      return
    }
    this.own.roster?.moved(p.id, lat, lon)
    const accuracyM = loc.accuracyM !== undefined && Number.isFinite(loc.accuracyM) && loc.accuracyM >= 0 ? loc.accuracyM : undefined
    await this.positions.report({ responderId: p.id, lat, lon, accuracyM })
  }

  /**
   * Re-sends every pending offer of this responder (the payload is ignored): those made here while
   * degraded, and PostgreSQL's unless it is away.
   */
  async sync (p: ClientPrincipal): Promise<number> {
    const made = await this.own.degraded?.sync(p.id) ?? 0
    if (this.own.databaseAway?.() === true) return made
    return made + await transact(this.engine.d.pool, this.engine.d.outbox, async (client, out) => {
      const { rows } = await client.query<OfferToSend>(
        `UPDATE offers SET attempt = attempt + 1 WHERE responder_id = $1 AND state = 'pending' AND expires_at > now()
         RETURNING ${OFFER_TO_SEND_COLUMNS}`, [p.id])
      const { rows: r } = await client.query<OfferResponder>('SELECT codec, roles FROM responders WHERE id = $1', [p.id])
      for (const o of rows) {
        const incident = (await client.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1`, [o.incident_id])).rows[0]
        await sendOffer(client, out, incident, o, r[0], this.engine.d)
      }
      return rows.length
    })
  }

  /**
   * The responder's own availability switch: available or off duty. Busy follows from an
   * assignment and is Flare's to end, so a busy responder's switch is refused with the reason.
   * Answered on dispatch/{id} with a result carrying the request's id.
   */
  async status (p: ClientPrincipal, topic: string, raw: Buffer): Promise<void> {
    let msg
    try {
      msg = decodeStatus(raw, this.codec(p), { maxBytes: 1024 })
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err
      await this.bad(p, topic, raw, err)
      return
    }
    const want = msg.status === 'AVAILABLE' ? 'available' : msg.status === 'OFF_DUTY' ? 'off_duty' : undefined
    if (want === undefined) {
      await this.bad(p, topic, raw, new DecodeError('bad_shape', `status must be AVAILABLE or OFF_DUTY, got ${String(msg.status ?? 'none')}`))
      return
    }
    const changed = await transact(this.engine.d.pool, this.engine.d.outbox, async (client, out) => {
      const { rows } = await client.query(
        `UPDATE responders SET status = $2 WHERE id = $1 AND revoked_at IS NULL AND status <> 'busy'
         RETURNING id, status, online, lat, lon, current_incident_id`, [p.id, want])
      const r = rows[0]
      const reason = r === undefined ? 'busy with an incident: Flare makes you available again when it is resolved or reassigned' : `status ${want}`
      if (r !== undefined) {
        await emitEvent(client, { type: 'responder.updated', at: new Date().toISOString(), responder: { id: r.id, status: r.status, online: r.online, lat: r.lat, lon: r.lon, currentIncidentId: r.current_incident_id } })
        await audit(client, { actor: `responder:${p.id}`, action: 'responder.status', targetType: 'responder', targetId: p.id, details: { status: want } })
      }
      await toResponder(client, out, p.id, { result: { replyId: msg.requestId ?? '', ok: r !== undefined, reason } }, this.codec(p))
      return r !== undefined
    })
    if (changed) this.own.roster?.setStatus(p.id, want)
  }

  private async bad (p: ClientPrincipal, topic: string, raw: Buffer, err: DecodeError): Promise<void> {
    const { pool } = this.engine.d
    await insertDeadLetter(pool, { principalId: p.id, topic, payload: raw, code: err.code, reason: err.message })
    await transact(pool, this.engine.d.outbox, async (client, out) => {
      await toResponder(client, out, p.id, { result: { ok: false, reason: `${err.code}: ${err.message}` } }, this.codec(p))
    })
  }
}

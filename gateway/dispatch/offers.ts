import type pg from 'pg'
import { encode, type AlertKindName } from '../codec/wire.js'
import { appendEvent } from '../incidents/timeline.js'
import type { DispatchPolicy } from '../rules/types.js'
import { enqueue } from './outbox.js'
import { nearestCandidates } from './select.js'
import type { OutboxMessage } from '../pipeline/types.js'

export interface OfferContext {
  incidentId: string
  incidentNumber: string
  kind: AlertKindName
  category: string
  priority: number
  deviceId: string
  triggeredAt: number
  location: { lat: number, lon: number, accuracyM?: number }
}

/**
 * Offers the incident to the nearest fitting responders (policy.count at once), inside the caller's
 * transaction: offer rows, their DispatchOffer messages in the outbox, and a timeline entry.
 */
export async function offerToNearest (client: pg.PoolClient, inc: OfferContext, policy: DispatchPolicy, radiusM = policy.radiusM): Promise<OutboxMessage[]> {
  const candidates = await nearestCandidates(client, {
    incidentId: inc.incidentId, lat: inc.location.lat, lon: inc.location.lon, roles: policy.roles, radiusM, limit: policy.count
  })
  if (candidates.length === 0) {
    await appendEvent(client, inc.incidentId, { actor: 'system', type: 'no_responder', reason: `no available ${policy.roles.join('/')} within ${Math.round(radiusM)} m` })
    return []
  }
  const { rows } = await client.query(
    `INSERT INTO offers (incident_id, responder_id, distance_m, expires_at)
     SELECT $1, unnest($2::text[]), unnest($3::float8[]), now() + make_interval(secs => $4)
     RETURNING id, responder_id, (extract(epoch FROM expires_at) * 1000)::bigint AS expires_ms`,
    [inc.incidentId, candidates.map(c => c.id), candidates.map(c => c.distanceM), policy.offerTimeoutS])
  const byResponder = new Map(candidates.map(c => [c.id, c]))
  const messages = rows.map((o) => {
    const responder = byResponder.get(o.responder_id)!
    const payload = encode('DispatchMessage', {
      offer: {
        offerId: o.id,
        incidentId: inc.incidentId,
        incidentNumber: inc.incidentNumber,
        kind: inc.kind,
        category: inc.category,
        priority: inc.priority,
        location: inc.location,
        expiresAtMs: Number(o.expires_ms),
        triggeredAtMs: inc.triggeredAt,
        deviceId: inc.deviceId,
        attempt: 1
      }
    }, responder.codec)
    return { topic: `dispatch/${responder.id}`, payload, qos: 1 as const }
  })
  await appendEvent(client, inc.incidentId, {
    actor: 'system',
    type: 'offered',
    data: { responders: candidates.map(c => ({ id: c.id, distanceM: Math.round(c.distanceM) })) }
  })
  return await enqueue(client, messages)
}

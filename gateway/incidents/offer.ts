/** The offers row, its column list, and the shape an incident's detail lists its offers in. */

export type OfferState = 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn'

/** An offers row (snake_case, as pg returns it). */
export type OfferRow = {
  id: string
  incident_id: string
  responder_id: string
  state: OfferState
  distance_m: number | null
  created_at: Date
  expires_at: Date
  delivered_at: Date | null
  answered_at: Date | null
  attempt: number
}

const COLUMN_NAMES = [
  'id', 'incident_id', 'responder_id', 'state', 'distance_m', 'created_at', 'expires_at', 'delivered_at', 'answered_at', 'attempt'
] as const satisfies ReadonlyArray<keyof OfferRow>

// A field of OfferRow missing from the list above is a compile error here.
type Unlisted = Exclude<keyof OfferRow, typeof COLUMN_NAMES[number]>
const everyColumnListed: [Unlisted] extends [never] ? true : Unlisted = true
void everyColumnListed

export const OFFER_COLUMNS = COLUMN_NAMES.join(', ')

/** What publishing an offer needs of its row (statements that make or re-send offers return these). */
const TO_SEND = ['id', 'incident_id', 'responder_id', 'expires_at', 'attempt'] as const satisfies ReadonlyArray<keyof OfferRow>
export type OfferToSend = Pick<OfferRow, typeof TO_SEND[number]>
export const OFFER_TO_SEND_COLUMNS = TO_SEND.join(', ')

/** An offer in GET /incidents/:id. */
export interface IncidentOffer {
  id: string
  responderId: string
  state: OfferState
  distanceM: number | null
  createdAt: string
  expiresAt: string
  deliveredAt: string | null
  answeredAt: string | null
  attempt: number
}

export function offerFromRow (r: OfferRow): IncidentOffer {
  return {
    id: r.id,
    responderId: r.responder_id,
    state: r.state,
    distanceM: r.distance_m,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    answeredAt: r.answered_at?.toISOString() ?? null,
    attempt: r.attempt
  }
}

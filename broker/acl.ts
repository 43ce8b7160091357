/**
 * The topic ACL, derived from the topic table (docs/architecture.md). Pure functions: nothing is granted by default.
 */

export type PrincipalKind = 'device' | 'responder' | 'contact' | 'anonymous'

export interface ClientPrincipal {
  kind: PrincipalKind
  id: string
  /** responders only: used for zone escalation subscriptions */
  roles?: string[]
  zones?: string[]
  /** devices and responders: how their payloads are encoded, so answers go back the same way */
  codec?: 'protobuf' | 'json'
  /** devices only, read once at CONNECT so the alert path needs no lookup */
  deviceKind?: 'button' | 'wearable' | 'phone'
  personId?: string | null
}

/** First topic levels of the v1 namespace; anonymous development clients stay out of them. */
export const RESERVED_ROOTS = new Set(['dev', 'dispatch', 'resp', 'notify', 'zone'])

/** Topics of the broker's own cross-node signalling; no client may publish or receive them. */
export const INTERNAL_PREFIX = '$flare/'

export function isReservedTopic (topic: string): boolean {
  if (topic.startsWith('$')) return true
  const root = topic.split('/', 1)[0]
  return RESERVED_ROOTS.has(root)
}

export function canPublish (p: ClientPrincipal, topic: string): boolean {
  if (topic.startsWith('$')) return false
  switch (p.kind) {
    case 'device':
      return topic === `dev/${p.id}/alert` || topic === `dev/${p.id}/telemetry`
    case 'responder':
      return topic === `resp/${p.id}/reply` || topic === `resp/${p.id}/location` || topic === `resp/${p.id}/sync` || topic === `resp/${p.id}/status`
    case 'contact':
      return false
    case 'anonymous':
      return !isReservedTopic(topic)
  }
}

export function canSubscribe (p: ClientPrincipal, filter: string): boolean {
  if (filter.startsWith('$')) return false
  switch (p.kind) {
    case 'device':
      return filter === `dev/${p.id}/ack`
    case 'responder': {
      if (filter === `dispatch/${p.id}`) return true
      const m = /^zone\/([^/+#]+)\/escalations$/.exec(filter)
      return m !== null && (p.roles ?? []).includes('supervisor') && (p.zones ?? []).includes(m[1])
    }
    case 'contact':
      return filter === `notify/${p.id}`
    case 'anonymous':
      // `#` or `+/x` may be granted, but forwarding still keeps reserved topics away (canReceive).
      return !RESERVED_ROOTS.has(filter.split('/', 1)[0])
  }
}

/** Checked on every forwarded message: wildcard grants never leak reserved topics. */
export function canReceive (p: ClientPrincipal, topic: string): boolean {
  if (topic.startsWith(INTERNAL_PREFIX)) return false
  if (p.kind === 'anonymous') return !isReservedTopic(topic)
  return true
}

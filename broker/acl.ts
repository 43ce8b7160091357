/**
 * The topic ACL, computed from the topic table (topic-table.ts). Pure functions: nothing is granted by default.
 */
import { TABLE_ROOTS, TOPIC_TABLE, type TopicHolder } from './topic-table.js'

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
export const RESERVED_ROOTS = TABLE_ROOTS

/** Topics of the broker's own cross-node signalling; no client may publish or receive them. */
export const INTERNAL_PREFIX = '$flare/'

export function isReservedTopic (topic: string): boolean {
  if (topic.startsWith('$')) return true
  const root = topic.split('/', 1)[0]
  return RESERVED_ROOTS.has(root)
}

function holds (p: ClientPrincipal, holder: TopicHolder): boolean {
  if (holder === 'supervisor') return p.kind === 'responder' && (p.roles ?? []).includes('supervisor')
  return p.kind === holder
}

/** A concrete topic (or a filter, whose wildcards then match nothing) against one table topic, for this client. */
function matches (p: ClientPrincipal, pattern: string, topic: string): boolean {
  const want = pattern.split('/')
  const have = topic.split('/')
  if (want.length !== have.length) return false
  return want.every((w, i) => {
    const level = have[i]
    if (!w.startsWith('{')) return w === level
    if (level === '' || level === '+' || level === '#') return false
    if (w === '{zone}') return (p.zones ?? []).includes(level)
    return w === `{${p.kind}}` && level === p.id
  })
}

export function canPublish (p: ClientPrincipal, topic: string): boolean {
  if (topic.startsWith('$')) return false
  if (p.kind === 'anonymous') return !isReservedTopic(topic)
  return TOPIC_TABLE.some((r) => r.publish !== 'gateway' && r.publish !== 'broker' && holds(p, r.publish) && matches(p, r.topic, topic))
}

export function canSubscribe (p: ClientPrincipal, filter: string): boolean {
  if (filter.startsWith('$')) return false
  // `#` or `+/x` may be granted, but forwarding still keeps reserved topics away (canReceive).
  if (p.kind === 'anonymous') return !RESERVED_ROOTS.has(filter.split('/', 1)[0])
  return TOPIC_TABLE.some((r) => r.subscribe !== 'nobody' && holds(p, r.subscribe) && matches(p, r.topic, filter))
}

/** Checked on every forwarded message: wildcard grants never leak reserved topics. */
export function canReceive (p: ClientPrincipal, topic: string): boolean {
  if (topic.startsWith(INTERNAL_PREFIX)) return false
  if (p.kind === 'anonymous') return !isReservedTopic(topic)
  return true
}

/**
 * The v1 topic table, declared once: the ACL (acl.ts) is computed from it, the tests generate their
 * cases from it, and docs/architecture.md shows it to people.
 */

/** A client that may hold a grant. `supervisor`: a responder with the supervisor role. */
export type TopicHolder = 'device' | 'responder' | 'contact' | 'supervisor'

export interface TopicRule {
  /**
   * Topic levels. `{device}`, `{responder}`, `{contact}` stand for an id of that kind and match only
   * the client's own id; `{zone}` matches only a zone the client lists. A wildcard never matches one.
   */
  topic: string
  /** the one client kind that may publish, or the server part that does */
  publish: TopicHolder | 'gateway' | 'broker'
  /** the one client kind that may subscribe, or nobody (consumed by the gateway, or not for MQTT clients) */
  subscribe: TopicHolder | 'nobody'
  qos: 0 | 1
  /** the payload's message in protos/flare.proto (or its proto3-JSON form); null: not a message (plain text, or ignored) */
  payload: string | null
}

export const TOPIC_TABLE: readonly TopicRule[] = [
  { topic: 'dev/{device}/alert', publish: 'device', subscribe: 'nobody', qos: 1, payload: 'Alert' },
  { topic: 'dev/{device}/telemetry', publish: 'device', subscribe: 'nobody', qos: 0, payload: 'Telemetry' },
  // Subscribed by dispatchers, who have no MQTT login yet.
  { topic: 'dev/{device}/status', publish: 'broker', subscribe: 'nobody', qos: 1, payload: null },
  { topic: 'dev/{device}/ack', publish: 'gateway', subscribe: 'device', qos: 1, payload: 'AlertAck' },
  { topic: 'dispatch/{responder}', publish: 'gateway', subscribe: 'responder', qos: 1, payload: 'DispatchMessage' },
  { topic: 'resp/{responder}/reply', publish: 'responder', subscribe: 'nobody', qos: 1, payload: 'ResponderReply' },
  { topic: 'resp/{responder}/location', publish: 'responder', subscribe: 'nobody', qos: 0, payload: 'Location' },
  { topic: 'resp/{responder}/sync', publish: 'responder', subscribe: 'nobody', qos: 1, payload: null },
  { topic: 'resp/{responder}/status', publish: 'responder', subscribe: 'nobody', qos: 1, payload: 'ResponderStatus' },
  { topic: 'notify/{contact}', publish: 'gateway', subscribe: 'contact', qos: 1, payload: 'ContactNotice' },
  { topic: 'zone/{zone}/escalations', publish: 'gateway', subscribe: 'supervisor', qos: 1, payload: 'Escalation' }
]

/** The first levels of the table's topics: the reserved namespace. */
export const TABLE_ROOTS: ReadonlySet<string> = new Set(TOPIC_TABLE.map((r) => r.topic.split('/', 1)[0]))

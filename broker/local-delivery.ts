/**
 * In cluster mode, a message for one client that is connected to this node is delivered on this node
 * and does not cross Redis. The topics it applies to are those of the topic table that one client
 * alone may subscribe to, the one named in the topic (`dev/{device}/ack`, `dispatch/{responder}`,
 * `notify/{contact}`): the ACL grants them to that id only, and a client id is held by one session in
 * the whole cluster, so when that client is here no other node can have a subscriber for it.
 *
 * What Redis carried that stays as it was: a message for a client on another node, or for none
 * (an offline persistent session's queue is filled by aedes' enqueue step from the shared
 * persistence, before and apart from the bus), and every other topic.
 */
import { TOPIC_TABLE } from './topic-table.js'
import { emitLocallyWhen, type MessageEmitter } from './aedes-internals.js'

interface OwnedTopic {
  /** the topic's levels; `null` where the owner's id stands */
  levels: Array<string | null>
  at: number
}

const OWNED: readonly OwnedTopic[] = TOPIC_TABLE.flatMap((r) => {
  if (r.subscribe !== 'device' && r.subscribe !== 'responder' && r.subscribe !== 'contact') return []
  const own = `{${r.subscribe}}`
  const raw = r.topic.split('/')
  const at = raw.indexOf(own)
  // Only a topic whose other levels are all literal names exactly one client.
  if (at < 0 || raw.some((l, i) => i !== at && l.startsWith('{'))) return []
  return [{ levels: raw.map((l, i) => i === at ? null : l), at }]
})

/** The id of the one client that may receive `topic`, or undefined when the topic is not such a topic. */
export function ownerOf (topic: string): string | undefined {
  const have = topic.split('/')
  for (const o of OWNED) {
    if (o.levels.length !== have.length) continue
    if (!o.levels.every((l, i) => l === null || l === have[i])) continue
    const id = have[o.at]
    return id === '' ? undefined : id
  }
  return undefined
}

/** From now on, a message whose one possible receiver `isHere` is delivered on this node only. */
export function deliverOwnedLocally (mq: MessageEmitter, isHere: (clientId: string) => boolean): void {
  emitLocallyWhen(mq, (message) => {
    const owner = ownerOf(message.topic)
    return owner !== undefined && isHere(owner)
  })
}

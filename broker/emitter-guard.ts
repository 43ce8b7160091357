import { emitterListen, type MessageEmitter } from './aedes-internals.js'

/**
 * Aedes' message bus (mqemitter 7) completes a message that no listener matches synchronously, and
 * when messages have queued up (more than its `concurrency` in flight, e.g. behind a subscriber
 * that stopped reading) it drains the queue by recursion: a long enough run of such messages
 * overflows the stack and the process dies (bare Aedes crashed in 3 of 3 floods; Flare too, in
 * the full benchmark's flood phase, before this guard). A listener on every topic that completes on
 * the next turn of the event loop makes every message asynchronous, so the queue drains iteratively.
 */
export function guardEmitter (mq: MessageEmitter): void {
  // On this node's matcher only: in cluster mode a `#` subscription in Redis would bring this node every message.
  emitterListen(mq)('#', (_message, done) => { setImmediate(done) })
}

/**
 * Messages the bus may have in flight at once. Aedes' default, 100, let one subscriber that stopped
 * reading hold every slot until its drain timeout, so delivery to everyone else stalled behind it.
 */
export const EMITTER_CONCURRENCY = 10_000

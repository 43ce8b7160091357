/**
 * Aedes' message bus (mqemitter 7) completes a message that no listener matches synchronously, and
 * when messages have queued up (more than its `concurrency` in flight, e.g. behind a subscriber
 * that stopped reading) it drains the queue by recursion: a long enough run of such messages
 * overflows the stack and the process dies (FIELD-NOTES: bare Aedes, 3 of 3 floods; Flare too, in
 * the full benchmark's flood phase, before this guard). A listener on every topic that completes on
 * the next turn of the event loop makes every message asynchronous, so the queue drains iteratively.
 */
export function guardEmitter (mq: any): void {
  // mqemitter-redis: register on the local matcher only (its `on` would also subscribe this node to
  // every topic in Redis).
  const on = typeof mq._on === 'function' ? mq._on.bind(mq) : mq.on.bind(mq)
  on('#', (_message: unknown, done: () => void) => { setImmediate(done) })
}

/**
 * Messages the bus may have in flight at once. Aedes' default, 100, let one subscriber that stopped
 * reading hold every slot until its drain timeout, so delivery to everyone else stalled behind it.
 */
export const EMITTER_CONCURRENCY = 10_000

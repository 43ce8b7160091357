import type { MqttClient } from 'mqtt'

/** Collects messages on a topic; `next()` resolves with the next one (or one already received). */
export function collect (client: MqttClient, topic: string): { messages: Buffer[], next: (timeoutMs?: number) => Promise<Buffer> } {
  const messages: Buffer[] = []
  const waiters: Array<(b: Buffer) => void> = []
  let taken = 0
  client.on('message', (t, payload) => {
    if (t !== topic) return
    messages.push(payload)
    const w = waiters.shift()
    if (w !== undefined) { taken++; w(payload) }
  })
  return {
    messages,
    next: async (timeoutMs = 10_000) => {
      if (taken < messages.length) return messages[taken++]
      return await new Promise<Buffer>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message on ${topic} within ${timeoutMs} ms`)), timeoutMs)
        waiters.push((b) => { clearTimeout(timer); resolve(b) })
      })
    }
  }
}

export async function subscribe (client: MqttClient, topic: string, qos: 0 | 1 = 1): Promise<number> {
  return await new Promise((resolve, reject) => {
    client.subscribe(topic, { qos }, (err, granted) => err ? reject(err) : resolve(granted?.[0]?.qos ?? -1))
  })
}

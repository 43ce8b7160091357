// MQTT connections as the simulated hardware makes them: one mqtt.js client per connection, clean
// session (responder apps keep a persistent one, so their PUBACKs mark offers delivered), no
// automatic reconnect (the firmware decides when to come back, as real firmware does), MQTT 3.1.1
// like the devices in the field.
import mqtt, { type MqttClient } from 'mqtt'

export interface Credentials {
  id: string
  secret: string
}

/**
 * `url` may list several brokers separated by commas (cluster nodes without a load balancer): they
 * are tried in order until one accepts, as firmware with a server list does when its node dies.
 */
export async function connectMqtt (url: string, who: Credentials, opts: { keepaliveS: number, timeoutMs?: number, clean?: boolean }): Promise<MqttClient> {
  const urls = url.split(',').map(u => u.trim()).filter(u => u !== '')
  let lastError: unknown
  for (const u of urls) {
    try {
      return await connectOne(u, who, opts)
    } catch (err) {
      lastError = err
    }
  }
  throw lastError ?? new Error('no broker URL')
}

async function connectOne (url: string, who: Credentials, opts: { keepaliveS: number, timeoutMs?: number, clean?: boolean }): Promise<MqttClient> {
  const client = mqtt.connect(url, {
    clientId: who.id,
    username: who.id,
    password: who.secret,
    protocolVersion: 4,
    clean: opts.clean ?? true,
    reconnectPeriod: 0,
    keepalive: opts.keepaliveS,
    connectTimeout: opts.timeoutMs ?? 10_000
  })
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve())
      client.once('error', reject)
      client.once('close', () => reject(new Error('connection closed before CONNACK')))
    })
  } catch (err) {
    client.end(true)
    throw err
  }
  // Errors after CONNACK are followed by 'close', which is what the callers act on; without a
  // listener an 'error' event would crash the process.
  client.removeAllListeners('error')
  client.on('error', () => {})
  return client
}

/** SUBSCRIBE; resolves with the granted QoS (128 = refused). */
export async function subscribe (client: MqttClient, topic: string, qos: 0 | 1): Promise<number> {
  return await new Promise((resolve, reject) => {
    client.subscribe(topic, { qos }, (err, granted) => err != null ? reject(err) : resolve(granted?.[0]?.qos ?? 128))
  })
}

/** Ends a client without hanging on a dead socket: a polite DISCONNECT if it goes out quickly, else a hard close. */
export async function closeQuietly (client: MqttClient, timeoutMs = 1000): Promise<void> {
  await Promise.race([client.endAsync().catch(() => {}), new Promise(resolve => setTimeout(resolve, timeoutMs).unref())])
  if (!client.disconnected) client.end(true)
}

// The MQTT connection over WebSocket (mqtt.js' browser build, a global from vendor/mqtt/).
// Reconnects by itself; a refused CONNACK (revoked, or the secret replaced) stops it for good.
// The browser's offline event ends the socket at once: a press then waits in the outbox rather
// than in a socket that may take a minute to notice it is dead.

/* global mqtt */
export function openLink (creds, { topics, onConnect, onMessage, onState, onRefused }) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${creds.mqtt.path}`
  let client = null
  let stopped = false

  const start = () => {
    if (stopped || client !== null) return
    onState('connecting')
    const c = mqtt.connect(url, {
      clientId: creds.mqtt.clientId,
      username: creds.mqtt.username,
      password: creds.secret,
      protocolVersion: 4,
      // A persistent session: QoS 1 news sent while the phone was away is delivered on return.
      clean: false,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      keepalive: 30
    })
    client = c
    c.on('connect', () => {
      onState('online')
      c.subscribe(topics, { qos: 1 }, () => onConnect())
    })
    c.on('message', (topic, payload) => {
      let body
      try { body = JSON.parse(new TextDecoder().decode(payload)) } catch { return }
      onMessage(topic, body)
    })
    c.on('close', () => { if (client === c && !stopped) onState(navigator.onLine ? 'connecting' : 'offline') })
    c.on('error', (err) => {
      // CONNACK 5: not authorised (revoked); 4: bad user name or password (a newer enrolment).
      if (err?.code === 5 || err?.code === 4) {
        stopped = true
        c.end(true)
        client = null
        onState('stopped')
        onRefused(err.code)
      }
    })
  }

  addEventListener('offline', () => {
    const c = client
    client = null
    c?.end(true)
    if (!stopped) onState('offline')
  })
  addEventListener('online', start)
  if (navigator.onLine) start(); else onState('offline')

  return {
    get connected () { return client?.connected === true },
    /** Resolves at the PUBACK (QoS 1) or once written (QoS 0); rejects without a connection. */
    publish (topic, body, qos = 1) {
      return new Promise((resolve, reject) => {
        const c = client
        if (c === null || !c.connected) { reject(new Error('not connected')); return }
        c.publish(topic, JSON.stringify(body), { qos }, (err) => (err ? reject(err) : resolve()))
      })
    }
  }
}

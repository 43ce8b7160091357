// The live feed (/api/v1/live): a snapshot on every (re)connect, then events. After a drop it
// reconnects with backoff; the fresh snapshot is the resync, so nothing missed meanwhile stays missing.
import { api } from './api.js'

export class LiveFeed {
  constructor ({ onSnapshot, onEvent, onStatus }) {
    this.onSnapshot = onSnapshot
    this.onEvent = onEvent
    this.onStatus = onStatus
    this.ws = null
    this.stopped = true
    this.attempt = 0
    this.timer = null
  }

  start () {
    this.stopped = false
    this.connect()
  }

  stop () {
    this.stopped = true
    clearTimeout(this.timer)
    if (this.ws !== null) this.ws.close(1000, 'logout')
    this.ws = null
  }

  connect () {
    if (this.stopped) return
    this.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting')
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`)
    this.ws = ws
    ws.addEventListener('message', (m) => {
      let msg
      try { msg = JSON.parse(m.data) } catch { return }
      if (msg.type === 'snapshot') {
        this.attempt = 0
        this.onSnapshot(msg)
        this.onStatus(msg.degraded === true ? 'degraded' : 'live')
      } else {
        this.onEvent(msg)
      }
    })
    ws.addEventListener('close', () => {
      if (this.ws !== ws || this.stopped) return
      this.ws = null
      this.onStatus('offline')
      this.attempt++
      // A refused upgrade looks like any drop; asking for the session tells an expired one apart
      // (api() then brings the login back) from a network or server that is away.
      void api('GET', '/api/v1/session').catch(() => {})
      const delay = Math.min(10_000, 500 * 2 ** Math.min(this.attempt - 1, 5))
      this.timer = setTimeout(() => this.connect(), delay)
    })
  }
}

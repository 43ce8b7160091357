// What a DC-09 run (`run --protocol dc09`) needs beyond an MQTT one: where the panels send, and
// the incidents of their alerts, which a DC-09 ACK does not name.
import type { FleetUrls } from '../fleet.js'
import type { RemoteState } from '../remote-types.js'
import type { Dc09Target } from './dc09-panel.js'

/** The incident number of each stored alert (`deviceId\nalertId`): a DC-09 ACK names none, so press→offer needs these. */
export function incidentNumbers (remote: RemoteState): Map<string, string> {
  const numbers = new Map(remote.incidents.map(i => [i.id, i.number]))
  const out = new Map<string, string>()
  for (const a of remote.alerts) {
    const n = a.incidentId === null ? undefined : numbers.get(a.incidentId)
    if (n !== undefined) out.set(`${a.deviceId}\n${a.alertId}`, n)
  }
  return out
}

/** Where a DC-09 run's panels send: the fleet's (or the caller's) urls.dc09, HOST:PORT. */
export function dc09Target (urls: FleetUrls, transport: 'tcp' | 'udp', panels: number): Dc09Target {
  if (panels === 0) throw new Error('the fleet has no alarm panels (provision some with --panels N)')
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(urls.dc09 ?? '')
  if (m === null) throw new Error(`a DC-09 run needs the receiver's address as HOST:PORT (urls.dc09${urls.dc09 === undefined ? '' : `, got "${urls.dc09}"`})`)
  return { host: m[1], port: Number(m[2]), transport }
}

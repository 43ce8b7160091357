// The human-readable end-of-run summary printed on stdout (the JSON report carries the same figures).
import type { InvariantResult, Violation } from './invariants.js'
import type { Report } from './report.js'
import type { LatencySummary } from './stats.js'

const ms = (v: number | null): string => (v === null ? '–' : v.toFixed(v < 100 ? 2 : 0))
const pad = (s: string | number, n: number): string => String(s).padStart(n)

function latencyRow (label: string, l: LatencySummary): string {
  return `  ${label.padEnd(16)}${pad(l.count, 8)}${pad(ms(l.p50), 10)}${pad(ms(l.p95), 10)}${pad(ms(l.p99), 10)}${pad(ms(l.max), 10)}`
}

export function formatViolations (violations: Violation[], limit = 50): string[] {
  const lines: string[] = []
  const counts = new Map<string, number>()
  for (const v of violations) counts.set(v.invariant, (counts.get(v.invariant) ?? 0) + 1)
  lines.push(`  ${[...counts].map(([k, n]) => `${k}: ${n}`).join(', ')}`)
  for (const v of violations.slice(0, limit)) {
    const where = [v.deviceId, v.alertId, v.incident].filter(x => x !== undefined).join(' ')
    lines.push(`  [${v.invariant}] ${where === '' ? '' : `${where}: `}${v.message}`)
  }
  if (violations.length > limit) lines.push(`  … and ${violations.length - limit} more (see the JSON report)`)
  return lines
}

export function formatInvariants (inv: Report['invariants']): string[] {
  if (inv.ok === null) return [`invariants  not checked (${(inv as { skipped: string }).skipped})`]
  const r = inv as InvariantResult
  const scope = `${r.checked.alerts} alerts, ${r.checked.incidents} incidents of this run, ${r.checked.correlationGroups} keys with several incidents, ${r.checked.dispatchNeeded} needing dispatch`
  if (r.ok) return [`invariants  OK (${scope})`]
  return [`invariants  ${r.violations.length} VIOLATION${r.violations.length === 1 ? '' : 'S'} (${scope})`, ...formatViolations(r.violations)]
}

function floodLines (r: Report): string[] {
  const f = r.flood
  if (f === undefined) return []
  const o = f.others
  return [
    '',
    `flood       ${f.flooders} device(s): ${f.qos0Sent} QoS 0 + ${f.qos1Sent} QoS 1 sent (${f.msgsPerS}/s), ${f.qos1Acked} PUBACKed; ${f.frozenResponders} responder(s) not reading`,
    `  others    pressed ${o.pressed}, answered ${o.answered}, unanswered ${o.unanswered}`,
    latencyRow('press → PUBACK', o.latencyMs.pressToPuback),
    latencyRow('press → offer', o.latencyMs.pressToOffer)
  ]
}

function outageLines (r: Report): string[] {
  const o = r.dbOutage
  if (o === undefined) return []
  return [
    '',
    `db outage   PostgreSQL cut at ${o.startS} s for ${o.durationS} s: pressed ${o.pressedDuring}, PUBACKed ${o.pubackedDuring} meanwhile`,
    latencyRow('  → PUBACK', o.pressToPubackDuringMs)
  ]
}

function dc09Lines (r: Report): string[] {
  const d = r.dc09
  if (d === undefined) return []
  const counts = (c: typeof d.sent): string => `${c.alarms} alarms, ${c.restores} restores, ${c.heartbeats} heartbeats`
  return [
    `dc09        ${d.transport.toUpperCase()}, ${d.panels} panels (${d.encryptedPanels} encrypted): ${d.alertsPerS} alarms/s ACKed`,
    `  sent      ${counts(d.sent)}`,
    `  ACKed     ${counts(d.acked)}`,
    `  replies   NAK ${d.naks}, DUH ${d.duh}, given up ${d.gaveUp}; ${d.retransmissions} retransmissions, ${d.strayReplies} stray replies`
  ]
}

export function formatReport (r: Report): string {
  const a = r.alerts
  const dc09 = r.dc09 !== undefined
  // A panel's ACK is both its PUBACK and its answer; it names no incident.
  const durable = dc09 ? 'ACKed' : 'PUBACKed'
  const lines = [
    `firmware-sim run ${r.runId}: scenario ${r.scenario}, seed ${r.seed}, ${r.durationS} s at --rate ${r.rate}${dc09 ? ', DC-09 panels' : ''}`,
    dc09
      ? `fleet       ${r.fleet.panels} alarm panels, ${r.fleet.responders} responders`
      : `fleet       ${r.fleet.buttons} buttons, ${r.fleet.wearables} wearables, ${r.fleet.phones} phones, ${r.fleet.responders} responders`,
    `alerts      pressed ${a.pressed}, malformed ${a.malformed}, buffered offline ${a.buffered}`,
    `            sent ${a.sent} (${a.publishes} ${dc09 ? 'transmissions' : 'publishes'}, ${a.retries} retries/replays), ${durable} ${a.pubacked}, answered ${a.answered}, unanswered ${a.unanswered}`,
    ...(dc09 ? dc09Lines(r) : [`acks        ACCEPTED ${r.acks.ACCEPTED}, DUPLICATE ${r.acks.DUPLICATE}, REJECTED ${r.acks.REJECTED}, UPDATE ${r.acks.UPDATE}`]),
    `incidents   ${dc09 ? '(DC-09 ACKs name none)' : `${r.incidents.distinct} named in acks`}${r.incidents.opened === null ? '' : `, ${r.incidents.opened} opened during the run`}`,
    `offers      received ${r.offers.received} (${r.offers.copies} copies), accepts ${r.offers.accepts}, refused ${r.offers.acceptsRefused}, declines ${r.offers.declines}, resolved ${r.offers.resolved}`,
    `connections ${r.connections.connects} connects, ${r.connections.connectFailures} failed, ${r.connections.plannedDrops} planned drops, ${r.connections.unplannedDrops} unplanned`,
    '',
    '  latency (ms)       count       p50       p95       p99       max',
    ...(dc09
      ? [latencyRow('press → ACK', r.latencyMs.pressToPuback), latencyRow('send → ACK', r.dc09!.sendToAckMs)]
      : [latencyRow('press → PUBACK', r.latencyMs.pressToPuback), latencyRow('press → ack', r.latencyMs.pressToAck)]),
    latencyRow('press → offer', r.latencyMs.pressToOffer),
    latencyRow('press → accept', r.latencyMs.pressToAccept),
    ...floodLines(r),
    ...outageLines(r),
    '',
    ...formatInvariants(r.invariants)
  ]
  if (r.warnings.length > 0) lines.push('', 'warnings', ...r.warnings.slice(0, 20).map(w => `  ${w}`))
  return lines.join('\n') + '\n'
}

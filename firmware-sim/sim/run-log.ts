// The run log: everything the simulated fleet did and saw, with times from one clock (clock.ts).
// The report and the invariant check are both computed from it, so `check` can re-run the check
// later from a saved log alone (plus what the REST API says).
import { readFile, writeFile } from 'node:fs/promises'
import type { Codec } from '../../gateway/codec/wire.js'
import type { DeviceKind, FleetUrls } from '../fleet.js'
import type { Malformation } from '../malformed.js'

export interface AckRecord {
  /** ACCEPTED | DUPLICATE | REJECTED (UPDATE acks are news, counted in RunLog.updates instead) */
  status: string
  atMs: number
  incidentNumber?: string
  reasonCode?: string
}

export interface AlertLogEntry {
  deviceId: string
  /**
   * the id the device gave the alert; a malformed payload may not carry it (see echoesAlertId). A
   * panel's is the one Flare derives from the message as last sent (empty until it is sent)
   */
  alertId: string
  seq: number
  kind: string
  /** index of the scenario phase that planned the press */
  phase: number
  malformed?: Malformation
  /** malformed only: whether Flare can read the alert id back out of the payload */
  echoesAlertId?: boolean
  pressedAtMs: number
  /** pressed while the device was offline, so sent later: excluded from the latency percentiles */
  buffered: boolean
  /** how often it was published (1 + retries and replays) */
  publishes: number
  firstPublishAtMs?: number
  /** the first PUBACK for any of its publishes (a panel's: its DC-09 ACK, which is also its answer) */
  pubackAtMs?: number
  /** AlertAcks that answered it: ACCEPTED, DUPLICATE or REJECTED */
  acks: AckRecord[]
}

export interface OfferLogEntry {
  offerId: string
  incidentId: string
  incidentNumber: string
  responderId: string
  deviceId?: string
  /** first receipt; re-sends of the same offer only bump `copies` */
  receivedAtMs: number
  copies: number
  withdrawnReason?: string
}

export interface ReplyLogEntry {
  responderId: string
  replyId: string
  action: string
  offerId?: string
  incidentId?: string
  sentAtMs: number
  sends: number
  resultAtMs?: number
  ok?: boolean
  reason?: string
}

/** What a `flood` phase did (absent from runs without one). */
export interface FloodLog {
  /** the devices that flooded and the responders that stopped reading */
  flooders: string[]
  frozen: string[]
  startedAtMs?: number
  endedAtMs?: number
  qos0Sent: number
  qos1Sent: number
  /** QoS 1 flood publishes Flare acknowledged */
  qos1Acked: number
  /** answers to the repeats of the flood's alert (DUPLICATE), left out of that alert's acks */
  repeatAcks: number
}

/** What the panels of a DC-09 run sent and got back, beyond their alarms' own entries. */
export interface Dc09Log {
  transport: 'tcp' | 'udp'
  /** panels with an AES key */
  encrypted: number
  /** messages sent at least once, and those ACKed, by what they were */
  sent: Dc09Counts
  acked: Dc09Counts
  /** every transmission, and those beyond a message's first (no reply in time, or the link lost) */
  transmissions: number
  retransmissions: number
  /** NAK replies (each makes the message go again with a fresh timestamp) */
  naks: number
  /** DUH replies: the receiver did not understand the message (final) */
  duh: number
  /** messages given up after too many NAKs */
  gaveUp: number
  /** replies for no message in flight: late answers to copies already answered */
  stray: number
  /** first transmission → ACK of every ACKed message, ms */
  sendToAckMs: number[]
}

export interface Dc09Counts { alarms: number, restores: number, heartbeats: number }

export function newDc09Log (transport: 'tcp' | 'udp', encrypted: number): Dc09Log {
  const counts = (): Dc09Counts => ({ alarms: 0, restores: 0, heartbeats: 0 })
  return { transport, encrypted, sent: counts(), acked: counts(), transmissions: 0, retransmissions: 0, naks: 0, duh: 0, gaveUp: 0, stray: 0, sendToAckMs: [] }
}

/** An MQTT device (with its codec), or an alarm panel (kind panel, no codec). */
export interface RunLogDevice { id: string, kind: DeviceKind | 'panel', codec?: Codec }
export interface RunLogResponder { id: string, roles: string[], zones: string[], lat: number, lon: number }

export interface RunLog {
  version: 1
  /** how the devices spoke: MQTT (absent in logs from before DC-09 runs), or DC-09 alarm panels */
  protocol?: 'mqtt' | 'dc09'
  /** prefix of every alert id of this run: alert ids stay unique per device across runs */
  runId: string
  scenario: string
  seed: number
  rate: number
  durationMs: number
  startedAtMs: number
  endedAtMs: number
  urls: FleetUrls
  devices: RunLogDevice[]
  responders: RunLogResponder[]
  alerts: AlertLogEntry[]
  offers: OfferLogEntry[]
  replies: ReplyLogEntry[]
  telemetrySent: number
  /** malformed payloads not sent because the device was offline at that moment (they model a glitch on the wire) */
  skippedMalformed: number
  /** UPDATE acks (assigned, en route, on scene, resolved news) */
  updates: number
  /** acks for no alert this run sent (e.g. news about an earlier run's incident) */
  unmatchedAcks: number
  connections: { connects: number, connectFailures: number, plannedDrops: number, unplannedDrops: number }
  flood?: FloodLog
  /** DC-09 runs only */
  dc09?: Dc09Log
  /** a db-outage fault: when Flare's path to PostgreSQL was cut and restored (ms, this clock) */
  dbOutage?: { cutAtMs: number, restoredAtMs: number }
  warnings: string[]
}

export async function writeRunLog (path: string, log: RunLog): Promise<void> {
  await writeFile(path, JSON.stringify(log) + '\n')
}

export async function readRunLog (path: string): Promise<RunLog> {
  let parsed: any
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    throw new Error(`cannot read run log ${path}: ${(err as Error).message}`)
  }
  if (parsed?.version !== 1 || typeof parsed.runId !== 'string' || !Array.isArray(parsed.alerts)) {
    throw new Error(`${path} is not a firmware-sim run log (written by \`run --log\`)`)
  }
  return parsed as RunLog
}

// The scenario model: a scenario is a list of phases (the JSON scenario file format, documented in
// firmware-sim/README.md); planning turns it into a time-ordered stream of SimEvents for a fleet.
import type { AlertKindName } from '../../gateway/codec/wire.js'
import type { DeviceKind } from '../fleet.js'
import type { Area } from '../geo.js'
import type { Malformation } from '../malformed.js'
import type { ResponderBehaviour } from '../sim/behaviour.js'

/**
 * - steady: Poisson presses spread over the participants
 * - storm: Poisson presses from the participants nearest one place (a burst from one area)
 * - bounce: bursts of several presses of one kind from one device within a short time
 * - offline: participants drop off at the start, press while offline, reconnect at the end (replay)
 * - fall: wearables report heart rate by telemetry and fall, some with a heart-rate spike
 * - flood: a few devices publish as fast as their socket takes it, and responders stop reading
 */
export const PHASE_TYPES = ['steady', 'storm', 'bounce', 'offline', 'fall', 'flood'] as const
export type PhaseType = typeof PHASE_TYPES[number]

export interface FlapFault {
  /** each participant drops its connection on average this often (Poisson), in seconds */
  everyS: number
  /** and stays away for about this long (0.5× to 1.5×), in seconds */
  downS: number
  /**
   * share (0..1) of the phase's presses after which the link dies within 1–15 ms, often before PUBACK
   * and AlertAck arrive (back after about downS): the firmware re-sends the same alertId, and Flare
   * must answer DUPLICATE when it had committed the first copy, ACCEPTED when it never got it
   */
  cutShare?: number
}

export interface Faults {
  /** share (0..1) of the phase's presses replaced by malformed payloads */
  garbage?: number
  /** which malformed payloads to use (default: all of them) */
  malformations?: Malformation[]
  flap?: FlapFault
}

export interface PhaseSpec {
  type: PhaseType
  /** a label for reports; default `<index>:<type>` */
  name?: string
  /** start and end as fractions of the run's --duration (default 0 and 1) */
  from?: number
  to?: number
  /** or absolute, in seconds from the start of the run (wins over from/to) */
  startS?: number
  durationS?: number
  /** only devices of these kinds take part (default: all; bounce: button; fall: wearable; alarm panels play every phase) */
  deviceKinds?: PlanKind[]
  /** share (0..1] of the matching devices that take part (default 1; storm 0.2; offline 0.3) */
  share?: number
  /** events per second across the participants: presses, or bursts for bounce. Default: --rate × rateScale */
  rate?: number
  rateScale?: number
  /** alert kinds, picked uniformly (repeat one to weight it) */
  kinds?: AlertKindName[]
  /** storm: the participants are the devices within this area (default: the `share` nearest a random device) */
  area?: Area
  /** bounce: presses per burst, [min, max] (default [3, 5]) */
  presses?: [number, number]
  /** bounce: a burst's presses fall within this many ms (default 1000) */
  withinMs?: number
  /** fall: share of falls with a heart-rate spike (≥ 120 bpm, the built-in medical rule) (default 0.5) */
  highHeartRateShare?: number
  /** fall: seconds between a wearable's telemetry readings (default 5; 0: none) */
  telemetryEveryS?: number
  /** flood: how many devices flood (default 1); they take part in no other phase */
  flooders?: number
  /** flood: how many of the fleet's responders stop reading their connection meanwhile (default 1) */
  frozenResponders?: number
  /** flood: share of the flood sent at QoS 1 (repeats of one alert); the rest is QoS 0 telemetry (default 0.5) */
  qos1Share?: number
  faults?: Faults
}

export interface Scenario {
  name: string
  description?: string
  phases: PhaseSpec[]
  /** how simulated responders behave in this scenario (overridable from the command line) */
  responders?: Partial<ResponderBehaviour>
}

interface EventBase {
  /** ms after the start of the run */
  atMs: number
  /** the device it concerns (freeze and thaw: the responder) */
  deviceId: string
  /** index of the phase that planned it */
  phase: number
}

export type SimEvent =
  | EventBase & {
    type: 'press'
    kind: AlertKindName
    heartRateBpm?: number
    /** bounce: the burst it belongs to */
    burst?: number
    /** flap cutShare: the link dies this many ms after this alert is sent */
    cutAfterMs?: number
  }
  | EventBase & { type: 'malformed', malformation: Malformation }
  | EventBase & { type: 'disconnect' }
  | EventBase & { type: 'reconnect' }
  | EventBase & { type: 'telemetry', heartRateBpm?: number }
  /** flood: press `kind` once, then re-send that alert (QoS 1) and telemetry (QoS 0) as fast as the socket takes them */
  | EventBase & { type: 'flood-start', kind: AlertKindName, qos1Share: number }
  /** flood: stop, and reboot (the link is reset, dropping what the socket still held) */
  | EventBase & { type: 'flood-stop' }
  /** a responder's app stops reading its connection (it stays subscribed), and is restarted */
  | EventBase & { type: 'freeze' }
  | EventBase & { type: 'thaw' }

/** What a plan knows a device as: an MQTT device's kind, or an alarm panel (DC-09). */
export type PlanKind = DeviceKind | 'panel'

/** The devices a plan can use: what the fleet says about them, no secrets. */
export interface PlanDevice {
  id: string
  kind: PlanKind
  lat: number
  lon: number
}

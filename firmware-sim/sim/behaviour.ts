// Knobs for how simulated firmware and responders behave, with defaults that keep a run short.

export interface FirmwareBehaviour {
  /** re-publish an alert (same alertId) when no AlertAck came within this long */
  ackTimeoutMs: number
  /** the retry wait doubles up to this */
  maxBackoffMs: number
  /** after an unplanned connection loss, the firmware tries again after this long (doubling, capped) */
  reconnectDelayMs: number
  /** MQTT keepalive in seconds */
  keepaliveS: number
}

export const DEFAULT_FIRMWARE: FirmwareBehaviour = {
  ackTimeoutMs: 5000,
  maxBackoffMs: 30_000,
  reconnectDelayMs: 1000,
  keepaliveS: 30
}

/** Alarm panels (`run --protocol dc09`); the reply timeout and reconnect delay are FirmwareBehaviour's. */
export interface PanelBehaviour {
  /** each panel sends a heartbeat this often (0: none), starting at a random moment within the first */
  heartbeatMs: number
  /** a NULL link test, or a Contact ID 602 periodic test (stored by Flare as a TEST alert) */
  heartbeat: 'null' | '602'
  /** an alarm's restore (Contact ID qualifier 3) follows its ACK after [min, max] ms */
  restoreMs: [number, number]
}

export const DEFAULT_PANELS: PanelBehaviour = {
  heartbeatMs: 30_000,
  heartbeat: 'null',
  restoreMs: [1000, 3000]
}

export interface ResponderBehaviour {
  /** chance (0..1) that a responder who is free accepts an offer; otherwise it declines */
  acceptProbability: number
  /** think time before answering an offer, uniform in [min, max] ms */
  thinkMs: [number, number]
  /** travel speed towards the incident, metres per second */
  speedMps: number
  /** trips are cut short after this long (runs are minutes, cities are kilometres) */
  maxTravelMs: number
  /** a location update on resp/{id}/location this often while travelling */
  locationEveryMs: number
  /** time on scene before RESOLVED */
  onSceneMs: number
  /** re-send a reply (same replyId) when Flare's ReplyResult did not come within this long */
  replyTimeoutMs: number
}

export const DEFAULT_RESPONDERS: ResponderBehaviour = {
  acceptProbability: 0.8,
  thinkMs: [200, 1500],
  speedMps: 50,
  maxTravelMs: 5000,
  locationEveryMs: 1000,
  onSceneMs: 2000,
  replyTimeoutMs: 5000
}

/** Checks a (possibly partial, user-given) responder behaviour; returns the problems found. */
export function responderBehaviourProblems (b: Partial<ResponderBehaviour>): string[] {
  const problems: string[] = []
  const nonNegative = (k: keyof ResponderBehaviour): void => {
    const v = b[k]
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) problems.push(`${k} must be a number ≥ 0`)
  }
  if (b.acceptProbability !== undefined && !(b.acceptProbability >= 0 && b.acceptProbability <= 1)) problems.push('acceptProbability must be within 0..1')
  if (b.thinkMs !== undefined && !(Array.isArray(b.thinkMs) && b.thinkMs.length === 2 && b.thinkMs[0] >= 0 && b.thinkMs[1] >= b.thinkMs[0])) {
    problems.push('thinkMs must be [min, max] with 0 ≤ min ≤ max')
  }
  for (const k of ['speedMps', 'maxTravelMs', 'onSceneMs'] as const) nonNegative(k)
  for (const k of ['locationEveryMs', 'replyTimeoutMs'] as const) {
    nonNegative(k)
    if (b[k] === 0) problems.push(`${k} must be > 0`)
  }
  return problems
}

/**
 * The incident lifecycle, defined once: the states, the transitions between them, and the groups
 * of states every SQL filter and schema uses (they are derived here, never spelled out elsewhere).
 *
 * NEW → ASSIGNED → EN_ROUTE → ON_SCENE → RESOLVED → CLOSED; back to ASSIGNED (reassignment) from
 * any active state; any state that is not terminal → CANCELLED.
 *
 * The database checks the same lists (the CHECK on incidents.state and the partial unique index
 * on open correlation keys); test/gateway/incidents/lifecycle.test.ts fails when they drift apart.
 */

export const INCIDENT_STATES = ['NEW', 'ASSIGNED', 'EN_ROUTE', 'ON_SCENE', 'RESOLVED', 'CLOSED', 'CANCELLED'] as const

export type IncidentState = typeof INCIDENT_STATES[number]

const NEXT: Readonly<Record<IncidentState, readonly IncidentState[]>> = {
  NEW: ['ASSIGNED', 'CANCELLED'],
  ASSIGNED: ['EN_ROUTE', 'ASSIGNED', 'CANCELLED'],
  EN_ROUTE: ['ON_SCENE', 'ASSIGNED', 'CANCELLED'],
  ON_SCENE: ['RESOLVED', 'ASSIGNED', 'CANCELLED'],
  RESOLVED: ['CLOSED', 'CANCELLED'],
  CLOSED: [],
  CANCELLED: []
}

/** Where help has arrived and finished: the goal every open incident is on its way to. */
const DONE: IncidentState = 'RESOLVED'
/** The state an assignment (and a reassignment) moves to. */
const ASSIGNED: IncidentState = 'ASSIGNED'

export function allowedNext (state: IncidentState): IncidentState[] {
  return [...(NEXT[state] ?? [])]
}

export function canTransition (from: IncidentState, to: IncidentState): boolean {
  return allowedNext(from).includes(to)
}

export function isIncidentState (s: unknown): s is IncidentState {
  return typeof s === 'string' && (INCIDENT_STATES as readonly string[]).includes(s)
}

/** Every state reachable from `from` in one or more transitions. */
function reachable (from: IncidentState): Set<IncidentState> {
  const seen = new Set<IncidentState>()
  const todo = [...NEXT[from]]
  while (todo.length > 0) {
    const s = todo.pop() as IncidentState
    if (seen.has(s)) continue
    seen.add(s)
    todo.push(...NEXT[s])
  }
  return seen
}

/** No way out: CLOSED, CANCELLED. */
export const TERMINAL_STATES: readonly IncidentState[] = INCIDENT_STATES.filter(s => NEXT[s].length === 0)

/**
 * Still on the way to RESOLVED: NEW, ASSIGNED, EN_ROUTE, ON_SCENE. Alerts join only open incidents,
 * dashboards show them, and a responder is busy on one.
 */
export const OPEN_STATES: readonly IncidentState[] = INCIDENT_STATES.filter(s => s !== DONE && reachable(s).has(DONE))

/** Not open any more (RESOLVED, CLOSED, CANCELLED): the states the open-correlation index leaves out. */
export const ENDED_STATES: readonly IncidentState[] = INCIDENT_STATES.filter(s => !OPEN_STATES.includes(s))

/** Someone is assigned and may be replaced: the states after ASSIGNED that can go back to it (ASSIGNED, EN_ROUTE, ON_SCENE). */
export const ACTIVE_STATES: readonly IncidentState[] = INCIDENT_STATES.filter(s => (s === ASSIGNED || reachable(ASSIGNED).has(s)) && NEXT[s].includes(ASSIGNED))

export function isOpen (state: IncidentState): boolean {
  return OPEN_STATES.includes(state)
}

/**
 * States as an SQL list for interpolation: `'NEW', 'ASSIGNED'`. Safe because the values come from
 * INCIDENT_STATES only (checked here), never from input.
 */
export function sqlStates (states: readonly IncidentState[]): string {
  if (states.length === 0) throw new Error('sqlStates: an empty list would be invalid SQL')
  return states.map((s) => {
    if (!isIncidentState(s)) throw new Error(`sqlStates: not an incident state: ${String(s)}`)
    return `'${s}'`
  }).join(', ')
}

/**
 * "`column` is an open incident's state", written as the open-correlation index's predicate is
 * (`NOT IN` the ended states): PostgreSQL uses a partial index, and infers it for ON CONFLICT,
 * only when a query's condition matches the index's own.
 */
export function openStateSql (column = 'state'): string {
  return `${column} NOT IN (${sqlStates(ENDED_STATES)})`
}

export class InvalidTransition extends Error {
  constructor (readonly from: IncidentState, readonly to: IncidentState, readonly allowed: IncidentState[]) {
    super(`cannot go from ${from} to ${to}; allowed next: ${allowed.length === 0 ? 'none (terminal)' : allowed.join(', ')}`)
    this.name = 'InvalidTransition'
  }
}

export class IncidentNotFound extends Error {
  constructor (readonly id: string) {
    super(`no incident "${id}"`)
  }
}

// What the console knows, shared by its views: the user, the open incidents, the responders.
export const OPEN_STATES = ['NEW', 'ASSIGNED', 'EN_ROUTE', 'ON_SCENE']

export const state = {
  user: null,
  incidents: new Map(),
  responders: new Map(),
  /** incident ids that arrived live and the dispatcher has not acknowledged yet */
  unacknowledged: new Set(),
  live: 'connecting'
}

const listeners = new Map()

export function on (topic, fn) {
  if (!listeners.has(topic)) listeners.set(topic, [])
  listeners.get(topic).push(fn)
}

export function emit (topic, ...args) {
  for (const fn of listeners.get(topic) ?? []) fn(...args)
}

/** Dispatchers and admins act; viewers only look (the server refuses them anyway). */
export function canAct () {
  return state.user !== null && (state.user.role === 'dispatcher' || state.user.role === 'admin')
}

/** Admins alone change alarm accounts and webhooks (the server refuses others anyway). */
export function isAdmin () {
  return state.user?.role === 'admin'
}

/** Most urgent first (priority 1), then the longest waiting. */
export function boardOrder (a, b) {
  if (a.priority !== b.priority) return a.priority - b.priority
  const ta = Date.parse(a.firstTriggeredAt ?? a.openedAt ?? 0)
  const tb = Date.parse(b.firstTriggeredAt ?? b.openedAt ?? 0)
  if (ta !== tb) return ta - tb
  return a.id < b.id ? -1 : 1
}

/** What the responder is doing, for the map and the lists: offline wins over the duty status. */
export function responderStatus (r) {
  if (r.online === false) return 'offline'
  return r.status ?? 'available'
}

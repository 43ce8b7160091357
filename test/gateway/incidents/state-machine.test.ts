import t from 'tap'
import {
  ACTIVE_STATES, allowedNext, canTransition, ENDED_STATES, INCIDENT_STATES, InvalidTransition, isOpen, OPEN_STATES,
  openStateSql, sqlStates, TERMINAL_STATES, type IncidentState
} from '../../../gateway/incidents/state-machine.js'

t.test('the transition table, state by state', async (t) => {
  const expected: Record<IncidentState, IncidentState[]> = {
    NEW: ['ASSIGNED', 'CANCELLED'],
    ASSIGNED: ['EN_ROUTE', 'ASSIGNED', 'CANCELLED'],
    EN_ROUTE: ['ON_SCENE', 'ASSIGNED', 'CANCELLED'],
    ON_SCENE: ['RESOLVED', 'ASSIGNED', 'CANCELLED'],
    RESOLVED: ['CLOSED', 'CANCELLED'],
    CLOSED: [],
    CANCELLED: []
  }
  t.same([...INCIDENT_STATES], Object.keys(expected), 'every state, in lifecycle order')
  for (const s of INCIDENT_STATES) t.same(allowedNext(s), expected[s], `${s} → ${expected[s].join(', ') || 'nothing'}`)
})

t.test('terminal states have no way out; everything else can be cancelled', async (t) => {
  t.same(TERMINAL_STATES, ['CLOSED', 'CANCELLED'])
  for (const s of TERMINAL_STATES) t.same(allowedNext(s), [], `${s} is terminal`)
  for (const s of INCIDENT_STATES.filter(s => !TERMINAL_STATES.includes(s))) t.ok(canTransition(s, 'CANCELLED'), `${s} → CANCELLED`)
})

t.test('reassignment: every active state goes back to ASSIGNED, NEW is assigned, nothing after ON_SCENE is', async (t) => {
  t.same(ACTIVE_STATES, ['ASSIGNED', 'EN_ROUTE', 'ON_SCENE'])
  for (const s of ACTIVE_STATES) t.ok(canTransition(s, 'ASSIGNED'), `${s} → ASSIGNED`)
  t.ok(canTransition('NEW', 'ASSIGNED'), 'NEW → ASSIGNED is the first assignment')
  for (const s of ['RESOLVED', 'CLOSED', 'CANCELLED'] as const) t.notOk(canTransition(s, 'ASSIGNED'), `${s} cannot be reassigned`)
})

t.test('no skipping ahead: the field states come in order', async (t) => {
  t.notOk(canTransition('NEW', 'EN_ROUTE'))
  t.notOk(canTransition('NEW', 'RESOLVED'))
  t.notOk(canTransition('ASSIGNED', 'ON_SCENE'))
  t.notOk(canTransition('EN_ROUTE', 'RESOLVED'))
  t.notOk(canTransition('ON_SCENE', 'CLOSED'))
  t.notOk(canTransition('RESOLVED', 'NEW'))
})

t.test('open and ended states split the lifecycle in two', async (t) => {
  t.same(OPEN_STATES, ['NEW', 'ASSIGNED', 'EN_ROUTE', 'ON_SCENE'])
  t.same(ENDED_STATES, ['RESOLVED', 'CLOSED', 'CANCELLED'])
  t.same([...OPEN_STATES, ...ENDED_STATES].sort(), [...INCIDENT_STATES].sort())
  t.ok(isOpen('ON_SCENE'))
  t.notOk(isOpen('RESOLVED'))
})

t.test('states as SQL', async (t) => {
  t.equal(sqlStates(OPEN_STATES), "'NEW', 'ASSIGNED', 'EN_ROUTE', 'ON_SCENE'")
  t.equal(openStateSql('i.state'), "i.state NOT IN ('RESOLVED', 'CLOSED', 'CANCELLED')", 'written as the partial index predicate is')
  t.equal(openStateSql(), "state NOT IN ('RESOLVED', 'CLOSED', 'CANCELLED')")
  t.throws(() => sqlStates([]), 'an empty list is refused')
  t.throws(() => sqlStates(["NEW') OR (1=1" as IncidentState]), 'only states of the lifecycle are interpolated')
})

t.test('InvalidTransition names the allowed next states', async (t) => {
  const e = new InvalidTransition('CLOSED', 'NEW', allowedNext('CLOSED'))
  t.equal(e.message, 'cannot go from CLOSED to NEW; allowed next: none (terminal)')
  t.equal(new InvalidTransition('NEW', 'RESOLVED', allowedNext('NEW')).message, 'cannot go from NEW to RESOLVED; allowed next: ASSIGNED, CANCELLED')
})

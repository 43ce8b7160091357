// The board: the open incidents as last read, kept current from live events; the dashboards'
// snapshot while PostgreSQL is away.
import t from 'tap'
import { OpenBoard } from '../../../gateway/live/board.js'
import type { SnapshotIncident } from '../../../gateway/live/snapshot.js'
import type { IncidentEventBody } from '../../../gateway/incidents/incident.js'

const body = (id: string, over: Partial<IncidentEventBody> = {}): IncidentEventBody => ({
  id, number: id, state: 'NEW', priority: 2, category: 'security', kind: 'PANIC', zoneId: null, lat: -33.9, lon: 18.4, assignedResponderId: null, ...over
})
const read = (id: string, over: Partial<SnapshotIncident> = {}): SnapshotIncident => ({
  ...body(id), alertCount: 3, escalationLevel: 1, firstTriggeredAt: '2026-12-01T10:00:00.000Z', openedAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z', ...over
})

t.test('events open, move and end incidents on the board read from PostgreSQL', async (t) => {
  const board = new OpenBoard()
  board.reset({ incidents: [read('a'), read('b', { priority: 1, openedAt: '2026-12-01T11:00:00.000Z' })], truncated: false })
  board.apply({ type: 'incident.transition', at: '2026-12-01T12:00:00.000Z', incident: body('a', { state: 'ASSIGNED', assignedResponderId: 'r1' }), from: 'NEW', to: 'ASSIGNED', actor: 'responder:r1' })
  board.apply({ type: 'incident.opened', at: '2026-12-01T12:01:00.000Z', incident: body('P-n-1', { priority: 1, zoneId: 'north' }), detail: { provisional: true } })
  board.apply({ type: 'incident.transition', at: '2026-12-01T12:02:00.000Z', incident: body('b', { priority: 1, state: 'RESOLVED' }), from: 'ON_SCENE', to: 'RESOLVED', actor: 'responder:r2' })
  board.apply({ type: 'responder.updated', at: '2026-12-01T12:03:00.000Z', responder: { id: 'r1', status: 'busy' } })

  const snap = board.snapshot({})
  t.equal(snap.degraded, true, 'marked: it comes from the board, not from PostgreSQL')
  t.same(snap.incidents.map(i => i.id), ['P-n-1', 'a'], 'most urgent first; the resolved one is gone')
  t.match(snap.incidents[1], { state: 'ASSIGNED', assignedResponderId: 'r1', alertCount: 3, escalationLevel: 1, openedAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T12:00:00.000Z' },
    'an event updates what it carries and keeps what only the read had')
  t.match(snap.incidents[0], { alertCount: 1, openedAt: '2026-12-01T12:01:00.000Z' }, 'an incident first seen in an event starts with its time')
  t.same(board.snapshot({ zones: ['north'] }).incidents.map(i => i.id), ['P-n-1'], 'the dashboard\'s filter applies')
  t.same(board.snapshot({ maxPriority: 1 }).incidents.map(i => i.id), ['P-n-1'])

  board.reset({ incidents: [read('c')], truncated: true })
  t.same(board.snapshot({}).incidents.map(i => i.id), ['c'], 'a new read replaces the board')
  t.equal(board.snapshot({}).truncated, true, 'and says when the read was cut short')
})

t.test('while PostgreSQL is away the board is bounded: past its limit the least urgent are let go, and snapshots say so', async (t) => {
  const board = new OpenBoard(8)
  board.reset({ incidents: [read('read-1', { priority: 1 })], truncated: false })
  for (let n = 1; n <= 9; n++) {
    board.apply({ type: 'incident.opened', at: `2026-12-01T12:${String(n).padStart(2, '0')}:00.000Z`, incident: body(`P-${n}`, { priority: n === 9 ? 1 : 3 }), detail: { provisional: true } })
  }
  const snap = board.snapshot({})
  t.equal(board.size, 7, 'the ninth entry cut it to three quarters of the limit; one more came after')
  t.equal(snap.truncated, true)
  t.same(snap.incidents.map(i => i.id), ['read-1', 'P-9', 'P-1', 'P-2', 'P-3', 'P-4', 'P-5'],
    'the most urgent stay, then the oldest: the newest of the least urgent (P-6 to P-8) went')
  board.reset({ incidents: [read('read-2')], truncated: false })
  t.equal(board.snapshot({}).truncated, false, 'a new read starts afresh')
})

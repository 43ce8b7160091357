// Incidents dispatchers open (a phone call, a walk-in) and correct, over REST, with real responders
// over MQTT: the offer reaches the nearest fitting one like an alert's would.
import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { HERE, nextOf, reply, responderAt } from '../dispatch/responders.js'
import { keyWithRole } from './keys.js'
import { dashboard, liveUrl } from '../live/support.js'
import { createUser, logIn } from './people.js'

t.test('a phone incident is dispatched: the offer reaches the nearest fitting responder over MQTT', async (t) => {
  const f = await startTestFlare(t)
  const dispatcher = await keyWithRole(f, 'dispatcher')
  const near = await responderAt(f, t, 'Near', 0.001)
  const far = await responderAt(f, t, 'Far', 0.01)
  const medic = await responderAt(f, t, 'Medic', 0.0005, ['medic'])
  const person = await f.api('POST', '/api/v1/persons', { name: 'Thandi Mokoena' })
  t.equal(person.status, 201)

  const res = await f.api('POST', '/api/v1/incidents', {
    category: 'security',
    description: 'Caller hears breaking glass next door',
    lat: HERE.lat,
    lon: HERE.lon,
    address: '12 Long Street',
    source: 'phone',
    personId: person.body.id,
    callerName: 'Mrs Naidoo',
    callerPhone: '+27 21 555 0101'
  }, dispatcher)
  t.equal(res.status, 201, JSON.stringify(res.body))
  const inc = res.body
  t.match(inc, {
    state: 'NEW',
    category: 'security',
    kind: 'REPORT',
    ruleId: 'panic',
    priority: 1,
    source: 'phone',
    description: 'Caller hears breaking glass next door',
    address: '12 Long Street',
    deviceId: null,
    deviceName: null,
    personId: person.body.id,
    personName: 'Thandi Mokoena',
    callerName: 'Mrs Naidoo',
    callerPhone: '+27 21 555 0101',
    lat: HERE.lat,
    lon: HERE.lon,
    alertCount: 0,
    alerts: [],
    pendingOffers: 1,
    assignedResponder: null
  })
  t.ok(inc.number.startsWith('INC-'))
  t.ok(inc.locationUpdatedAt !== null)
  t.same(inc.locations.map((l: any) => [l.source, l.lat, l.lon]), [['dispatcher', HERE.lat, HERE.lon]])
  const opened = inc.timeline[0]
  t.match(opened, { type: 'opened', toState: 'NEW', reason: 'phone report from Mrs Naidoo', data: { source: 'phone', rule: 'panic' } })
  t.match(opened.actor, /^api:test dispatcher#\d+$/, 'the actor is the dispatcher')
  t.ok(inc.timeline.some((e: any) => e.type === 'offered'))

  const offer = await nextOf(near.inbox, 'offer')
  t.match(offer, { incidentId: inc.id, incidentNumber: inc.number, category: 'security', priority: 1, personName: 'Thandi Mokoena', location: { lat: HERE.lat, lon: HERE.lon } })
  t.notOk('deviceId' in offer, 'no device')
  t.notOk('kind' in offer, 'no alert kind')
  t.equal(far.inbox.messages.length, 0, 'one offer at a time (count 1): the nearest')
  t.equal(medic.inbox.messages.length, 0, 'a medic is not a security responder')

  await reply(near, { action: 'ACCEPT', offerId: offer.offerId })
  await nextOf(near.inbox, 'result')
  const after = await f.api('GET', `/api/v1/incidents/${inc.id}`)
  t.match(after.body, { state: 'ASSIGNED', assignedResponder: { id: near.id, name: 'Near' }, pendingOffers: 0 })
  const audit = await f.api('GET', '/api/v1/audit?action=incident.create')
  t.match(audit.body.items[0], { action: 'incident.create', targetId: inc.id, details: { source: 'phone', category: 'security' } })

  // the list item has the same shape, and a device filter leaves it out
  const list = await f.api('GET', '/api/v1/incidents')
  t.match(list.body.items.find((i: any) => i.id === inc.id), { source: 'phone', deviceId: null, assignedResponder: { id: near.id, name: 'Near' }, personName: 'Thandi Mokoena' })
  t.equal((await f.api('GET', '/api/v1/incidents?device=nobody')).body.items.length, 0)
})

t.test('a walk-in without a position: no offers until a dispatcher places it, then dispatch starts', async (t) => {
  const f = await startTestFlare(t)
  const medic = await responderAt(f, t, 'Medic', 0.002, ['medic'])
  const res = await f.api('POST', '/api/v1/incidents', { category: 'medical', kind: 'MEDICAL', source: 'walk_in', description: 'Chest pain at the front desk' })
  t.equal(res.status, 201, JSON.stringify(res.body))
  t.match(res.body, { ruleId: 'medical', kind: 'MEDICAL', priority: 1, lat: null, lon: null, locationUpdatedAt: null, pendingOffers: 0, locations: [] })
  t.ok(res.body.timeline.some((e: any) => e.type === 'no_location'))

  const patched = await f.api('PATCH', `/api/v1/incidents/${res.body.number}`, { lat: HERE.lat, lon: HERE.lon, address: 'Front desk, Block B' })
  t.equal(patched.status, 200, JSON.stringify(patched.body))
  t.match(patched.body, { lat: HERE.lat, lon: HERE.lon, address: 'Front desk, Block B', pendingOffers: 1 })
  const offer = await nextOf(medic.inbox, 'offer')
  t.equal(offer.incidentId, res.body.id)
  const detail = (await f.api('GET', `/api/v1/incidents/${res.body.id}`)).body
  t.same(detail.locations.map((l: any) => l.source), ['dispatcher'])
  const types = detail.timeline.map((e: any) => e.type)
  t.ok(types.includes('located') && types.includes('offered'), 'located, then offered')
})

t.test('PATCH: a timeline entry per changed field, a live event, 409 once closed', async (t) => {
  const f = await startTestFlare(t)
  const created = (await f.api('POST', '/api/v1/incidents', { category: 'security', source: 'radio', description: 'Gate left open', priority: 4 })).body
  const live = await dashboard(t, liveUrl(f))
  await live.next(m => m.type === 'snapshot')

  const res = await f.api('PATCH', `/api/v1/incidents/${created.id}`, { description: 'Gate forced open', category: 'fire', priority: 2, address: 'North gate' })
  t.equal(res.status, 200, JSON.stringify(res.body))
  t.match(res.body, { description: 'Gate forced open', category: 'fire', priority: 2, address: 'North gate' })
  const detail = (await f.api('GET', `/api/v1/incidents/${created.id}`)).body
  const updates = detail.timeline.filter((e: any) => e.type === 'updated')
  t.same(updates.map((e: any) => [e.data.field, e.data.from, e.data.to]), [
    ['description', 'Gate left open', 'Gate forced open'],
    ['address', null, 'North gate'],
    ['category', 'security', 'fire'],
    ['priority', 4, 2]
  ])
  t.ok(updates.every((e: any) => e.actor.startsWith('api:')))
  const ev = await live.next(e => e.type === 'incident.updated' && e.incident.id === created.id)
  t.match(ev, { detail: { changed: ['description', 'address', 'category', 'priority'] }, incident: { category: 'fire', priority: 2, address: 'North gate', source: 'radio', pendingOffers: 0, deviceId: null } })

  // the same values again: nothing changes, no new entries
  t.equal((await f.api('PATCH', `/api/v1/incidents/${created.id}`, { priority: 2 })).status, 200)
  t.equal((await f.api('GET', `/api/v1/incidents/${created.id}`)).body.timeline.filter((e: any) => e.type === 'updated').length, 4)
  // null clears
  t.match((await f.api('PATCH', `/api/v1/incidents/${created.id}`, { address: null })).body, { address: null })

  t.equal((await f.api('POST', `/api/v1/incidents/${created.id}/cancel`, { reason: 'duplicate' })).status, 200)
  const closed = await f.api('PATCH', `/api/v1/incidents/${created.id}`, { description: 'too late' })
  t.equal(closed.status, 409)
  t.match(closed.body.error, { code: 'incident_ended', state: 'CANCELLED' })
  t.equal((await f.api('GET', `/api/v1/incidents/${created.id}`)).body.description, 'Gate forced open', 'nothing changed')
})

t.test('bad input: each a clear error with its code, nothing changed', async (t) => {
  const f = await startTestFlare(t)
  const viewer = await keyWithRole(f, 'viewer')
  const count = async (): Promise<number> => Number((await f.app.db.pool.query('SELECT count(*) FROM incidents')).rows[0].count)
  const post = async (body: unknown, key?: string): Promise<{ status: number, body: any }> => await f.api('POST', '/api/v1/incidents', body, key)

  t.equal((await post({ category: 'security', source: 'phone' }, viewer)).status, 403, 'a viewer may not')
  t.equal((await post({ category: 'security', source: 'phone' }, null)).status, 401)
  const cases: Array<[unknown, number, string]> = [
    [{ source: 'phone' }, 400, 'bad_request'],
    [{ category: 'security' }, 400, 'bad_request'],
    [{ category: 'security', source: 'device' }, 400, 'bad_request'],
    [{ category: 'security', source: 'phone', lat: 91, lon: 0 }, 400, 'bad_request'],
    [{ category: 'security', source: 'phone', lat: 10 }, 400, 'bad_request'],
    [{ category: 'security', source: 'phone', priority: 0 }, 400, 'bad_request'],
    [{ category: 'security', source: 'phone', deviceId: 'x' }, 400, 'bad_request'],
    [{ category: 'security', source: 'phone', kind: 'LOW_BATTERY' }, 400, 'bad_request'],
    [{ category: 'gardening', source: 'phone' }, 400, 'unknown_category'],
    [{ category: 'security', source: 'phone', personId: 'nobody' }, 400, 'unknown_person']
  ]
  for (const [body, status, code] of cases) {
    const res = await post(body)
    t.equal(res.status, status, JSON.stringify(body))
    t.equal(res.body.error.code, code, JSON.stringify(body))
  }
  t.ok((await post({ category: 'gardening', source: 'phone' })).body.error.known.includes('security'), 'the known categories are listed')
  t.equal(await count(), 0, 'no incident came of them')

  const inc = (await post({ category: 'security', source: 'phone', description: 'x' })).body
  const patch = async (body: unknown, id = inc.id): Promise<{ status: number, body: any }> => await f.api('PATCH', `/api/v1/incidents/${id}`, body)
  t.equal((await f.api('PATCH', `/api/v1/incidents/${inc.id}`, { priority: 2 }, viewer)).status, 403)
  for (const [body, status, code] of [
    [{}, 400, 'bad_request'],
    [{ state: 'CLOSED' }, 400, 'bad_request'],
    [{ lat: 1 }, 400, 'bad_request'],
    [{ priority: 9 }, 400, 'bad_request'],
    [{ description: '' }, 400, 'bad_request'],
    [{ category: 'gardening' }, 400, 'unknown_category']
  ] as Array<[unknown, number, string]>) {
    const res = await patch(body)
    t.equal(res.status, status, JSON.stringify(body))
    t.equal(res.body.error.code, code, JSON.stringify(body))
  }
  const missing = await patch({ priority: 2 }, 'INC-19990101-0001')
  t.equal(missing.status, 404)
  t.equal(missing.body.error.code, 'not_found')
  const after = (await f.api('GET', `/api/v1/incidents/${inc.id}`)).body
  t.match(after, { description: 'x', priority: 1, category: 'security' })
  t.equal(after.timeline.filter((e: any) => e.type === 'updated').length, 0, 'no timeline entries')
})

t.test('a dispatcher logged in with a browser session: the user is the actor; without the CSRF token, nothing', async (t) => {
  const f = await startTestFlare(t)
  await createUser(f, { username: 'dana', role: 'dispatcher', name: 'Dana' })
  const browser = await logIn(f, 'dana')
  const res = await browser.api('POST', '/api/v1/incidents', { category: 'security', source: 'walk_in', description: 'Visitor reports a fight' })
  t.equal(res.status, 201, JSON.stringify(res.body))
  t.match(res.body.timeline[0], { type: 'opened', actor: /^user:dana#\d+$/ })
  const patched = await browser.api('PATCH', `/api/v1/incidents/${res.body.id}`, { priority: 2 })
  t.equal(patched.status, 200)
  const detail = (await f.api('GET', `/api/v1/incidents/${res.body.id}`)).body
  t.match(detail.timeline.find((e: any) => e.type === 'updated'), { actor: /^user:dana#\d+$/, data: { field: 'priority', from: 1, to: 2 } })

  const noCsrf = await browser.api('POST', '/api/v1/incidents', { category: 'security', source: 'phone' }, { csrf: false })
  t.equal(noCsrf.status, 403)
  t.equal(noCsrf.body.error.code, 'csrf_invalid')
  t.equal((await browser.api('PATCH', `/api/v1/incidents/${res.body.id}`, { priority: 3 }, { csrf: false })).status, 403)
  t.equal((await f.api('GET', '/api/v1/incidents')).body.items.length, 1, 'no second incident')
  t.equal((await f.api('GET', `/api/v1/incidents/${res.body.id}`)).body.priority, 2, 'not changed')
})

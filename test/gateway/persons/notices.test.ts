import t from 'tap'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { decode } from '../../../gateway/codec/wire.js'
import { contactNotices, contactNoticesMany, type NoticeIncident } from '../../../gateway/persons/notices.js'
import { noticeText } from '../../../gateway/persons/notice-texts.js'

const f = await startTestFlare(t)
const secrets: Record<string, string> = {}

t.before(async () => {
  await f.api('POST', '/api/v1/persons', { id: 'ouma', name: 'Ouma Sarie', language: 'af' })
  for (const [id, language] of [['kobus', 'af'], ['anna', 'en'], ['piet', 'af']]) {
    const res = await f.api('POST', '/api/v1/persons/ouma/contacts', { id, name: id, language })
    if (res.status !== 201) throw new Error(JSON.stringify(res.body))
    secrets[id] = res.body.secret
  }
  await f.api('DELETE', '/api/v1/contacts/piet')
  await f.api('POST', '/api/v1/persons', { id: 'alone', name: 'Alone' })
})

async function notices (incident: Partial<NoticeIncident>, event: 'opened' | 'assigned' | 'resolved', extra?: { responderName?: string }): Promise<Map<string, any>> {
  const client = await f.app.db.pool.connect()
  try {
    const out = await contactNotices(client, { number: 'INC-20261123-0042', personId: 'ouma', kind: 'PANIC', lat: -33.92, lon: 18.42, ...incident }, event, extra)
    if (out.some(m => m.qos !== 1)) throw new Error('contact notices must be QoS 1')
    return new Map(out.map(m => [m.topic, decode('ContactNotice', m.payload, 'json')]))
  } finally {
    client.release()
  }
}

t.test('several incidents at once (a group commit): each person\'s contacts get their own incident\'s notice', async (t) => {
  await f.api('POST', '/api/v1/persons', { id: 'oupa', name: 'Oupa Jan', language: 'af' })
  const res = await f.api('POST', '/api/v1/persons/oupa/contacts', { id: 'marie', name: 'marie', language: 'en' })
  t.equal(res.status, 201)
  const client = await f.app.db.pool.connect()
  try {
    const base = { kind: 'PANIC', lat: null, lon: null }
    const out = await contactNoticesMany(client, [
      { ...base, number: 'INC-1', personId: 'ouma' },
      { ...base, number: 'INC-2', personId: null },
      { ...base, number: 'INC-3', personId: 'oupa' },
      { ...base, number: 'INC-4', personId: 'alone' }
    ], 'opened')
    const seen = out.map(m => [m.topic, decode('ContactNotice', m.payload, 'json').incidentNumber])
    t.same(seen, [['notify/anna', 'INC-1'], ['notify/kobus', 'INC-1'], ['notify/marie', 'INC-3']], 'in the incidents\' order, each to its own person\'s contacts')
  } finally {
    client.release()
  }
})

t.test('every active contact gets a notice in its own language', async (t) => {
  const byTopic = await notices({}, 'opened')
  t.same([...byTopic.keys()].sort(), ['notify/anna', 'notify/kobus'], 'not the revoked contact')
  const af = byTopic.get('notify/kobus')
  t.equal(af.text, 'Ouma Sarie het die paniekknoppie gedruk. Voorval INC-20261123-0042. Hulp word gestuur.')
  t.equal(af.language, 'af')
  const en = byTopic.get('notify/anna')
  t.equal(en.text, 'Ouma Sarie pressed the panic button. Incident INC-20261123-0042. Help is being dispatched.')
  t.equal(en.language, 'en')
  t.match(en, { incidentNumber: 'INC-20261123-0042', kind: 'PANIC', location: { lat: -33.92, lon: 18.42 } })
  t.type(en.noticeId, 'string')
  t.not(en.noticeId, af.noticeId, 'each notice has its own id')
  t.ok(en.atMs > 0)
})

t.test('assigned names the responder; resolved; unknown kinds get the generic text', async (t) => {
  const assigned = await notices({}, 'assigned', { responderName: 'Thabo' })
  t.equal(assigned.get('notify/kobus').text, 'Thabo is op pad na Ouma Sarie. Voorval INC-20261123-0042.')
  t.equal(assigned.get('notify/anna').text, 'Thabo is on the way to Ouma Sarie. Incident INC-20261123-0042.')
  const unnamed = await notices({}, 'assigned')
  t.equal(unnamed.get('notify/kobus').text, 'Hulp is op pad na Ouma Sarie. Voorval INC-20261123-0042.')

  const fire = await notices({ kind: 'FIRE' }, 'resolved')
  t.equal(fire.get('notify/kobus').text, 'Die brandalarm by Ouma Sarie is afgehandel. Voorval INC-20261123-0042.')
  t.equal(fire.get('notify/anna').text, 'The fire alarm at Ouma Sarie has been resolved. Incident INC-20261123-0042.')

  const odd = await notices({ kind: 'SOMETHING_NEW', lat: null, lon: null }, 'opened')
  t.equal(odd.get('notify/anna').text, 'An alarm was raised for Ouma Sarie. Incident INC-20261123-0042. It is being handled.')
  t.equal(odd.get('notify/kobus').text, "Daar is 'n alarm vir Ouma Sarie. Voorval INC-20261123-0042. Dit word hanteer.")
  t.equal(odd.get('notify/anna').kind, undefined, 'an unknown kind is left out of the message')
  t.equal(odd.get('notify/anna').location, undefined)
})

t.test('no person or no contacts: no notices', async (t) => {
  t.equal((await notices({ personId: null }, 'opened')).size, 0)
  t.equal((await notices({ personId: 'alone' }, 'opened')).size, 0)
  t.equal((await notices({ personId: 'nobody' }, 'opened')).size, 0)
})

t.test('every kind and event has a complete text in both languages', async (t) => {
  const kinds = ['PANIC', 'DURESS', 'FALL', 'MEDICAL', 'FIRE', 'TAMPER', 'DEVICE_OFFLINE', 'LOW_BATTERY', 'TEST', 'OTHER']
  for (const kind of kinds) {
    for (const event of ['opened', 'assigned', 'resolved'] as const) {
      const en = noticeText('en', kind, event, { name: 'N$&', number: 'INC-1', responder: 'R' })
      const af = noticeText('af', kind, event, { name: 'N$&', number: 'INC-1', responder: 'R' })
      for (const text of [en, af]) {
        t.notMatch(text, /[{}]/, `${kind} ${event}: no placeholder left: ${text}`)
        t.match(text, /N\$&/, 'the name is inserted literally')
        t.match(text, /INC-1/)
      }
      t.not(en, af, `${kind} ${event} differs between languages`)
    }
  }
  t.match(noticeText('zu', 'PANIC', 'opened', { name: 'X', number: '1' }), /pressed the panic button/, 'unknown languages fall back to English')
})

t.test('over MQTT: a press by the person\'s device reaches the contacts in their languages', async (t) => {
  const kobus = await f.connect({ clientId: 'kobus', username: 'kobus', password: secrets.kobus })
  const anna = await f.connect({ clientId: 'anna', username: 'anna', password: secrets.anna })
  const afNotices = collect(kobus, 'notify/kobus')
  const enNotices = collect(anna, 'notify/anna')
  t.equal(await subscribe(kobus, 'notify/kobus'), 1)
  t.equal(await subscribe(anna, 'notify/anna'), 1)
  const d = await f.device({ kind: 'phone', personId: 'ouma' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  const acks = collect(dev, `dev/${d.id}/ack`)
  await subscribe(dev, `dev/${d.id}/ack`)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'p1', kind: 'PANIC', location: { lat: -33.92, lon: 18.42 } }), { qos: 1 })
  const number = JSON.parse((await acks.next()).toString()).incidentNumber
  const af = decode('ContactNotice', await afNotices.next(), 'json')
  t.equal(af.text, `Ouma Sarie het die paniekknoppie gedruk. Voorval ${number as string}. Hulp word gestuur.`)
  const en = decode('ContactNotice', await enNotices.next(), 'json')
  t.equal(en.text, `Ouma Sarie pressed the panic button. Incident ${number as string}. Help is being dispatched.`)
})

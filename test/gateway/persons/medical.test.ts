import t from 'tap'
import { createHash, randomBytes } from 'node:crypto'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'
import { decode } from '../../../gateway/codec/wire.js'
import { keyWithRole } from '../api/keys.js'

const KEY = randomBytes(32)
const KEY_ID = createHash('sha256').update(KEY).digest('hex').slice(0, 8)
const f = await startTestFlare(t, { MEDICAL_KEY: KEY.toString('base64') })
const vault = f.app.gateway.medical

const PROFILE = {
  conditions: ['Type 1 diabetes', 'Atrial fibrillation'],
  medication: ['Insulin glargine', 'Warfarin 5 mg'],
  allergies: ['Penicillin'],
  bloodType: 'O-',
  notes: 'Lives alone; spare key with neighbour at no. 12'
}

async function medicalReads (personId: string): Promise<any[]> {
  const { rows } = await f.app.db.pool.query("SELECT actor, details FROM audit_log WHERE action = 'medical.read' AND target_id = $1 ORDER BY id", [personId])
  return rows
}

t.before(async () => {
  for (const id of ['ouma', 'oupa', 'nobody-medical']) await f.api('POST', '/api/v1/persons', { id, name: id === 'ouma' ? 'Ouma Sarie' : id })
})

t.test('stored encrypted: the column holds no plaintext, the key id is recorded', async (t) => {
  const put = await f.api('PUT', '/api/v1/persons/ouma/medical', PROFILE)
  t.equal(put.status, 200)
  t.same(put.body, { personId: 'ouma', keyId: KEY_ID })
  const { rows } = await f.app.db.pool.query('SELECT medical, medical_key_id FROM persons WHERE id = $1', ['ouma'])
  t.equal(rows[0].medical_key_id, KEY_ID)
  const blob: Buffer = rows[0].medical
  t.ok(blob.length > 12 + 16, 'iv | tag | ciphertext')
  // Strings of five or more characters: shorter ones turn up in random bytes by chance.
  for (const text of ['diabetes', 'Insulin', 'Warfarin', 'Penicillin', 'neighbour', 'conditions', 'allergies', 'bloodType']) {
    t.notOk(blob.toString('latin1').toLowerCase().includes(text.toLowerCase()), `no "${text}" in the column`)
  }
  t.notOk(blob.toString('base64').includes(Buffer.from('diabetes').toString('base64')), 'not merely base64 either')
  await f.api('PUT', '/api/v1/persons/oupa/medical', PROFILE)
  const again = await f.app.db.pool.query('SELECT medical FROM persons WHERE id = $1', ['oupa'])
  t.notSame(again.rows[0].medical, blob, 'the same profile encrypts differently (fresh IV)')
  const person = await f.api('GET', '/api/v1/persons/ouma')
  t.match(person.body, { hasMedicalProfile: true, medicalKeyId: KEY_ID })
  t.notOk(JSON.stringify(person.body).includes('Penicillin'), 'the person view never shows the profile')
})

t.test('round trip over REST; admin and dispatcher read, viewer 403; every read audited', async (t) => {
  const before = (await medicalReads('ouma')).length
  const admin = await f.api('GET', '/api/v1/persons/ouma/medical')
  t.equal(admin.status, 200)
  t.same(admin.body, { personId: 'ouma', profile: PROFILE })
  const dispatcherKey = await keyWithRole(f, 'dispatcher')
  const dispatcher = await f.api('GET', '/api/v1/persons/ouma/medical', undefined, dispatcherKey)
  t.equal(dispatcher.status, 200)
  t.same(dispatcher.body.profile, PROFILE)
  const viewer = await f.api('GET', '/api/v1/persons/ouma/medical', undefined, await keyWithRole(f, 'viewer'))
  t.equal(viewer.status, 403)
  t.notOk(JSON.stringify(viewer.body).includes('Penicillin'))
  t.equal((await f.api('GET', '/api/v1/persons/ouma/medical', undefined, null)).status, 401)
  t.equal((await f.api('PUT', '/api/v1/persons/ouma/medical', PROFILE, dispatcherKey)).status, 403, 'dispatchers cannot write')

  const reads = (await medicalReads('ouma')).slice(before)
  t.equal(reads.length, 2, 'one audit row per successful read, none for the refused one')
  t.match(reads[0], { actor: /^api:/, details: { via: 'api', keyId: KEY_ID } })
  t.match(reads[1].actor, /^api:test dispatcher#/)

  t.equal((await f.api('GET', '/api/v1/persons/nobody-medical/medical')).status, 404, 'no profile')
  t.equal((await f.api('PUT', '/api/v1/persons/ghost/medical', PROFILE)).status, 404, 'no person')
  t.equal((await f.api('PUT', '/api/v1/persons/ouma/medical', { bloodType: 'Z+' })).status, 400)
  t.equal((await f.api('PUT', '/api/v1/persons/ouma/medical', { diagnosis: 'x' })).status, 400)
})

t.test('a wrong key id or altered ciphertext is a clear error, never garbage', async (t) => {
  await f.api('POST', '/api/v1/persons', { id: 'copy', name: 'Copy' })
  await f.api('PUT', '/api/v1/persons/copy/medical', { bloodType: 'A+' })
  await f.app.db.pool.query("UPDATE persons SET medical_key_id = 'deadbeef' WHERE id = 'copy'")
  const unknown = await f.api('GET', '/api/v1/persons/copy/medical')
  t.equal(unknown.status, 500)
  t.equal(unknown.body.error.code, 'medical_key_unknown')
  t.match(unknown.body.error.message, /key id "deadbeef".*MEDICAL_KEY.*MEDICAL_KEYS_PREVIOUS/)

  // Another person's ciphertext copied over: bound to the person id, so it does not decrypt.
  await f.app.db.pool.query("UPDATE persons SET (medical, medical_key_id) = (SELECT medical, medical_key_id FROM persons WHERE id = 'ouma') WHERE id = 'copy'")
  const swapped = await f.api('GET', '/api/v1/persons/copy/medical')
  t.equal(swapped.status, 500)
  t.equal(swapped.body.error.code, 'medical_decrypt_failed')
  t.notOk(JSON.stringify(swapped.body).includes('Penicillin'))

  await f.app.db.pool.query("UPDATE persons SET medical = set_byte(medical, 40, get_byte(medical, 40) # 1) WHERE id = 'oupa'")
  t.equal((await f.api('GET', '/api/v1/persons/oupa/medical')).body.error.code, 'medical_decrypt_failed', 'a flipped bit fails authentication')
  t.equal((await medicalReads('copy')).length, 0, 'failed reads disclose nothing and are not counted as reads')
})

t.test('readForOffer: only for MEDICAL_ROLES, audited with the responder and offer', async (t) => {
  const client = await f.app.db.pool.connect()
  try {
    const before = (await medicalReads('ouma')).length
    t.same(await vault.readForOffer(client, 'ouma', { id: 'medic-9', roles: ['first_aid', 'medic'] }, 'offer-1'), PROFILE)
    t.equal(await vault.readForOffer(client, 'ouma', { id: 'guard-9', roles: ['security'] }, 'offer-2'), undefined)
    t.equal(await vault.readForOffer(client, 'nobody-medical', { id: 'medic-9', roles: ['medic'] }, 'offer-3'), undefined)
    t.equal(await vault.readForOffer(client, 'oupa', { id: 'medic-9', roles: ['medic'] }, 'offer-4'), undefined, 'an altered profile is left out, the offer still goes')
    const reads = (await medicalReads('ouma')).slice(before)
    t.equal(reads.length, 1, 'only the medic\'s read')
    t.match(reads[0], { actor: 'responder:medic-9', details: { via: 'offer', offerId: 'offer-1', roles: ['medic'] } })
  } finally {
    client.release()
  }
})

t.test('readForOffers: a batch\'s offers in one read, each medic\'s read audited, the others left out', async (t) => {
  const client = await f.app.db.pool.connect()
  try {
    const before = (await medicalReads('ouma')).length
    const medic = { id: 'medic-7', roles: ['medic'] }
    const found = await vault.readForOffers(client, [
      { personId: 'ouma', responder: medic, offerId: 'batch-1' },
      { personId: 'ouma', responder: { id: 'guard-7', roles: ['security'] }, offerId: 'batch-2' },
      { personId: 'nobody-medical', responder: medic, offerId: 'batch-3' },
      { personId: 'oupa', responder: medic, offerId: 'batch-4' },
      { personId: 'ouma', responder: { id: 'medic-8', roles: ['medic'] }, offerId: 'batch-5' }
    ])
    t.same([...found.keys()].sort(), ['batch-1', 'batch-5'], 'only medics, only intact profiles')
    t.same(found.get('batch-1'), PROFILE)
    const reads = (await medicalReads('ouma')).slice(before)
    t.same(reads.map((r: any) => r.details.offerId).sort(), ['batch-1', 'batch-5'], 'one audited read per medic\'s offer')
  } finally {
    client.release()
  }
})

t.test('over MQTT: a medic\'s offer carries the profile, a guard\'s does not', async (t) => {
  const medic = await f.responder({ id: 'medic-1', roles: ['medic'], lat: -33.921, lon: 18.421 })
  const guard = await f.responder({ id: 'guard-1', roles: ['security'], lat: -33.921, lon: 18.421 })
  const mc = await f.connect({ clientId: medic.id, username: medic.id, password: medic.secret })
  const gc = await f.connect({ clientId: guard.id, username: guard.id, password: guard.secret })
  const medicOffers = collect(mc, 'dispatch/medic-1')
  const guardOffers = collect(gc, 'dispatch/guard-1')
  await subscribe(mc, 'dispatch/medic-1')
  await subscribe(gc, 'dispatch/guard-1')
  const d = await f.device({ kind: 'phone', personId: 'ouma' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'm1', kind: 'MEDICAL', location: { lat: -33.92, lon: 18.42 } }), { qos: 1 })
  const toMedic = decode('DispatchMessage', await medicOffers.next(), 'json')
  t.same(toMedic.offer?.medical, PROFILE)
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'p1', kind: 'PANIC', location: { lat: -33.92, lon: 18.42 } }), { qos: 1 })
  const toGuard = decode('DispatchMessage', await guardOffers.next(), 'json')
  t.ok(toGuard.offer?.offerId)
  t.equal(toGuard.offer?.medical, undefined)
  const reads = await medicalReads('ouma')
  t.ok(reads.some(r => r.actor === 'responder:medic-1' && r.details.offerId === toMedic.offer?.offerId), 'the medic\'s read is audited')
  t.notOk(reads.some(r => r.actor === 'responder:guard-1'))
})

t.test('DELETE erases the profile (admin only)', async (t) => {
  t.equal((await f.api('DELETE', '/api/v1/persons/oupa/medical', undefined, await keyWithRole(f, 'dispatcher'))).status, 403)
  t.equal((await f.api('DELETE', '/api/v1/persons/oupa/medical')).status, 204)
  const { rows } = await f.app.db.pool.query('SELECT medical, medical_key_id FROM persons WHERE id = $1', ['oupa'])
  t.same(rows[0], { medical: null, medical_key_id: null })
  t.equal((await f.api('DELETE', '/api/v1/persons/oupa/medical')).status, 404)
})

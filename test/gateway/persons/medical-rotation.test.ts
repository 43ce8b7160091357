import t from 'tap'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestFlare } from '../../helpers/flare.js'
import { keyWithRole } from '../api/keys.js'

const K1 = randomBytes(32).toString('base64')
const K2 = randomBytes(32).toString('base64')
const K1_ID = createHash('sha256').update(Buffer.from(K1, 'base64')).digest('hex').slice(0, 8)
const PERSONS = 205 // more than one re-encryption batch

const old = await startTestFlare(t, { MEDICAL_KEY: K1 })
const profileOf = (i: number): Record<string, unknown> => ({ conditions: [`condition ${i}`], bloodType: 'AB+' })

t.before(async () => {
  await old.app.db.pool.query(`INSERT INTO persons (id, name) SELECT 'p' || i, 'Person ' || i FROM generate_series(1, ${PERSONS}) i`)
  for (let i = 1; i <= PERSONS; i++) await old.app.gateway.medical.store(`p${i}`, profileOf(i), 'test')
})

t.test('rotation: new key current, old key previous, re-encrypt, drop the old key', async (t) => {
  // Step 3 of docs/medical-key-rotation.md: the restarted node has the new key and the old as previous.
  const rotated = await startTestFlare(t, { MEDICAL_KEY: `k2:${K2}`, MEDICAL_KEYS_PREVIOUS: K1 }, old.db)
  t.same((await rotated.api('GET', '/api/v1/persons/p7/medical')).body.profile, profileOf(7), 'old profiles still readable')
  t.equal((await rotated.api('PUT', '/api/v1/persons/p1/medical', profileOf(1))).body.keyId, 'k2', 'new writes use the new key')

  for (const role of ['viewer', 'dispatcher'] as const) {
    t.equal((await rotated.api('POST', '/api/v1/admin/medical/reencrypt', undefined, await keyWithRole(rotated, role))).status, 403)
  }
  const run = await rotated.api('POST', '/api/v1/admin/medical/reencrypt')
  t.equal(run.status, 200)
  t.same(run.body, { keyId: 'k2', reencrypted: PERSONS - 1, fromKeyIds: { [K1_ID]: PERSONS - 1 } })
  const { rows } = await old.app.db.pool.query('SELECT medical_key_id, count(*)::int AS n FROM persons WHERE medical IS NOT NULL GROUP BY 1')
  t.same(rows, [{ medical_key_id: 'k2', n: PERSONS }], 'every profile is under the new key id')
  t.same((await rotated.api('POST', '/api/v1/admin/medical/reencrypt')).body, { keyId: 'k2', reencrypted: 0, fromKeyIds: {} }, 'a second run has nothing to do')
  const audited = await old.app.db.pool.query("SELECT details FROM audit_log WHERE action = 'medical.reencrypt' ORDER BY id")
  t.same(audited.rows.map(r => r.details.reencrypted), [PERSONS - 1, 0])

  // Step 6: the old key is dropped; everything is still readable.
  const after = await startTestFlare(t, { MEDICAL_KEY: `k2:${K2}` }, old.db)
  for (const i of [1, 100, 101, PERSONS]) t.same((await after.api('GET', `/api/v1/persons/p${i}/medical`)).body.profile, profileOf(i))

  // A node left on the old key cannot read the new ciphertexts: why every node restarts before re-encrypting.
  const stale = await old.api('GET', '/api/v1/persons/p7/medical')
  t.equal(stale.status, 500)
  t.equal(stale.body.error.code, 'medical_key_unknown')
  t.match(stale.body.error.message, /"k2"/)
})

t.test('production without MEDICAL_KEY: 503 medical_key_missing', async (t) => {
  const prod = await startTestFlare(t, { NODE_ENV: 'production' }, old.db)
  for (const [method, path, body] of [['GET', '/api/v1/persons/p1/medical'], ['PUT', '/api/v1/persons/p1/medical', { bloodType: 'A+' }], ['POST', '/api/v1/admin/medical/reencrypt']] as const) {
    const res = await prod.api(method, path, body)
    t.equal(res.status, 503, `${method} ${path}`)
    t.equal(res.body.error.code, 'medical_key_missing')
    t.match(res.body.error.message, /MEDICAL_KEY/)
  }
  t.equal((await prod.api('GET', '/api/v1/persons/p1')).status, 200, 'the rest of the API works')
})

t.test('development without MEDICAL_KEY: a key is generated once into DATA_DIR/medical-key (0600)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flare-medical-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'medical-key')
  const dev = await startTestFlare(t, { DATA_DIR: dir }, old.db)
  t.notOk(existsSync(file), 'not created before it is needed')
  const put = await dev.api('PUT', '/api/v1/persons/p2/medical', profileOf(2))
  t.equal(put.status, 200)
  t.ok(existsSync(file))
  t.equal(statSync(file).mode & 0o777, 0o600)
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
  t.equal(key.length, 32)
  t.equal(put.body.keyId, createHash('sha256').update(key).digest('hex').slice(0, 8))
  const again = await startTestFlare(t, { DATA_DIR: dir }, old.db)
  t.same((await again.api('GET', '/api/v1/persons/p2/medical')).body.profile, profileOf(2), 'a later start reuses the key')
})

import t from 'tap'
import { createHash, randomBytes } from 'node:crypto'
import { ConfigError, loadConfig } from '../../../config/config.js'

const key = randomBytes(32)
const b64 = key.toString('base64')
const idOf = (k: Buffer): string => createHash('sha256').update(k).digest('hex').slice(0, 8)

function refused (env: Record<string, string>, variable: string, reason: RegExp): void {
  t.test(`${variable} refused: ${JSON.stringify(env).slice(0, 60)}`, async (t) => {
    try {
      loadConfig(env)
      t.fail('accepted')
    } catch (err) {
      t.type(err, ConfigError)
      t.equal((err as ConfigError).variable, variable)
      t.match((err as ConfigError).message, reason)
      for (const v of Object.values(env)) {
        if (v.length >= 16) t.notOk((err as Error).message.includes(v), 'the message never repeats the key')
      }
    }
  })
}

t.test('defaults: no key, no previous keys, medic', async (t) => {
  const c = loadConfig({})
  t.equal(c.medicalKey, undefined)
  t.same(c.medicalKeysPrevious, [])
  t.same(c.medicalRoles, ['medic'])
})

t.test('MEDICAL_KEY: base64 (derived id) or keyId:base64; base64url accepted', async (t) => {
  const plain = loadConfig({ MEDICAL_KEY: b64 }).medicalKey
  t.equal(plain?.id, idOf(key))
  t.ok(plain?.key.equals(key))
  t.equal(loadConfig({ MEDICAL_KEY: `2026-q4:${b64}` }).medicalKey?.id, '2026-q4')
  t.ok(loadConfig({ MEDICAL_KEY: key.toString('base64url') }).medicalKey?.key.equals(key))
})

t.test('MEDICAL_KEYS_PREVIOUS: comma-separated; the current key is not repeated', async (t) => {
  const k2 = randomBytes(32)
  const c = loadConfig({ MEDICAL_KEY: b64, MEDICAL_KEYS_PREVIOUS: ` old:${k2.toString('base64')} , ${b64}` })
  t.same(c.medicalKeysPrevious.map(k => k.id), ['old'])
  t.same(loadConfig({ MEDICAL_KEYS_PREVIOUS: b64 }).medicalKeysPrevious.map(k => k.id), [idOf(key)], 'previous keys without a current one')
})

t.test('MEDICAL_ROLES: comma-separated role names', async (t) => {
  t.same(loadConfig({ MEDICAL_ROLES: 'medic, paramedic,nurse' }).medicalRoles, ['medic', 'paramedic', 'nurse'])
})

refused({ MEDICAL_KEY: randomBytes(16).toString('base64') }, 'MEDICAL_KEY', /32 bytes.*got 16/)
refused({ MEDICAL_KEY: 'not base64!' + b64 }, 'MEDICAL_KEY', /base64/)
refused({ MEDICAL_KEY: `bad id:${b64}` }, 'MEDICAL_KEY', /key id/)
refused({ MEDICAL_KEY: b64, MEDICAL_KEYS_PREVIOUS: 'short' }, 'MEDICAL_KEYS_PREVIOUS', /32 bytes/)
refused({ MEDICAL_KEY: `same:${b64}`, MEDICAL_KEYS_PREVIOUS: `same:${randomBytes(32).toString('base64')}` }, 'MEDICAL_KEYS_PREVIOUS', /"same" is used by two different keys/)
refused({ MEDICAL_ROLES: 'Medic' }, 'MEDICAL_ROLES', /"Medic"/)

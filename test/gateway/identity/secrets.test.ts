import t from 'tap'
import { generateSecret, hashSecret, verifySecret, digestApiKey } from '../../../gateway/identity/secrets.js'
import { generateApiKey } from '../../../gateway/identity/api-keys-repo.js'

t.test('secrets: random, hashed with a salt, verified', async (t) => {
  const a = generateSecret()
  t.match(a, /^[A-Za-z0-9_-]{43}$/, '32 bytes, base64url')
  t.not(a, generateSecret())
  const h1 = await hashSecret(a)
  const h2 = await hashSecret(a)
  t.match(h1, /^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/)
  t.not(h1, h2, 'salted: the same secret hashes differently')
  t.ok(await verifySecret(a, h1))
  t.ok(await verifySecret(a, h2))
  t.notOk(await verifySecret(a + 'x', h1), 'another secret does not verify')
  t.notOk(await verifySecret('', h1))
})

t.test('a malformed or foreign stored hash never verifies', async (t) => {
  const s = generateSecret()
  const h = await hashSecret(s)
  t.notOk(await verifySecret(s, 'plain-text'))
  t.notOk(await verifySecret(s, h.replace(/^scrypt/, 'bcrypt')))
  t.notOk(await verifySecret(s, h.split('$').slice(0, 5).join('$')))
  const parts = h.split('$')
  parts[5] = Buffer.from(parts[5], 'base64url').map((b) => b ^ 1).toString('base64url')
  t.notOk(await verifySecret(s, parts.join('$')), 'a tampered hash')
})

t.test('API keys: prefixed, random, looked up by SHA-256 digest', async (t) => {
  const k = generateApiKey()
  t.match(k, /^flr_[A-Za-z0-9_-]{43}$/)
  t.not(k, generateApiKey())
  t.match(digestApiKey(k), /^[0-9a-f]{64}$/)
  t.equal(digestApiKey(k), digestApiKey(k))
  t.not(digestApiKey(k), digestApiKey(k + 'x'))
})

t.test('generated secrets are stored as a keyed digest; old scrypt hashes still verify', async (t) => {
  const { SecretDigest } = await import('../../../gateway/identity/secret-digest.js')
  const one = new SecretDigest(Buffer.alloc(32, 1))
  const other = new SecretDigest(Buffer.alloc(32, 2))
  const s = generateSecret()
  const d = one.digest(s)
  t.match(d, /^hmac-sha256\$[A-Za-z0-9_-]{43}$/)
  t.equal(one.digest(s), d, 'deterministic for one key (a random secret needs no salt)')
  t.not(other.digest(s), d, 'another installation\'s key gives another digest')
  t.ok(await one.verify(s, d))
  t.notOk(await one.verify(s + 'x', d), 'another secret does not verify')
  t.notOk(await other.verify(s, d), 'nor does another key')
  t.notOk(await one.verify(s, d.slice(0, -2)), 'nor a truncated digest')
  t.notOk(one.isOutdated(d))
  const old = await hashSecret(s)
  t.ok(one.isOutdated(old), 'an scrypt hash is outdated')
  t.ok(await one.verify(s, old), 'but still verifies')
  t.notOk(await one.verify('x', old))
})

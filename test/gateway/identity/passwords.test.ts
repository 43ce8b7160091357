// Human passwords: scrypt with a salt per hash and the cost inside it, at most two at once.
import t from 'tap'
import { generatePassword, hashing, hashPassword, verifyNothing, verifyPassword } from '../../../gateway/identity/passwords.js'

t.test('hash and verify', async (t) => {
  const h = await hashPassword('correct horse battery')
  t.match(h, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
  t.not(await hashPassword('correct horse battery'), h, 'a fresh salt each time')
  t.equal(await verifyPassword('correct horse battery', h), true)
  t.equal(await verifyPassword('correct horse batterY', h), false)
  t.equal(await verifyPassword('', h), false)
  t.equal(await verifyPassword('x', 'hmac-sha256$abc'), false, 'not a password hash')
  // The same text typed on two keyboards (composed or not) is the same password.
  t.equal(await verifyPassword('Zoë secret', await hashPassword('Zoe\u0308 secret')), true)
  // The cost is read from the hash: an older, cheaper one still verifies.
  const { scryptSync, randomBytes } = await import('node:crypto')
  const salt = randomBytes(16)
  const old = ['scrypt', 1024, 8, 1, salt.toString('base64url'), scryptSync('old one', salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64url')].join('$')
  t.equal(await verifyPassword('old one', old), true)
  t.equal(await verifyNothing('anything'), false)
})

t.test('generated passwords', async (t) => {
  const all = new Set(Array.from({ length: 50 }, generatePassword))
  t.equal(all.size, 50)
  for (const p of all) t.match(p, /^[A-Za-z0-9_-]{18}$/)
})

t.test('at most two hashes at once; the others wait their turn and all finish', async (t) => {
  let most = 0
  const timer = setInterval(() => { most = Math.max(most, hashing().running) }, 1)
  const results = await Promise.all(Array.from({ length: 6 }, (_, i) => hashPassword(`password ${i}`)))
  clearInterval(timer)
  t.equal(results.length, 6)
  t.ok(most <= 2 && most >= 1, `at most two ran at once (saw ${most})`)
  t.same(hashing(), { running: 0, waiting: 0 }, 'nothing left over')
  t.equal(await verifyPassword('password 3', results[3]), true)
})

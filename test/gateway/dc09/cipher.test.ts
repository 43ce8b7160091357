import t from 'tap'
import { createCipheriv } from 'node:crypto'
import { decryptRest, encryptRest, parseKey } from '../../../gateway/dc09/cipher.js'

t.test('keys as text or hex, of the three AES sizes', async (t) => {
  t.equal(parseKey('0123456789ABCDEF')?.length, 16)
  t.equal(parseKey('0123456789ABCDEF0123456789ABCDEF')?.length, 16, '32 hex digits are 16 bytes')
  t.equal(parseKey('abcdefghijklmnopqrstuvwx')?.length, 24)
  t.equal(parseKey('a'.repeat(64))?.length, 32)
  t.equal(parseKey('short'), undefined)
  t.equal(parseKey('0123456789abcdef0123'), undefined)
})

t.test('a panel\'s encryption (AES-CBC, zero IV, random pad and a bar) is read back, and a wrong key is noticed', async (t) => {
  const key = Buffer.from('000102030405060708090A0B0C0D0E0F', 'hex')
  // Encrypted here as a panel does, independently of the receiver's code.
  const clear = 'xyz|#1234|Nri1/PA501]_10:00:00,12-02-2026'
  const padded = 'P'.repeat((16 - (clear.length % 16)) % 16) + clear
  const c = createCipheriv('aes-128-cbc', key, Buffer.alloc(16))
  c.setAutoPadding(false)
  const hex = Buffer.concat([c.update(padded, 'latin1'), c.final()]).toString('hex').toUpperCase()
  t.equal(decryptRest('[' + hex, key), '#1234|Nri1/PA501]_10:00:00,12-02-2026')
  t.equal(decryptRest('[' + hex, Buffer.from('F'.repeat(32), 'hex')), undefined, 'wrong key')
  t.equal(decryptRest('[' + hex.slice(0, 30), key), undefined, 'not whole blocks')
  t.equal(decryptRest('[XYZ', key), undefined)

  for (const k of [key, Buffer.alloc(24, 7), Buffer.alloc(32, 9)]) {
    const sent = encryptRest(']_10:00:00,12-02-2026', k)
    t.equal((sent.length - 1) % 32, 0, 'whole blocks')
    t.equal(decryptRest(sent, k), ']_10:00:00,12-02-2026', `round trip with AES-${k.length * 8}`)
  }
})

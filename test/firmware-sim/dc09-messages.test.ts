// The simulated panel's side of DC-09 against the receiver's own code: its frames parse as the
// receiver parses them, and it reads the receiver's ACK, NAK and DUH, refusing damaged ones.
import t from 'tap'
import { decryptRest } from '../../gateway/dc09/cipher.js'
import { parseEvents, splitContent } from '../../gateway/dc09/events.js'
import { parseFrame } from '../../gateway/dc09/frame.js'
import { ack, duh, nak } from '../../gateway/dc09/replies.js'
import { buildFrame, contactId, linkTest, parseReply, seqText } from '../../firmware-sim/sim/dc09-messages.js'

const KEY = Buffer.from('000102030405060708090A0B0C0D0E0F', 'hex')
const AT = new Date('2026-03-01T10:00:05.250Z')

t.test('a panel\'s frames are what the receiver reads: clear and encrypted Contact ID, link tests', async (t) => {
  const clear = parseFrame(buildFrame({ account: '12AB' }, contactId('12AB', '120', { zone: 7 }), '0042', AT))
  t.match(clear, { id: 'ADM-CID', encrypted: false, seq: '0042', line: '0', account: '12AB' })
  const content = splitContent(clear.rest)
  t.same(content, { data: '#12AB|1120 01 007', extended: [], timestamp: '_10:00:05,03-01-2026' })
  t.same(parseEvents('ADM-CID', content.data), [{ code: 'cid:120', restore: false, area: '01', zone: '007' }])
  t.match(parseEvents('ADM-CID', contactId('12AB', '100', { restore: true }).data), [{ code: 'cid:100', restore: true }], 'a restore is qualifier 3')

  const secret = parseFrame(buildFrame({ account: '12AB', key: KEY, receiver: '1A', line: '2' }, contactId('12AB', '120'), '0043', AT))
  t.match(secret, { encrypted: true, receiver: '1A', line: '2' })
  t.equal(decryptRest(secret.rest, KEY), '#12AB|1120 01 001]_10:00:05,03-01-2026', 'encrypted with the account\'s key')
  t.match(parseFrame(buildFrame({ account: '12AB' }, linkTest(), '0044', AT)), { id: 'NULL' })
  t.same([seqText(1), seqText(9999), seqText(10000)], ['0001', '9999', '0001'], 'sequence numbers wrap after 9999')
})

t.test('replies: ACK (encrypted for an encrypting panel), NAK with the receiver\'s time, DUH; damaged or foreign ones ignored', async (t) => {
  const header = { id: 'ADM-CID', encrypted: true, seq: '0042', line: '0', account: '12AB' }
  t.same(parseReply(ack(header, KEY, AT), KEY), { type: 'ACK', seq: '0042' })
  t.equal(parseReply(ack({ ...header, encrypted: false }, undefined, AT), KEY), undefined, 'a clear ACK is not taken by a panel that encrypts')
  t.equal(parseReply(ack(header, Buffer.alloc(16, 1), AT), KEY), undefined, 'nor one encrypted with another key')
  t.same(parseReply(ack({ ...header, encrypted: false }, undefined, AT)), { type: 'ACK', seq: '0042' })
  t.same(parseReply(nak(AT)), { type: 'NAK', seq: '0000', atMs: Date.parse('2026-03-01T10:00:05Z') })
  t.same(parseReply(duh(header)), { type: 'DUH', seq: '0042' })
  const damaged = Buffer.from(ack({ ...header, encrypted: false }, undefined, AT))
  damaged[damaged.length - 3] ^= 1
  t.equal(parseReply(damaged), undefined, 'a wrong CRC')
  t.equal(parseReply(buildFrame({ account: '12AB' }, linkTest(), '0001', AT)), undefined, 'not a reply')
  t.equal(parseReply(Buffer.from('garbage')), undefined)
})

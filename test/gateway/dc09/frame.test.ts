import t from 'tap'
import { crc16, frame, FrameError, hex4, parseFrame, parseHeader, parseTimestamp, timestamp } from '../../../gateway/dc09/frame.js'

t.test('CRC-16/ARC and the length over the body, as real panels compute them', async (t) => {
  // Check values recomputed from frames of real panels (not CCITT, which some snippets use).
  t.equal(hex4(crc16('"ACK"0000L0#1409[]')), '5989')
  t.equal(hex4(crc16('"NULL"0000L0#1409[]_20:38:07,08-27-2026')), 'EA74')
  t.equal(frame('"ACK"0000L0#1409[]').toString('latin1'), '\n59890012"ACK"0000L0#1409[]\r')
  t.equal(frame('"NULL"0000L0#1409[]_20:38:07,08-27-2026').toString('latin1'), '\nEA740027"NULL"0000L0#1409[]_20:38:07,08-27-2026\r')
})

t.test('a frame is read into its header and the rest', async (t) => {
  const f = parseFrame(frame('"ADM-CID"0042R1AL2#12AB[#12AB|1130 01 015]_10:00:00,12-02-2026'))
  t.match(f, { id: 'ADM-CID', encrypted: false, seq: '0042', receiver: '1A', line: '2', account: '12AB', rest: '[#12AB|1130 01 015]_10:00:00,12-02-2026' })
  t.match(parseFrame(frame('"*SIA-DCS"0001L0#1234[ABCDEF]')), { id: 'SIA-DCS', encrypted: true })
  t.same(parseHeader('"NULL"0000L0#1409[]'), { encrypted: false, id: 'NULL', seq: '0000', receiver: undefined, line: '0', account: '1409' })
})

t.test('damaged frames say what is wrong', async (t) => {
  const good = frame('"NULL"0000L0#1409[]').toString('latin1')
  const err = (s: string | Buffer): string => {
    try { parseFrame(Buffer.isBuffer(s) ? s : Buffer.from(s, 'latin1')); return 'parsed' } catch (e) { return e instanceof FrameError ? e.code : 'threw ' + String(e) }
  }
  t.equal(err(good.replace('\n', '')), 'bad_framing')
  t.equal(err(good.replace('5989', '0000').replace(/^\n..../, '\n0000')), 'bad_crc')
  t.equal(err(good.replace('0013', '0014')), 'bad_length')
  t.equal(err(good.replace('0013', '00G3')), 'bad_length')
  t.equal(err(frame('"NULL"00L0#1409[]')), 'bad_header')
  t.equal(err(Buffer.from('\n\r')), 'bad_framing')
})

t.test('panel quirks, each only when the account asks for it', async (t) => {
  const body = '"NULL"0000L0#1409[]'
  const withCr = Buffer.from(`\n${hex4(crc16(body + '\r'))}0013${body}\r`, 'latin1')
  t.throws(() => parseFrame(withCr), { code: 'bad_crc' })
  t.equal(parseFrame(withCr, { crcIncludesCr: true }).account, '1409')
  const crc = Buffer.alloc(2)
  crc.writeUInt16BE(crc16(body))
  const binary = Buffer.concat([Buffer.from('\n'), crc, Buffer.from(`0013${body}\r`, 'latin1')])
  t.equal(parseFrame(binary, { binaryCrc: true }).id, 'NULL')
  t.throws(() => parseFrame(binary), FrameError)
})

t.test('timestamps are UTC and checked', async (t) => {
  const at = new Date(Date.UTC(2026, 11, 2, 9, 5, 7))
  t.equal(timestamp(at), '_09:05:07,12-02-2026')
  t.equal(parseTimestamp('_09:05:07,12-02-2026'), at.getTime())
  t.equal(parseTimestamp('_25:05:07,12-02-2026'), undefined)
  t.equal(parseTimestamp('_09:05:07,02-30-2026'), undefined)
  t.equal(parseTimestamp('09:05:07,12-02-2026'), undefined)
})

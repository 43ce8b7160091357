// What the simulator puts on the wire: decoded with Flare's own codec and, for malformed payloads,
// run through Flare's decode stage, which must reject each one for the reason the simulator expects.
import t from 'tap'
import { decode, encode, type Codec } from '../../gateway/codec/wire.js'
import { decodeStage } from '../../gateway/pipeline/decode.js'
import { Rejection, type AlertSource } from '../../gateway/pipeline/types.js'
import { MALFORMATIONS, malformedPayload } from '../../firmware-sim/malformed.js'
import { decodeAck, decodeDispatch, encodeAlert, encodeLocation, encodeReply, encodeTelemetry, type Press } from '../../firmware-sim/payloads.js'
import { Rng } from '../../firmware-sim/random.js'

const codecs: Codec[] = ['protobuf', 'json']
const NOW = 1_763_900_000_000
const press = (over: Partial<Press> = {}): Press => ({
  alertId: 'r1.7',
  seq: 7,
  kind: 'PANIC',
  triggeredAtMs: NOW + 0.75,
  deviceKind: 'wearable',
  position: { lat: -33.9249, lon: 18.4241 },
  batteryPct: 81,
  ...over
})
const source = (raw: Buffer, codec: Codec): AlertSource => ({ deviceId: 'd1', deviceKind: 'button', codec, personId: null, topic: 'dev/d1/alert', raw, receivedAt: NOW })

t.test('alerts decode to what was pressed, in both codecs', async (t) => {
  for (const codec of codecs) {
    const msg = decode('Alert', encodeAlert(press({ heartRateBpm: 130, kind: 'FALL' }), codec), codec)
    t.match(msg, { alertId: 'r1.7', seq: 7, kind: 'FALL', triggeredAtMs: NOW, batteryPct: 81, vitals: { heartRateBpm: 130 }, location: { lat: -33.9249, lon: 18.4241, source: 'GPS' } }, codec)
    const valid = decodeStage(source(encodeAlert(press(), codec), codec), 64 * 1024)
    t.equal(valid.alertId, 'r1.7', `${codec}: passes Flare's decode stage`)
  }
  const button = decode('Alert', encodeAlert(press({ deviceKind: 'button' }), 'protobuf'), 'protobuf')
  t.equal(button.location?.source, 'FIXED', 'a wall button reports a fixed location')
})

t.test('telemetry, replies and locations round-trip', async (t) => {
  for (const codec of codecs) {
    t.match(decode('Telemetry', encodeTelemetry({ atMs: NOW, deviceKind: 'wearable', position: { lat: 1, lon: 2 }, batteryPct: 50, heartRateBpm: 72 }, codec), codec),
      { atMs: NOW, batteryPct: 50, vitals: { heartRateBpm: 72 }, location: { lat: 1, lon: 2 } })
    t.match(decode('ResponderReply', encodeReply({ replyId: 'x', action: 'EN_ROUTE', incidentId: 'i', etaS: 61.6 }, codec, NOW), codec),
      { replyId: 'x', action: 'EN_ROUTE', incidentId: 'i', etaS: 62, sentAtMs: NOW })
    t.match(decode('Location', encodeLocation({ lat: 3, lon: 4 }, codec, NOW), codec), { lat: 3, lon: 4, fixAtMs: NOW })
  }
})

t.test('acks and dispatch messages decode; garbage from Flare is undefined, not an exception', async (t) => {
  for (const codec of codecs) {
    t.match(decodeAck(encode('AlertAck', { alertId: 'a', status: 'DUPLICATE', incidentNumber: 'INC-1' }, codec), codec), { alertId: 'a', status: 'DUPLICATE', incidentNumber: 'INC-1' })
    t.match(decodeDispatch(encode('DispatchMessage', { offer: { offerId: 'o', incidentId: 'i', location: { lat: 1, lon: 2 } } }, codec), codec), { offer: { offerId: 'o' } })
  }
  t.equal(decodeAck(Buffer.from('{nope'), 'json'), undefined)
  t.equal(decodeDispatch(Buffer.from([0x7f, 1, 2]), 'protobuf'), undefined)
})

t.test('every malformation is rejected by Flare with the reason the simulator expects, in both codecs', async (t) => {
  const rng = new Rng(42)
  for (const codec of codecs) {
    for (const m of MALFORMATIONS) {
      // Several draws: random bytes must be invalid by construction, not by luck.
      for (let i = 0; i < 20; i++) {
        const bad = malformedPayload(m, press({ triggeredAtMs: NOW }), codec, rng)
        let rejection: unknown
        try {
          decodeStage(source(bad.bytes, codec), 64 * 1024)
        } catch (err) {
          rejection = err
        }
        if (!(rejection instanceof Rejection)) { t.fail(`${codec} ${m}: not rejected (${String(rejection)})`); break }
        if (i > 0) continue
        t.equal(rejection.code, bad.expectedReason, `${codec} ${m}: ${rejection.code}`)
        t.equal(rejection.alertId === 'r1.7', bad.echoesAlertId, `${codec} ${m}: the ack ${bad.echoesAlertId ? 'names' : 'cannot name'} the alert`)
      }
    }
  }
})

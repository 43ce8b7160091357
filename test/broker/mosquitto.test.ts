/** Flare driven by Mosquitto's command-line clients: a third-party MQTT 3.1.1 implementation. */
import t from 'tap'
import { run, mosqAt as at, mosqAs as as } from '../helpers/mosquitto.js'
import { startTestFlare } from '../helpers/flare.js'

t.test('a device subscribed with mosquitto_sub receives its ack', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device()
  // -d prints the SUBACK, so the test publishes only once the subscription exists.
  const sub = run(t, 'mosquitto_sub', [...at(f), ...as(d.id, d.secret), '-t', `dev/${d.id}/ack`, '-q', '1', '-C', '1', '-v', '-d'])
  t.equal(await sub.line(/^Subscribed \(mid: \d+\): /), 'Subscribed (mid: 1): 1', 'SUBACK grants QoS 1')
  await f.app.broker.publish(`dev/${d.id}/ack`, 'hello')
  t.equal(await sub.line(/ hello$/), `dev/${d.id}/ack hello`, 'mosquitto_sub printed the ack')
  const { code } = await sub.exit
  t.equal(code, 0, 'mosquitto_sub exits 0 after -C 1')
})

t.test('a device publishes with mosquitto_pub at QoS 1; a refused subscription is reported as 128', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device()
  const pub = await run(t, 'mosquitto_pub', [...at(f), ...as(d.id, d.secret), '-t', `dev/${d.id}/telemetry`, '-q', '1', '-n', '-d']).exit
  t.equal(pub.code, 0, 'mosquitto_pub exits 0')
  t.match(pub.stdout, /received PUBACK/, 'PUBACK received')

  const sub = run(t, 'mosquitto_sub', [...at(f), ...as(d.id, d.secret), '-t', 'dispatch/#', '-q', '1', '-d'])
  t.equal(await sub.line(/^Subscribed \(mid: \d+\): /), 'Subscribed (mid: 1): 128', 'dispatch/# refused with 0x80')
})

t.test('mosquitto_pub with a wrong password is refused and exits non-zero', async (t) => {
  const f = await startTestFlare(t)
  const d = await f.device()
  const res = await run(t, 'mosquitto_pub', [...at(f), ...as(d.id, 'wrong-secret'), '-t', `dev/${d.id}/telemetry`, '-q', '1', '-n']).exit
  t.not(res.code, 0, `exit code ${String(res.code)}`)
  t.match(res.stderr, /bad user name or password/i, 'stderr names the CONNACK reason')
  const anon = await run(t, 'mosquitto_pub', [...at(f), '-t', 'demo/x', '-m', 'hi']).exit
  t.not(anon.code, 0, 'anonymous mosquitto_pub refused by default')
  t.match(anon.stderr, /not authori[sz]ed/i, 'stderr says not authorised')
})

t.test('development mode: mosquitto_pub → mosquitto_sub round trip on a free topic', async (t) => {
  const f = await startTestFlare(t, { MQTT_ALLOW_ANONYMOUS: 'true' })
  const sub = run(t, 'mosquitto_sub', [...at(f), '-t', 'demo/roundtrip', '-q', '1', '-C', '1', '-v', '-d'])
  t.equal(await sub.line(/^Subscribed \(mid: \d+\): /), 'Subscribed (mid: 1): 1', 'anonymous subscription granted')
  const pub = await run(t, 'mosquitto_pub', [...at(f), '-t', 'demo/roundtrip', '-q', '1', '-m', 'ping from mosquitto_pub']).exit
  t.equal(pub.code, 0, 'mosquitto_pub exits 0')
  t.equal(await sub.line(/^demo\/roundtrip /), 'demo/roundtrip ping from mosquitto_pub', 'mosquitto_sub printed it')
  t.equal((await sub.exit).code, 0, 'mosquitto_sub exits 0')

  const reserved = run(t, 'mosquitto_sub', [...at(f), '-t', 'dev/#', '-d'])
  t.equal(await reserved.line(/^Subscribed \(mid: \d+\): /), 'Subscribed (mid: 1): 128', 'dev/# refused for anonymous')
})

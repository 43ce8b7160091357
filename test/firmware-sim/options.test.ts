import t from 'tap'
import { joinNegativeValues, parseArea, parseDuration, parseNumber, parseRange, resolveApiKey, resolveUrls, UsageError } from '../../firmware-sim/cli/options.js'

t.test('durations take units; a bare number is seconds', async (t) => {
  t.equal(parseDuration('--d', '60s'), 60_000)
  t.equal(parseDuration('--d', '2m'), 120_000)
  t.equal(parseDuration('--d', '1500ms'), 1500)
  t.equal(parseDuration('--d', '1.5'), 1500)
  t.equal(parseDuration('--d', '1h'), 3_600_000)
  for (const bad of ['', 'soon', '-5s', '0s', '10 parsecs']) t.throws(() => parseDuration('--d', bad), UsageError, bad)
})

t.test('numbers, ranges and areas are checked and name the flag', async (t) => {
  t.equal(parseNumber('--rate', '2.5', { min: 0 }), 2.5)
  t.throws(() => parseNumber('--buttons', '1.5', { integer: true }), /--buttons must be a whole number/)
  t.throws(() => parseNumber('--rate', 'x'), /--rate must be a number/)
  t.throws(() => parseNumber('--p', '2', { max: 1 }), /at most 1/)
  t.same(parseRange('--think-ms', '200-1500'), [200, 1500])
  t.same(parseRange('--think-ms', '300'), [300, 300])
  t.throws(() => parseRange('--think-ms', '9-1'), /MIN must not exceed MAX/)
  t.same(parseArea('--area', '-33.9,18.4,2500'), { lat: -33.9, lon: 18.4, radiusM: 2500 })
  t.throws(() => parseArea('--area', '95,18,10'), /latitude must be at most 90/)
  t.throws(() => parseArea('--area', '1,2'), /lat,lon,radiusM/)
})

t.test('URLs: flags, then the environment, then the fleet file, then derived from the REST URL', async (t) => {
  t.same(resolveUrls({}, {}), { http: 'http://127.0.0.1:8080', mqtt: 'mqtt://127.0.0.1:1883', ws: 'ws://127.0.0.1:8080/mqtt' })
  t.same(resolveUrls({}, { FLARE_URL: 'https://flare.example:8443/' }), { http: 'https://flare.example:8443', mqtt: 'mqtt://flare.example:1883', ws: 'wss://flare.example:8443/mqtt' })
  const env = { FLARE_URL: 'http://h:1', FLARE_MQTT_URL: 'mqtt://h:2', FLARE_WS_URL: 'ws://h:3/mqtt' }
  t.same(resolveUrls({}, env), { http: 'http://h:1', mqtt: 'mqtt://h:2', ws: 'ws://h:3/mqtt' })
  t.same(resolveUrls({ url: 'http://f:9', 'mqtt-url': 'mqtt://f:8' }, env), { http: 'http://f:9', mqtt: 'mqtt://f:8', ws: 'ws://h:3/mqtt' })
  const fleet = { http: 'http://fleet:1', mqtt: 'mqtt://fleet:2', ws: 'ws://fleet:3/mqtt' }
  t.same(resolveUrls({}, {}, fleet), fleet, 'the fleet file when nothing else says')
  t.throws(() => resolveUrls({ url: 'not a url' }, {}), UsageError)
})

t.test('the API key: --api-key, then FLARE_API_KEY, then FLARE_KEY', async (t) => {
  t.equal(resolveApiKey('flag', { FLARE_API_KEY: 'env', FLARE_KEY: 'old' }), 'flag')
  t.equal(resolveApiKey(undefined, { FLARE_API_KEY: 'env', FLARE_KEY: 'old' }), 'env')
  t.equal(resolveApiKey(undefined, { FLARE_KEY: 'old' }), 'old')
  t.equal(resolveApiKey(undefined, { FLARE_API_KEY: '' }), undefined)
})

t.test('negative numbers after a flag are its value, not another flag', async (t) => {
  t.same(joinNegativeValues(['--area', '-33.9,18.4,500', '--seed', '3']), ['--area=-33.9,18.4,500', '--seed', '3'])
  t.same(joinNegativeValues(['--json', '--quiet']), ['--json', '--quiet'])
  t.same(joinNegativeValues(['--area=-1,2,3']), ['--area=-1,2,3'])
})

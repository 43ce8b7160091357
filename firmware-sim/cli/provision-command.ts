// firmware-sim provision: create a fleet through the REST API and write fleet.json.
import { parseArgs } from 'node:util'
import { writeFleet } from '../fleet.js'
import { PANEL_ENCRYPTIONS, provisionFleet, type PanelEncryption } from '../provision.js'
import { CONNECTION_FLAGS, CONNECTION_HELP, EXIT, joinNegativeValues, parseArea, parseList, parseNumber, resolveApiKey, resolveUrls, UsageError } from './options.js'

export const summary = 'create simulated devices and responders in Flare and write fleet.json'

export const usage = `Usage: firmware-sim provision --out fleet.json [--buttons N] [--wearables N] [--phones N] [--panels N] [--responders N] [options]

Creates the fleet through Flare's REST API (POST /api/v1/devices, /api/v1/responders and, for alarm
panels, /api/v1/alarm-accounts) with an admin key, and writes fleet.json: ids, MQTT secrets (shown
by Flare only once) and panels' AES keys (the file is made mode 0600), kinds, codecs, positions and
Flare's URLs. Buttons and wearables are registered for protobuf over MQTT/TCP, phones for JSON over
MQTT-over-WebSocket, panels as DC-09 alarm accounts (\`run --protocol dc09\` drives them). Two in
three responders get role "security", one in three "medic".

Fleet:
  --buttons N          panic buttons                                      [default 0]
  --wearables N        wearables (fall detection, heart rate)             [default 0]
  --phones N           phones                                             [default 0]
  --responders N       responders                                         [default 0]
  --panels N           alarm panels: DC-09 alarm accounts                 [default 0]
  --panel-encryption E aes-128, aes-192, aes-256 (a random key each), or none (clear)  [default aes-128]
  --out FILE           where to write the fleet (required)
  --area LAT,LON,R     spread everything uniformly within R metres        [default -33.9249,18.4241,5000]
  --zones Z1,Z2        give responders these zones, round-robin (they then serve only incidents inside them)
  --prefix P           id prefix                                          [default sim-XXXX, random]
  --seed N             seed for the positions                             [default random]
  --concurrency N      REST requests in flight                            [default 16]

${CONNECTION_HELP}

Example:
  FLARE_URL=http://127.0.0.1:8080 FLARE_API_KEY=... firmware-sim provision --buttons 50 --wearables 20 --phones 30 --responders 10 --out fleet.json
  firmware-sim provision --panels 40 --responders 6 --dc09-address 127.0.0.1:7070 --out panels.json
`

export async function provisionCommand (argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const { values } = parseArgs({
    args: joinNegativeValues(argv),
    options: {
      ...CONNECTION_FLAGS,
      buttons: { type: 'string' },
      wearables: { type: 'string' },
      phones: { type: 'string' },
      responders: { type: 'string' },
      out: { type: 'string' },
      area: { type: 'string' },
      zones: { type: 'string' },
      prefix: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      panels: { type: 'string' },
      'panel-encryption': { type: 'string' }
    },
    strict: true,
    allowPositionals: false
  })
  if (values.help === true) { process.stdout.write(usage); return EXIT.ok }
  if (values.out === undefined) throw new UsageError('--out FILE is required')
  const count = (flag: 'buttons' | 'wearables' | 'phones' | 'responders' | 'panels'): number =>
    values[flag] === undefined ? 0 : parseNumber(`--${flag}`, values[flag], { min: 0, integer: true })
  const counts = { buttons: count('buttons'), wearables: count('wearables'), phones: count('phones'), responders: count('responders'), panels: count('panels') }
  if (Object.values(counts).every(n => n === 0)) throw new UsageError('nothing to provision: give --buttons, --wearables, --phones, --panels and/or --responders')
  const encryption = values['panel-encryption'] ?? 'aes-128'
  if (!(PANEL_ENCRYPTIONS as readonly string[]).includes(encryption)) throw new UsageError(`--panel-encryption must be one of ${PANEL_ENCRYPTIONS.join(', ')} (got "${encryption}")`)
  if (values['panel-encryption'] !== undefined && counts.panels === 0) throw new UsageError('--panel-encryption goes with --panels N')
  if (values.prefix !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/.test(values.prefix)) throw new UsageError('--prefix: letters, digits, dot, dash, underscore; at most 41')
  const apiKey = resolveApiKey(values['api-key'], env)
  if (apiKey === undefined) throw new UsageError('an admin API key is needed: --api-key or FLARE_API_KEY')

  const tty = process.stderr.isTTY === true
  let lastLine = 0
  let quietUntil = 0
  const fleet = await provisionFleet({
    urls: resolveUrls(values, env),
    apiKey,
    ...counts,
    panelEncryption: encryption as PanelEncryption,
    area: values.area === undefined ? { lat: -33.9249, lon: 18.4241, radiusM: 5000 } : parseArea('--area', values.area),
    zones: values.zones === undefined ? [] : parseList(values.zones),
    idPrefix: values.prefix,
    seed: values.seed === undefined ? undefined : parseNumber('--seed', values.seed, { integer: true, min: 0 }),
    concurrency: values.concurrency === undefined ? 16 : parseNumber('--concurrency', values.concurrency, { integer: true, min: 1, max: 256 }),
    onProgress: (done, total) => {
      const line = `provisioned ${done}/${total}`
      if (tty) process.stderr.write(`\r\x1b[2K${line}`)
      else if (done === total || Date.now() - lastLine >= 5000) { lastLine = Date.now(); process.stderr.write(line + '\n') }
    },
    // Every request in flight is told to wait at once: one line per wait, not one per request.
    onWait: ({ seconds, status, method, path }) => {
      if (Date.now() < quietUntil) return
      quietUntil = Date.now() + seconds * 1000
      const why = status === 429 ? 'over its rate limit (API_RATE_LIMIT_PER_MIN)' : 'unavailable for now'
      process.stderr.write(`${tty ? '\n' : ''}Flare answered ${status} (${why}) to ${method} ${path}: waiting ${seconds} s, then going on\n`)
    }
  })
  if (tty) process.stderr.write('\n')
  await writeFleet(values.out, fleet)
  const panels = fleet.panels === undefined ? '' : `, ${fleet.panels.length} alarm panels`
  process.stderr.write(`wrote ${values.out}: ${fleet.devices.length} devices${panels}, ${fleet.responders.length} responders (MQTT ${fleet.urls.mqtt}, WebSocket ${fleet.urls.ws}${fleet.urls.dc09 === undefined ? '' : `, DC-09 ${fleet.urls.dc09}`})\n`)
  return EXIT.ok
}

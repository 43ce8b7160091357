// The command line as a user meets it: --help everywhere, usage errors with exit code 2, and
// provision → run → check against an in-process Flare.
import t from 'tap'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFleet } from '../../firmware-sim/fleet.js'
import { cli } from '../helpers/cli.js'
import { ADMIN_KEY, startTestFlare } from '../helpers/flare.js'

t.test('--help on every command, exit 0; no command prints the overview and exits 2', async (t) => {
  for (const cmd of ['provision', 'run', 'check']) {
    const r = await cli(cmd, '--help')
    t.equal(r.code, 0, `${cmd} --help`)
    t.match(r.stdout, new RegExp(`^Usage: firmware-sim ${cmd} `), `${cmd} --help prints its usage`)
    t.match(r.stdout, /FLARE_API_KEY/, `${cmd} --help names the environment fallbacks`)
  }
  t.match((await cli('run', '--help')).stdout, /offline-replay +30 % of devices go offline/, 'run --help lists the built-in scenarios')
  const top = await cli('--help')
  t.equal(top.code, 0)
  t.match(top.stdout, /provision .*\n.*run .*\n.*check /)
  t.equal((await cli()).code, 2)
})

t.test('usage errors exit 2 and point to --help', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['bogus'], /unknown command "bogus"/],
    [['run'], /--fleet FILE is required/],
    [['run', '--fleet', 'x.json', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['provision', '--out', 'f.json'], /nothing to provision/],
    [['provision', '--out', 'f.json', '--buttons', 'two'], /--buttons must be a number/],
    [['check'], /which run log\?/]
  ]
  for (const [argv, message] of cases) {
    const r = await cli(...argv)
    t.equal(r.code, 2, argv.join(' '))
    t.match(r.stderr, message, argv.join(' '))
  }
  t.match((await cli('run', '--fleet', 'x.json')).stderr, /See `firmware-sim run --help`/)
})

t.test('db-proxy: --help, and a bad --target is a usage error', async (t) => {
  const help = await cli('db-proxy', '--help')
  t.equal(help.code, 0)
  t.match(help.stdout, /^Usage: firmware-sim db-proxy /)
  t.match(help.stdout, /POST \/cut/)
  t.match((await cli('--help')).stdout, /db-proxy +a cuttable path to PostgreSQL/)
  const bad = await cli('db-proxy', '--target', 'nowhere')
  t.equal(bad.code, 2)
  t.match(bad.stderr, /--target must be HOST:PORT/)
  t.match((await cli('run', '--help')).stdout, /--db-outage START:DURATION/)
})

t.test('provision → run → check through the command line', async (t) => {
  const f = await startTestFlare(t)
  const dir = await mkdtemp(join(tmpdir(), 'fsim-cli-'))
  const conn = ['--url', f.httpUrl, '--mqtt-url', f.mqttUrl, '--ws-url', f.wsUrl, '--api-key', ADMIN_KEY]
  const fleetPath = join(dir, 'fleet.json')
  const p = await cli('provision', '--buttons', '2', '--phones', '1', '--responders', '2', '--out', fleetPath, '--area', '-33.92,18.42,1000', '--seed', '3', ...conn)
  t.equal(p.code, 0, p.stderr)
  t.match(p.stderr, /provisioned 5\/5/, 'progress on stderr')
  const fleet = await readFleet(fleetPath)
  t.same(fleet.urls, { http: f.httpUrl, mqtt: f.mqttUrl, ws: f.wsUrl }, 'the URLs are kept in the fleet file')
  t.equal(fleet.devices.length, 3)

  const logPath = join(dir, 'run.json')
  const reportPath = join(dir, 'report.json')
  const r = await cli('run', '--fleet', fleetPath, '--scenario', 'steady', '--duration', '2s', '--rate', '4', '--seed', '9', '--json', '--quiet',
    '--log', logPath, '--report-json', reportPath, '--think-ms', '10-50', '--drain', '5s', '--api-key', ADMIN_KEY)
  t.equal(r.code, 0, r.stderr)
  const report = JSON.parse(r.stdout)
  t.same(JSON.parse(await readFile(reportPath, 'utf8')), report, '--report-json holds the same report')
  t.match(report, { scenario: 'steady', seed: 9, rate: 4, invariants: { ok: true } })
  for (const k of ['pressToPuback', 'pressToAck', 'pressToOffer', 'pressToAccept']) t.hasOwnProps(report.latencyMs[k], ['count', 'p50', 'p95', 'p99', 'max'], k)
  t.match(r.stderr, /press → PUBACK/, 'the table goes to stderr with --json')

  const c = await cli('check', logPath, '--api-key', ADMIN_KEY)
  t.equal(c.code, 0, c.stderr)
  t.match(c.stdout, /invariants {2}OK/)
  const j = await cli('check', '--log', logPath, '--json', '--api-key', ADMIN_KEY)
  t.match(JSON.parse(j.stdout), { ok: true, violations: [] })
})

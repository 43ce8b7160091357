// firmware-sim db-proxy: a TCP proxy in front of PostgreSQL, for runs with a database outage.
import { parseArgs } from 'node:util'
import { serveControl, startDbProxy } from '../db-proxy.js'
import { EXIT, parseNumber, UsageError } from './options.js'

export const summary = 'a cuttable path to PostgreSQL, for runs with --db-outage'

export const usage = `Usage: firmware-sim db-proxy [--listen 6432] [--target 127.0.0.1:5432] [--control 6433]

Forwards TCP connections from --listen to PostgreSQL at --target until Ctrl-C. Start Flare with its
DATABASE_URL pointing at the proxy's port; \`firmware-sim run --db-outage START:DURATION
--db-proxy-control http://127.0.0.1:6433\` then cuts and restores the path during the run. The
control also answers by hand: curl -X POST http://127.0.0.1:6433/cut (and /restore).

  --listen PORT       where Flare connects                        [default 6432]
  --target HOST:PORT  the PostgreSQL server                       [default 127.0.0.1:5432]
  --control PORT      the HTTP control (POST /cut, POST /restore) [default 6433]
`

export async function dbProxyCommand (argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' }, listen: { type: 'string' }, target: { type: 'string' }, control: { type: 'string' } },
    strict: true,
    allowPositionals: false
  })
  if (values.help === true) { process.stdout.write(usage); return EXIT.ok }
  const listen = parseNumber('--listen', values.listen ?? '6432', { integer: true, min: 0, max: 65535 })
  const controlPort = parseNumber('--control', values.control ?? '6433', { integer: true, min: 0, max: 65535 })
  const [host, portText] = (values.target ?? '127.0.0.1:5432').split(':')
  if (host === '' || portText === undefined) throw new UsageError('--target must be HOST:PORT, e.g. 127.0.0.1:5432')
  const proxy = await startDbProxy({ host, port: parseNumber('--target port', portText, { integer: true, min: 1, max: 65535 }) }, listen)
  const control = await serveControl(proxy, controlPort)
  process.stderr.write(`db-proxy: 127.0.0.1:${proxy.port} → ${host}:${portText}; control http://127.0.0.1:${control.port} (POST /cut, /restore)\n`)
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()))
  await control.close()
  await proxy.close()
  return EXIT.ok
}

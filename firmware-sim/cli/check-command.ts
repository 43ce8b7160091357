// firmware-sim check: the invariant check alone, on a saved run log.
import { parseArgs } from 'node:util'
import { checkRun } from '../check-run.js'
import { formatInvariants } from '../report-table.js'
import { readRunLog } from '../sim/run-log.js'
import { CONNECTION_FLAGS, CONNECTION_HELP, EXIT, joinNegativeValues, resolveApiKey, resolveUrls, UsageError } from './options.js'

export const summary = 'check the invariants of a saved run log against Flare again'

export const usage = `Usage: firmware-sim check --log RUNLOG.json [--json] [options]
       firmware-sim check RUNLOG.json

Runs only the invariant check on the log a \`run\` saved (its --log, or the path it printed),
fetching Flare's view through the REST API again: useful after a restart of Flare, or to re-check
once offers and escalations have settled. Exit status: 0 all hold, 1 violations, 2 bad command
line, 3 could not check.

  --log FILE   the run log (or give it as the only argument)
  --json       print the result as JSON

${CONNECTION_HELP}
  (Without --url or FLARE_URL, the REST URL recorded in the log is used.)
`

export async function checkCommand (argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinNegativeValues(argv),
    options: { ...CONNECTION_FLAGS, log: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
    allowPositionals: true
  })
  if (values.help === true) { process.stdout.write(usage); return EXIT.ok }
  if (positionals.length > 1 || (positionals.length === 1 && values.log !== undefined)) throw new UsageError('give one run log, with --log or as the argument')
  const path = values.log ?? positionals[0]
  if (path === undefined) throw new UsageError('which run log? --log FILE')
  let log
  try {
    log = await readRunLog(path)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const apiKey = resolveApiKey(values['api-key'], env)
  if (apiKey === undefined) throw new UsageError('an API key is needed: --api-key or FLARE_API_KEY')
  const result = await checkRun(log, { apiKey, httpUrl: resolveUrls(values, env, log.urls).http })
  if (values.json === true) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
  else process.stdout.write(`run ${log.runId} (${log.scenario}, ${new Date(log.startedAtMs).toISOString()})\n${formatInvariants(result).join('\n')}\n`)
  return result.ok ? EXIT.ok : EXIT.violations
}

#!/usr/bin/env node
// firmware-sim: simulated buttons, wearables, phones, alarm panels and responders for Flare. See README.md.
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkCommand, summary as checkSummary } from './cli/check-command.js'
import { dbProxyCommand, summary as dbProxySummary } from './cli/db-proxy-command.js'
import { EXIT, UsageError } from './cli/options.js'
import { provisionCommand, summary as provisionSummary } from './cli/provision-command.js'
import { runCommand, summary as runSummary } from './cli/run-command.js'

type Command = (argv: string[], env: Record<string, string | undefined>) => Promise<number>

const COMMANDS: Record<string, { run: Command, summary: string }> = {
  provision: { run: provisionCommand, summary: provisionSummary },
  run: { run: runCommand, summary: runSummary },
  check: { run: checkCommand, summary: checkSummary },
  'db-proxy': { run: dbProxyCommand, summary: dbProxySummary }
}

export const usage = `Usage: firmware-sim <command> [options]

Simulated panic buttons, wearables, phones, alarm panels and responders that drive a Flare
installation over MQTT (panels over SIA DC-09), measure press-to-dispatch latency and check that no
alert is lost or doubled.

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join('\n')}

Run \`firmware-sim <command> --help\` for a command's options. A typical session:
  export FLARE_URL=http://127.0.0.1:8080 FLARE_API_KEY=...
  firmware-sim provision --buttons 20 --wearables 10 --phones 10 --responders 6 --out fleet.json
  firmware-sim run --fleet fleet.json --scenario steady --duration 30s --rate 5
`

export async function main (argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage)
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  const command = COMMANDS[name]
  if (command === undefined) {
    process.stderr.write(`firmware-sim: unknown command "${name}"\n\n${usage}`)
    return EXIT.usage
  }
  try {
    return await command.run(rest, env)
  } catch (err) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed flags.
    const code = (err as { code?: string }).code ?? ''
    if (err instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`firmware-sim ${name}: ${(err as Error).message}\nSee \`firmware-sim ${name} --help\`.\n`)
      return EXIT.usage
    }
    process.stderr.write(`firmware-sim ${name}: ${(err as Error).message}\n`)
    return EXIT.failure
  }
}

// Run only when executed (also through the npm bin symlink), not when imported by tests.
const entry = process.argv[1] === undefined ? '' : realpathSync(process.argv[1])
if (entry === fileURLToPath(import.meta.url)) {
  const code = await main(process.argv.slice(2))
  process.exitCode = code
  // Idle keep-alive sockets (fetch) must not hold the exit up; unref'd, so a prompt exit is not delayed.
  setTimeout(() => process.exit(code), 2000).unref()
}

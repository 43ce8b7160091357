import { main } from '../../firmware-sim/cli.js'

/** Runs firmware-sim's CLI in-process; its stdout and stderr are captured (tap reads this process's stdout). */
export async function cli (...argv: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  const out: string[] = []
  const err: string[] = []
  const realOut = process.stdout.write.bind(process.stdout)
  const realErr = process.stderr.write.bind(process.stderr)
  process.stdout.write = ((chunk: string | Uint8Array) => { out.push(String(chunk)); return true }) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => { err.push(String(chunk)); return true }) as typeof process.stderr.write
  try {
    const code = await main(argv, {})
    return { code, stdout: out.join(''), stderr: err.join('') }
  } finally {
    process.stdout.write = realOut
    process.stderr.write = realErr
  }
}

import { userInfo } from 'node:os'

/** Who the audit log names for a change made from the command line. */
export function cliActor (): string {
  let who = 'unknown'
  try { who = userInfo().username } catch {}
  return `cli:${who}`
}

/** All of stdin, without the one line ending a shell or `echo` adds. */
export async function readStdin (stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

/** Columns padded to their widest cell. */
export function table (header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)))
  return [header, ...rows].map(r => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n'
}

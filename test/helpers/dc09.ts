import { createSocket } from 'node:dgram'
import { connect, type Socket } from 'node:net'
import { encryptRest } from '../../gateway/dc09/cipher.js'
import { frame, timestamp } from '../../gateway/dc09/frame.js'

/** A panel's message: `"ID"seq[R]L#acct[data][ext]_ts`, encrypted with `key` when given. */
export function panelMessage (m: { id: string, seq: number, account: string, data: string, receiver?: string, line?: string, ext?: string[], at?: Date | null, key?: Buffer }): Buffer {
  const ts = m.at === null ? '' : timestamp(m.at ?? new Date())
  const head = `${m.key === undefined ? '' : '*'}${m.id}`
  const route = `${m.receiver === undefined ? '' : `R${m.receiver}`}L${m.line ?? '0'}#${m.account}`
  const ext = (m.ext ?? []).map(e => `[${e}]`).join('')
  const rest = m.key === undefined ? `[${m.data}]${ext}${ts}` : encryptRest(`${m.data}]${ext}${ts}`, m.key)
  return frame(`"${head}"${String(m.seq).padStart(4, '0')}${route}${rest}`)
}

/** A panel's TCP connection: send a message, read the reply (LF … CR). */
export class TcpPanel {
  private buffer = Buffer.alloc(0)
  private waiting: Array<(b: Buffer) => void> = []
  closed: Promise<void>

  private constructor (readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk])
      for (;;) {
        const end = this.buffer.indexOf(0x0d)
        if (end < 0 || this.waiting.length === 0) break
        const reply = this.buffer.subarray(0, end + 1)
        this.buffer = this.buffer.subarray(end + 1)
        this.waiting.shift()?.(reply)
      }
    })
    socket.on('error', () => {})
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()))
  }

  static async open (port: number): Promise<TcpPanel> {
    const socket = connect(port, '127.0.0.1')
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
    return new TcpPanel(socket)
  }

  async send (message: Buffer | string): Promise<string> {
    const reply = new Promise<Buffer>((resolve) => this.waiting.push(resolve))
    this.socket.write(message)
    const timeout = new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('no reply within 10 s')), 10_000).unref())
    return (await Promise.race([reply, timeout])).toString('latin1')
  }

  end (): void {
    this.socket.destroy()
  }
}

/** One UDP datagram and its reply. */
export async function udpSend (port: number, message: Buffer): Promise<string> {
  const s = createSocket('udp4')
  try {
    return await new Promise<string>((resolve, reject) => {
      s.once('message', (msg) => resolve(msg.toString('latin1')))
      s.send(message, port, '127.0.0.1', (err) => { if (err != null) reject(err) })
      setTimeout(() => reject(new Error('no UDP reply within 10 s')), 10_000).unref()
    })
  } finally {
    s.close()
  }
}

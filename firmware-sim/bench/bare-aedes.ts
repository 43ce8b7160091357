// A bare Aedes on an ephemeral port, for the side-by-side benchmark: no auth, no ACL, in-memory.
// Prints {"port": N} on stdout once listening.
import { createServer } from 'node:net'
import { Aedes } from 'aedes'

const broker = await Aedes.createBroker()
const server = createServer((socket) => { broker.handle(socket) })
server.listen(0, '127.0.0.1', () => {
  const addr = server.address()
  process.stdout.write(JSON.stringify({ port: typeof addr === 'object' && addr !== null ? addr.port : 0 }) + '\n')
})
process.on('SIGTERM', () => { server.close(); broker.close(() => process.exit(0)) })

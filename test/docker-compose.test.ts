// docker-compose.yml as Docker Compose reads it (no engine here to run it): it parses, its nodes
// are told apart, and they believe X-Forwarded-For from HAProxy's address and from nothing else.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true })
const haproxyCfg = readFileSync(new URL('../haproxy/haproxy.cfg', import.meta.url), 'utf8')
const nodes = Object.entries(compose.services as Record<string, any>).filter(([name]) => name.startsWith('flare-'))

/** An IPv4 address inside a CIDR range. */
function inSubnet (ip: string, cidr: string): boolean {
  const n = (a: string): number => a.split('.').reduce((v, o) => v * 256 + Number(o), 0)
  const [base, bits] = cidr.split('/')
  const size = 2 ** (32 - Number(bits))
  return Math.floor(n(ip) / size) === Math.floor(n(base) / size)
}

t.test('it parses, with two Flare nodes that differ in NODE_ID and each keep a data volume', async (t) => {
  t.ok(nodes.length >= 2, `${nodes.length} Flare nodes`)
  t.equal(new Set(nodes.map(([, s]) => s.environment.NODE_ID)).size, nodes.length, 'NODE_ID differs between nodes')
  t.ok(nodes.every(([, s]) => (s.volumes as string[]).some(v => v.endsWith(':/app/data'))), 'each node\'s DATA_DIR (its journal) is on a volume')
  t.ok(nodes.every(([, s]) => s.environment.REDIS_URL !== undefined), 'cluster mode on every node')
})

t.test('the nodes trust X-Forwarded-For from HAProxy\'s fixed address only, and HAProxy sends it', async (t) => {
  const address = compose.services.haproxy.networks.default.ipv4_address as string
  const subnet = compose.networks.default.ipam.config[0].subnet as string
  t.ok(inSubnet(address, subnet), `HAProxy's ${address} is on the compose network ${subnet}`)
  t.same(nodes.map(([, s]) => s.environment.HTTP_TRUST_PROXY), nodes.map(() => address), 'every node: HTTP_TRUST_PROXY is HAProxy\'s address')
  t.match(haproxyCfg, /^\s*option forwardfor\b/m, 'haproxy.cfg adds X-Forwarded-For')
})

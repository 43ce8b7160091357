// Degraded dispatch's peers: on one node in process, in cluster mode in Redis (the machine's real one).
import t from 'tap'
import { randomUUID } from 'node:crypto'
import pino from 'pino'
import { LocalPeers, RedisPeers, type ForwardedReply } from '../../../gateway/dispatch/degraded-peers.js'

const redis = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const log = pino({ level: 'silent' })

t.test('one node: the first accept wins, the same responder again is told yes, nothing is owned elsewhere', async (t) => {
  const peers = new LocalPeers()
  t.equal(await peers.claim('P-x-1', 'r1'), true)
  t.equal(await peers.claim('P-x-1', 'r2'), false)
  t.equal(await peers.claim('P-x-1', 'r1'), true, 'a repeated accept of the winner')
  t.equal(await peers.claim('P-x-2', 'r2'), true, 'another incident is decided on its own')
  await peers.offered()
  t.equal(await peers.ownerOf(), undefined)
})

t.test('Redis: racing claims from two nodes, one winner; owners of offers; replies forwarded to the owner', async (t) => {
  const [a, b] = [new RedisPeers(redis, `peer-a-${randomUUID()}`, log), new RedisPeers(redis, `peer-b-${randomUUID()}`, log)]
  const heard: ForwardedReply[] = []
  const seenByA: unknown[] = []
  const seenByB: unknown[] = []
  await a.start({ reply: (r) => heard.push(r), event: (e) => seenByA.push(e) })
  await b.start({ reply: () => {}, event: (e) => seenByB.push(e) })
  t.teardown(async () => { await a.stop(); await b.stop() })

  const provisional = `P-test-${randomUUID()}`
  const claims = await Promise.all(Array.from({ length: 20 }, async (_, i) => await (i % 2 === 0 ? a : b).claim(provisional, `r${i}`)))
  t.equal(claims.filter(Boolean).length, 1, 'of 20 racing accepts on two nodes, exactly one wins')
  const winner = `r${claims.indexOf(true)}`
  t.equal(await b.claim(provisional, winner), true, 'the winner asking again is told yes')

  const offerId = randomUUID()
  await a.offered(offerId)
  t.equal(await a.ownerOf(offerId), undefined, 'the node that made the offer owns it itself')
  const owner = await b.ownerOf(offerId)
  t.match(owner, /^peer-a-/, 'another node learns who made it')
  t.equal(await b.ownerOf(randomUUID()), undefined, 'an offer no degraded node made has no owner')

  const reply: ForwardedReply = { responderId: 'r1', codec: 'json', reply: { replyId: 'x', action: 'ACCEPT', offerId } }
  await b.forward(owner!, reply)
  for (let i = 0; i < 100 && heard.length === 0; i++) await new Promise(resolve => setTimeout(resolve, 20))
  t.same(heard, [reply], 'the reply reaches the owner')
  const event = { type: 'incident.opened', at: new Date().toISOString(), incident: { id: provisional, number: provisional }, detail: { provisional: true } } as any
  await a.share(event)
  for (let i = 0; i < 100 && seenByB.length === 0; i++) await new Promise(resolve => setTimeout(resolve, 20))
  t.same(seenByB, [event], 'a live event reaches the other node')
  t.same(seenByA, [], 'and not its own node again (it delivered it in process)')
  await t.rejects(b.forward('peer-nobody', reply), /not listening/, 'a reply for a node that is gone is refused, not dropped silently')
})

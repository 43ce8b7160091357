// The HTTP server's logger: request lines stay out unless debug is asked for, and it never logs
// more than the logger it was given (a silent Flare, as in the tests, stays silent).
import t from 'tap'
import { pino } from 'pino'
import { createHttpServer, redactUrl } from '../../../gateway/api/server.js'

async function logged (level: string): Promise<string[]> {
  const lines: string[] = []
  const app = await createHttpServer(pino({ level }, { write: (line: string) => { lines.push(JSON.parse(line).msg) } }))
  app.log.info('info line')
  app.log.warn('warn line')
  app.log.error('error line')
  await app.close()
  return lines
}

t.test('the http logger takes the parent\'s level where that is above warn', async (t) => {
  t.same(await logged('silent'), [], 'silent stays silent')
  t.same(await logged('error'), ['error line'], 'error: errors only')
  t.same(await logged('info'), ['warn line', 'error line'], 'info: warnings and errors, no request lines')
  t.same(await logged('debug'), ['info line', 'warn line', 'error line'], 'debug: everything')
})

t.test('request lines never carry a credential from the query string', async (t) => {
  const lines: string[] = []
  const app = await createHttpServer(pino({ level: 'debug' }, { write: (line: string) => { lines.push(line) } }))
  app.get('/api/v1/live', async () => ({ ok: true }))
  const res = await app.inject({ method: 'GET', url: '/api/v1/live?priority=2&token=flr_secret-key-123&Access_Token=other-secret' })
  t.equal(res.statusCode, 200)
  await app.close()
  const requestLines = lines.map(l => JSON.parse(l)).filter(l => l.req !== undefined)
  t.ok(requestLines.length > 0, 'the request was logged (debug)')
  t.equal(requestLines[0].req.url, '/api/v1/live?priority=2&token=[redacted]&Access_Token=[redacted]')
  t.notOk(lines.some(l => l.includes('flr_secret-key-123') || l.includes('other-secret')), 'the secrets appear on no line')

  t.equal(redactUrl('/a?x=1'), '/a?x=1', 'other parameters stay')
  t.equal(redactUrl('/a'), '/a')
  t.equal(redactUrl('/a?password=p&key=k&secret=s&api_key=a&tok%65n=t'), '/a?password=[redacted]&key=[redacted]&secret=[redacted]&api_key=[redacted]&tok%65n=[redacted]', 'names percent-encoded or not')
})

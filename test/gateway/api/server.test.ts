// The HTTP server's logger: request lines stay out unless debug is asked for, and it never logs
// more than the logger it was given (a silent Flare, as in the tests, stays silent).
import t from 'tap'
import { pino } from 'pino'
import { createHttpServer } from '../../../gateway/api/server.js'

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

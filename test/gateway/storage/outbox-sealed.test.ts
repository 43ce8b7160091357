import t from 'tap'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decode } from '../../../gateway/codec/wire.js'
import { startTestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'

// Words that appear nowhere in Flare but in this person's profile: found anywhere at rest, they leaked.
const PROFILE = { conditions: ['Quorvelline syndrome'], medication: ['Zantrexolide 40 mg'], allergies: ['Pemberfloxin'], bloodType: 'AB-', notes: 'Keeps a Snarvik pen in the blue bag' }
const SECRETS = ['Quorvelline', 'Zantrexolide', 'Pemberfloxin', 'Snarvik']

/** Every file under dir (the journal and whatever lies beside it). */
function filesUnder (dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

t.test('an offer with a medical profile is stored sealed and published in clear; nothing at rest holds the profile', async (t) => {
  const journalDir = mkdtempSync(join(tmpdir(), 'flare-sealed-'))
  t.teardown(() => { rmSync(journalDir, { recursive: true, force: true }) })
  const f = await startTestFlare(t, { MEDICAL_KEY: randomBytes(32).toString('base64'), JOURNAL_FILE: join(journalDir, 'node.journal') })
  const pool = f.app.db.pool
  // What the outbox stored, kept past the row's deletion after publishing: a trigger of this test's own.
  await pool.query('CREATE TABLE outbox_seen (LIKE outbox)')
  await pool.query(`CREATE FUNCTION outbox_seen () RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO outbox_seen SELECT NEW.*; RETURN NEW; END $$;
    CREATE TRIGGER outbox_seen AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_seen()`)

  t.equal((await f.api('POST', '/api/v1/persons', { id: 'nomsa', name: 'Nomsa Dube' })).status, 201)
  t.equal((await f.api('PUT', '/api/v1/persons/nomsa/medical', PROFILE)).status, 200)
  const medic = await f.responder({ id: 'medic-1', roles: ['medic'], lat: -33.921, lon: 18.421 })
  const mc = await f.connect({ clientId: medic.id, username: medic.id, password: medic.secret })
  const offers = collect(mc, 'dispatch/medic-1')
  await subscribe(mc, 'dispatch/medic-1')
  const d = await f.device({ kind: 'phone', personId: 'nomsa' })
  const dev = await f.connect({ clientId: d.id, username: d.id, password: d.secret })
  await dev.publishAsync(`dev/${d.id}/alert`, JSON.stringify({ alertId: 'fall-1', kind: 'FALL', location: { lat: -33.92, lon: 18.42 } }), { qos: 1 })
  const offer = decode('DispatchMessage', await offers.next(), 'json').offer
  t.same(offer?.medical, PROFILE, 'the medic gets the profile, in clear, over MQTT')

  const seen = await pool.query<{ topic: string, payload: Buffer, sealed_key: string | null }>("SELECT topic, payload, sealed_key FROM outbox_seen WHERE topic = 'dispatch/medic-1'")
  t.equal(seen.rows.length, 1, 'the offer went through the outbox')
  t.ok(seen.rows[0].sealed_key, 'stored sealed, with its key id')

  // Every column of every table, as text (bytea as hex): none holds the profile, nor its hex.
  const tables = (await pool.query<{ name: string }>("SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")).rows
  t.ok(tables.length > 20, `${tables.length} tables read`)
  const leaks: string[] = []
  for (const { name } of tables) {
    const { rows } = await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`)
    for (const { row } of rows) {
      for (const s of SECRETS) {
        if (row.includes(s) || row.includes(Buffer.from(s).toString('hex'))) leaks.push(`${name}: ${s}`)
      }
    }
  }
  t.same(leaks, [], 'no table holds any part of the profile in clear')
  const files = filesUnder(journalDir)
  t.same(files.filter(file => SECRETS.some(s => readFileSync(file).includes(s))), [], `nor the journal's directory (${files.length} files)`)

  // A crash between commit and publish leaves the sealed row behind: the relay opens it and publishes it.
  await pool.query('DROP TRIGGER outbox_seen ON outbox')
  await pool.query('INSERT INTO outbox (topic, payload, qos, sealed_key) SELECT topic, payload, qos, sealed_key FROM outbox_seen WHERE topic = $1', ['dispatch/medic-1'])
  t.equal(await f.app.gateway.outbox.relay(0), 1, 'the relay published the left-over row')
  t.same(decode('DispatchMessage', await offers.next(), 'json').offer?.medical, PROFILE, 'opened for publishing')

  // One whose key is gone (or altered) is not published and not dropped: it waits, logged.
  await pool.query("INSERT INTO outbox (topic, payload, qos, sealed_key) SELECT topic, payload, qos, 'removed-key' FROM outbox_seen WHERE topic = $1", ['dispatch/medic-1'])
  t.equal(await f.app.gateway.outbox.relay(0), 0)
  t.equal((await pool.query("SELECT count(*)::int AS n FROM outbox WHERE sealed_key = 'removed-key'")).rows[0].n, 1, 'it stays in the outbox')
  t.equal(offers.messages.length, 2, 'nothing else reached the medic')
})

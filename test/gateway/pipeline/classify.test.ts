// The classify stage on its own: hand-built rule sets and alerts, no broker or database. Which rule
// an alert gets (kind, device kind, zone, payload values, first match wins, defaults, fallback), and
// the correlation key and window that decide which incident it joins.
import t from 'tap'
import { classifyStage } from '../../../gateway/pipeline/classify.js'
import type { AlertSource, ValidAlert } from '../../../gateway/pipeline/types.js'
import type { AlertKindName, AlertMessage } from '../../../gateway/codec/wire.js'
import { RuleSet } from '../../../gateway/rules/engine.js'
import { validateRulesFile } from '../../../gateway/rules/validate.js'
import { FALLBACK_RULE } from '../../../gateway/rules/defaults.js'

/** Rules as an operator writes them: validated, so the schema's defaults (correlation window…) are filled in. */
const ruleSet = (doc: object): RuleSet => new RuleSet(validateRulesFile(doc), 1)
const defaultsOnly = ruleSet({ rules: [] })

function source (over: Partial<AlertSource> = {}): AlertSource {
  return { deviceId: 'dev-1', deviceKind: 'wearable', codec: 'json', personId: 'person-1', topic: 'dev/dev-1/alert', raw: Buffer.alloc(0), receivedAt: 1_700_000_000_000, ...over }
}

/** A valid alert, with the decoded message the rules' payload conditions read kept consistent with it. */
function alert (kind: AlertKindName, over: { location?: { lat: number, lon: number }, heartRateBpm?: number, batteryPct?: number, attributes?: Record<string, string> } = {}): ValidAlert {
  const message: AlertMessage = { alertId: 'alert-1', kind, triggeredAtMs: 1_700_000_000_000 }
  if (over.location !== undefined) message.location = { ...over.location }
  if (over.heartRateBpm !== undefined) message.vitals = { heartRateBpm: over.heartRateBpm }
  if (over.batteryPct !== undefined) message.batteryPct = over.batteryPct
  if (over.attributes !== undefined) message.attributes = over.attributes
  return { alertId: 'alert-1', kind, triggeredAt: 1_700_000_000_000, location: over.location, heartRateBpm: over.heartRateBpm, batteryPct: over.batteryPct, message }
}

const HERE = { lat: 52.12345, lon: 4.5678 }

t.test('with no rules file every kind gets its built-in rule', async (t) => {
  const expected: Array<[AlertKindName, string, string, number, boolean]> = [
    ['PANIC', 'panic', 'security', 1, true],
    ['DURESS', 'duress', 'security', 1, true],
    ['FALL', 'fall', 'medical', 2, true],
    ['MEDICAL', 'medical', 'medical', 1, true],
    ['FIRE', 'fire', 'fire', 1, true],
    ['TAMPER', 'tamper', 'security', 3, true],
    ['DEVICE_OFFLINE', 'device-offline', 'maintenance', 4, true],
    ['LOW_BATTERY', 'low-battery', 'maintenance', 5, false],
    ['TEST', 'test', 'test', 5, false]
  ]
  for (const [kind, id, category, priority, openIncident] of expected) {
    const { rule } = classifyStage(defaultsOnly, source(), alert(kind))
    t.same({ id: rule.id, category: rule.category, priority: rule.priority, openIncident: rule.openIncident }, { id, category, priority, openIncident }, kind)
  }
})

t.test('low battery and tests are recorded without an incident, and page nobody', async (t) => {
  for (const kind of ['LOW_BATTERY', 'TEST'] as const) {
    const { rule } = classifyStage(defaultsOnly, source(), alert(kind))
    t.equal(rule.openIncident, false, `${kind}: no incident`)
    t.equal(rule.dispatch, undefined, `${kind}: no dispatch`)
    t.equal(rule.notifyContacts, false, `${kind}: no contacts notified`)
  }
})

t.test('a fall with the heart at 120 bpm or more is the priority-1 medical rule; below, or unknown, the plain fall', async (t) => {
  const ruleOf = (hr?: number): string => classifyStage(defaultsOnly, source(), alert('FALL', { heartRateBpm: hr })).rule.id
  t.equal(ruleOf(119), 'fall', '119 bpm')
  t.equal(ruleOf(120), 'fall-with-high-heart-rate', '120 bpm: the threshold is inclusive')
  t.equal(ruleOf(180), 'fall-with-high-heart-rate', '180 bpm')
  t.equal(ruleOf(undefined), 'fall', 'no vitals: the condition does not hold')
  const high = classifyStage(defaultsOnly, source(), alert('FALL', { heartRateBpm: 150 })).rule
  t.same([high.priority, high.category, high.dispatch?.roles], [1, 'medical', ['medic']])
})

t.test('a kind no rule covers falls back to the catch-all, which still opens an incident', async (t) => {
  const rules = ruleSet({ includeDefaults: false, rules: [{ id: 'only-panic', match: { kinds: ['PANIC'] }, category: 'security', priority: 1, openIncident: true }] })
  const c = classifyStage(rules, source(), alert('FIRE', { location: HERE }))
  t.equal(c.rule, FALLBACK_RULE, 'the fallback rule')
  t.same([c.rule.id, c.rule.category, c.rule.priority, c.rule.openIncident], ['unclassified', 'unclassified', 2, true])
  t.same(c.rule.correlation, { key: 'device', windowS: 300 }, 'correlated per device, five minutes')
  t.equal(c.correlationKey, 'device:dev-1:FIRE')
  t.equal(classifyStage(rules, source(), alert('PANIC')).rule.id, 'only-panic', 'the one rule still applies')
})

t.test('user rules come before the defaults, in order; the first match wins', async (t) => {
  const rules = ruleSet({
    rules: [
      { id: 'button-panic', match: { kinds: ['PANIC'], deviceKinds: ['button'] }, category: 'campus-security', priority: 2, openIncident: true },
      { id: 'any-panic', match: { kinds: ['PANIC', 'DURESS'] }, category: 'security-desk', priority: 3, openIncident: true },
      { id: 'never-reached', match: { kinds: ['PANIC'] }, category: 'x', priority: 5, openIncident: false }
    ]
  })
  const button = classifyStage(rules, source({ deviceKind: 'button' }), alert('PANIC')).rule
  t.same([button.id, button.category, button.priority], ['button-panic', 'campus-security', 2], 'a button: the device-kind rule')
  t.equal(classifyStage(rules, source({ deviceKind: 'phone' }), alert('PANIC')).rule.id, 'any-panic', 'a phone: the next rule for the kind')
  t.equal(classifyStage(rules, source(), alert('DURESS')).rule.id, 'any-panic', 'a rule may name several kinds')
  t.equal(classifyStage(rules, source(), alert('FALL')).rule.id, 'fall', 'other kinds: the defaults')
})

t.test('payload conditions: numbers compared strictly or inclusively, attributes by value, an absent field never matches', async (t) => {
  const rules = ruleSet({
    includeDefaults: false,
    rules: [
      { id: 'racing', match: { kinds: ['MEDICAL'], payload: { 'vitals.heartRateBpm': { gt: 150 } } }, category: 'cardiac', priority: 1, openIncident: true },
      { id: 'slow', match: { kinds: ['MEDICAL'], payload: { 'vitals.heartRateBpm': { lt: 40 } } }, category: 'cardiac', priority: 1, openIncident: true },
      { id: 'lab', match: { kinds: ['MEDICAL'], payload: { 'attributes.site': { in: ['lab-a', 'lab-b'] } } }, category: 'lab', priority: 2, openIncident: true },
      { id: 'flat', match: { kinds: ['LOW_BATTERY'], payload: { batteryPct: { eq: 0 } } }, category: 'maintenance', priority: 3, openIncident: false },
      { id: 'not-lab', match: { kinds: ['TEST'], payload: { 'attributes.site': { ne: 'lab-a' } } }, category: 'test', priority: 5, openIncident: false }
    ]
  })
  const id = (a: ValidAlert): string => classifyStage(rules, source(), a).rule.id
  t.equal(id(alert('MEDICAL', { heartRateBpm: 151 })), 'racing', '151 > 150')
  t.equal(id(alert('MEDICAL', { heartRateBpm: 150 })), 'unclassified', '150 is not > 150')
  t.equal(id(alert('MEDICAL', { heartRateBpm: 39 })), 'slow', '39 < 40')
  t.equal(id(alert('MEDICAL', { heartRateBpm: 80, attributes: { site: 'lab-b' } })), 'lab', 'an attribute in the list')
  t.equal(id(alert('MEDICAL', { attributes: { site: 'office' } })), 'unclassified', 'an attribute not in the list')
  t.equal(id(alert('LOW_BATTERY', { batteryPct: 0 })), 'flat', 'battery 0 is a value, not absence')
  t.equal(id(alert('LOW_BATTERY', { batteryPct: 5 })), 'unclassified', 'battery 5 is not 0')
  t.equal(id(alert('LOW_BATTERY')), 'unclassified', 'no battery reading: eq 0 does not hold')
  t.equal(id(alert('TEST', { attributes: { site: 'office' } })), 'not-lab', 'ne on a present attribute')
  t.equal(id(alert('TEST')), 'unclassified', 'ne on an absent attribute does not hold either')
})

t.test('the zone comes from the locate function, called with the alert\'s own location, and rules may match on it', async (t) => {
  const rules = ruleSet({ rules: [{ id: 'north-fire', match: { kinds: ['FIRE'], zones: ['north'] }, category: 'fire-north', priority: 1, openIncident: true, correlation: { key: 'place', windowS: 1800 } }] })
  const asked: Array<[number, number]> = []
  const locate = (zone: string | null) => (lat: number, lon: number): string | null => { asked.push([lat, lon]); return zone }

  const north = classifyStage(rules, source(), alert('FIRE', { location: HERE }), locate('north'))
  t.same(asked, [[HERE.lat, HERE.lon]], 'located once, at the alert\'s coordinates')
  t.equal(north.zoneId, 'north', 'the zone is passed through')
  t.equal(north.rule.id, 'north-fire', 'and the zone rule matches')

  const south = classifyStage(rules, source(), alert('FIRE', { location: HERE }), locate('south'))
  t.same([south.zoneId, south.rule.id], ['south', 'fire'], 'another zone: the default rule')
  const nowhere = classifyStage(rules, source(), alert('FIRE', { location: HERE }), locate(null))
  t.same([nowhere.zoneId, nowhere.rule.id], [null, 'fire'], 'in no zone: null, and a zone rule cannot match')

  asked.length = 0
  const noLocation = classifyStage(rules, source(), alert('FIRE'), locate('north'))
  t.same(asked, [], 'an alert without a location is not located')
  t.same([noLocation.zoneId, noLocation.rule.id], [null, 'fire'])
  const noZones = classifyStage(rules, source(), alert('FIRE', { location: HERE }))
  t.same([noZones.zoneId, noZones.rule.id], [null, 'fire'], 'no locate function: no zone')
})

t.test('the correlation key: per device by default, per person or place where the rule says so, never wider than it can know', async (t) => {
  const key = (a: ValidAlert, s: AlertSource = source(), zone: string | null = null): string =>
    classifyStage(defaultsOnly, s, a, () => zone).correlationKey

  t.equal(key(alert('PANIC')), 'device:dev-1:PANIC', 'panic: per device')
  t.equal(key(alert('PANIC'), source({ deviceId: 'dev-2' })), 'device:dev-2:PANIC', 'another device, another key')
  t.not(key(alert('PANIC')), key(alert('DURESS')), 'and per kind')

  t.equal(key(alert('MEDICAL'), source({ deviceId: 'phone-9', personId: 'person-1' })), 'person:person-1:MEDICAL', 'medical: per person…')
  t.equal(key(alert('MEDICAL'), source({ deviceId: 'watch-3', personId: 'person-1' })), 'person:person-1:MEDICAL', '…whichever of their devices sent it')
  t.equal(key(alert('MEDICAL'), source({ personId: null })), 'device:dev-1:MEDICAL', 'a device with no person: per device')

  t.equal(key(alert('FIRE', { location: HERE }), source(), 'north'), 'zone:north:FIRE', 'fire in a zone: per zone')
  t.equal(key(alert('FIRE', { location: HERE })), 'place:52.123,4.568:FIRE', 'fire in no zone: per ~110 m cell')
  t.equal(key(alert('FIRE', { location: { lat: 52.1232, lon: 4.5681 } }), source({ deviceId: 'dev-2' })), 'place:52.123,4.568:FIRE', 'a neighbour\'s report of it shares the cell')
  t.equal(key(alert('FIRE')), 'device:dev-1:FIRE', 'fire with no location: per device')
})

t.test('the correlation window is the rule\'s, five minutes when the rule gives none', async (t) => {
  const rules = ruleSet({
    includeDefaults: false,
    rules: [
      { id: 'tamper-day', match: { kinds: ['TAMPER'] }, category: 'security', priority: 3, openIncident: true, correlation: { key: 'place', windowS: 86400 } },
      { id: 'fire-place', match: { kinds: ['FIRE'] }, category: 'fire', priority: 1, openIncident: true, correlation: { key: 'place' } },
      { id: 'panic-plain', match: { kinds: ['PANIC'] }, category: 'security', priority: 1, openIncident: true }
    ]
  })
  const tamper = classifyStage(rules, source(), alert('TAMPER', { location: HERE }))
  t.same(tamper.rule.correlation, { key: 'place', windowS: 86400 })
  t.equal(tamper.correlationKey, 'place:52.123,4.568:TAMPER')
  t.same(classifyStage(rules, source(), alert('FIRE')).rule.correlation, { key: 'place', windowS: 300 }, 'a key without a window: 300 s')
  const panic = classifyStage(rules, source(), alert('PANIC'))
  t.same(panic.rule.correlation, { key: 'device', windowS: 300 }, 'no correlation at all: per device, 300 s')
  t.equal(panic.correlationKey, 'device:dev-1:PANIC')
  t.same(classifyStage(defaultsOnly, source(), alert('FIRE')).rule.correlation, { key: 'place', windowS: 900 }, 'the built-in fire rule: 15 minutes')
})

t.test('the classified alert carries its source and alert unchanged', async (t) => {
  const s = source()
  const a = alert('PANIC', { location: HERE })
  const c = classifyStage(defaultsOnly, s, a, () => 'north')
  t.equal(c.source, s)
  t.equal(c.alert, a)
  t.same(Object.keys(c).sort(), ['alert', 'correlationKey', 'position', 'rule', 'source', 'zoneId'])
})

t.test("without a fix, the device's install location places the alert: its zone and its place key", async (t) => {
  const install = { lat: 52.5, lon: 13.4, address: 'Reception' }
  const seen: Array<[number, number]> = []
  const zoneOf = (lat: number, lon: number): string => { seen.push([lat, lon]); return 'campus' }
  const c = classifyStage(defaultsOnly, source({ install }), alert('FIRE'), zoneOf)
  t.same(c.position, { lat: 52.5, lon: 13.4, source: 'install' })
  t.equal(c.zoneId, 'campus', 'the zone of the install location')
  t.same(seen, [[52.5, 13.4]])
  t.equal(c.correlationKey, 'zone:campus:FIRE')
  t.equal(classifyStage(defaultsOnly, source({ install }), alert('FIRE')).correlationKey, 'place:52.500,13.400:FIRE', 'no zones: the place of the install location')

  const fixed = classifyStage(defaultsOnly, source({ install }), alert('FIRE', { location: HERE }))
  t.match(fixed.position, { lat: HERE.lat, lon: HERE.lon, source: 'alert' }, "the alert's own fix wins")
  t.equal(classifyStage(defaultsOnly, source(), alert('FIRE')).position, null, 'neither: no position')
})

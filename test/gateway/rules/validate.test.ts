import t, { type Test } from 'tap'
import { RulesError, validateRulesFile } from '../../../gateway/rules/validate.js'
import { RuleSet } from '../../../gateway/rules/engine.js'
import { DEFAULT_RULES, FALLBACK_RULE } from '../../../gateway/rules/defaults.js'

/** A minimal valid rule. */
function rule (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, match: { kinds: ['PANIC'] }, category: 'security', priority: 1, openIncident: true, ...extra }
}

/** The RulesError a document is refused with (fails the test when it is accepted). */
function refusal (t: Test, doc: unknown): RulesError {
  try {
    validateRulesFile(doc)
  } catch (err) {
    if (err instanceof RulesError) return err
    throw err
  }
  t.fail('the document was accepted')
  return new RulesError([])
}

t.test('a valid document gets its defaults filled in', async (t) => {
  const file = validateRulesFile({ rules: [rule('a', { dispatch: { roles: ['security'] } })] })
  t.equal(file.includeDefaults, true)
  t.same(file.rules[0].correlation, { key: 'device', windowS: 300 })
  t.same(file.rules[0].dispatch, { roles: ['security'], radiusM: 5000, count: 1, offerTimeoutS: 60 })
  t.equal(file.rules[0].notifyContacts, false)
})

t.test('validation does not modify the caller\'s document', async (t) => {
  const doc = { rules: [rule('a')] }
  const before = JSON.stringify(doc)
  validateRulesFile(doc)
  t.equal(JSON.stringify(doc), before)
})

t.test('a bad field names the rule (by id and index) and the field', async (t) => {
  const err = refusal(t, { rules: [rule('ok'), rule('x', { dispatch: { roles: ['security'], radiusM: -1 } })] })
  t.equal(err.problems.length, 1, err.message)
  t.match(err.message, 'rule "x"')
  t.match(err.message, 'rules[1]')
  t.match(err.message, 'dispatch.radiusM')
  t.notMatch(err.message, 'rule "ok"')
})

t.test('an unknown field is named', async (t) => {
  const err = refusal(t, { rules: [rule('a'), rule('b', { colour: 'red' })] })
  t.match(err.message, 'rule "b"')
  t.match(err.message, 'unknown field "colour"')

  const inMatch = refusal(t, { rules: [rule('c', { match: { kinds: ['PANIC'], weekday: 'mon' } })] })
  t.match(inMatch.message, 'rule "c"')
  t.match(inMatch.message, 'match')
  t.match(inMatch.message, 'unknown field "weekday"')

  const top = refusal(t, { rules: [], include_defaults: false })
  t.match(top.message, 'unknown field "include_defaults"')
})

t.test('a missing required field is named', async (t) => {
  const r = rule('m')
  delete r.category
  const err = refusal(t, { rules: [r] })
  t.match(err.message, 'rule "m"')
  t.match(err.message, 'missing field "category"')

  t.match(refusal(t, {}).message, 'missing field "rules"')
})

t.test('a duplicate id is refused, naming the second one', async (t) => {
  const err = refusal(t, { rules: [rule('same'), rule('other'), rule('same')] })
  t.match(err.message, 'rule "same" (rules[2])')
  t.match(err.message, 'duplicate')
  t.notMatch(err.message, 'rules[0]')
})

t.test('an unknown payload field is refused; known fields and attributes are fine', async (t) => {
  const err = refusal(t, { rules: [rule('hr', { match: { kinds: ['FALL'], payload: { 'vitals.pulse': { gt: 100 } } } })] })
  t.match(err.message, 'rule "hr"')
  t.match(err.message, 'match.payload.vitals.pulse')
  t.match(err.message, 'unknown field')

  t.doesNotThrow(() => validateRulesFile({
    rules: [rule('ok', { match: { kinds: ['FALL'], payload: { 'vitals.heartRateBpm': { gte: 120 }, 'attributes.floor': { in: ['1', '2'] } } } })]
  }))
  const attr = refusal(t, { rules: [rule('attr', { match: { payload: { 'attributes.floor': { gt: 2 } } } })] })
  t.match(attr.message, 'rule "attr"')
  t.match(attr.message, 'attributes are strings')
})

t.test('an unknown kind, a bad enum, a bad priority and a bad id are named', async (t) => {
  const kind = refusal(t, { rules: [rule('k', { match: { kinds: ['EARTHQUAKE'] } })] })
  t.match(kind.message, 'rule "k"')
  t.match(kind.message, 'match.kinds.0')
  t.match(kind.message, 'PANIC')

  const prio = refusal(t, { rules: [rule('p', { priority: 9 })] })
  t.match(prio.message, 'rule "p"')
  t.match(prio.message, 'priority')

  const id = refusal(t, { rules: [rule('Not OK')] })
  t.match(id.message, 'rules[0]')
  t.match(id.message, 'id: must match pattern')

  const key = refusal(t, { rules: [rule('c', { correlation: { key: 'planet' } })] })
  t.match(key.message, 'rule "c"')
  t.match(key.message, 'correlation.key')
})

t.test('every problem is listed, not only the first', async (t) => {
  const err = refusal(t, { rules: [rule('a', { priority: 0 }), rule('b', { category: '' }), rule('a')] })
  t.ok(err.problems.length >= 2, err.message)
  t.ok(err.problems.some(p => p.includes('rule "a"') && p.includes('priority')))
  t.ok(err.problems.some(p => p.includes('rule "b"') && p.includes('category')))
})

t.test('policies that contradict each other are refused', async (t) => {
  const dispatchNoIncident = refusal(t, { rules: [rule('q', { openIncident: false, dispatch: { roles: ['security'] } })] })
  t.match(dispatchNoIncident.message, 'rule "q"')
  t.match(dispatchNoIncident.message, 'dispatch')

  const escalationNoDispatch = refusal(t, { rules: [rule('e', { escalation: { afterS: 60 } })] })
  t.match(escalationNoDispatch.message, 'rule "e"')
  t.match(escalationNoDispatch.message, 'escalation')
})

t.test('liveness settings are validated', async (t) => {
  const err = refusal(t, { rules: [], liveness: { silentAfterS: { button: -5, toaster: 3 } } })
  t.match(err.message, 'liveness.silentAfterS')
  t.match(err.message, 'unknown field "toaster"')
  t.doesNotThrow(() => validateRulesFile({ rules: [], liveness: { lowBatteryPct: 20, silentAfterS: { button: 1 } } }))
})

t.test('the rule set: user rules first, then the defaults, then the fallback', async (t) => {
  const file = validateRulesFile({ rules: [rule('vip-panic', { priority: 1, category: 'vip' })], liveness: { silentAfterS: { button: 1 } } })
  const set = new RuleSet(file, 7)
  t.equal(set.version, 7)
  t.equal(set.rules.length, 1 + DEFAULT_RULES.length)
  const facts = (kind: string, alert: Record<string, unknown> = {}) => ({ alert: { kind, ...alert } as any, kind, deviceKind: 'wearable' as const })
  t.equal(set.match(facts('PANIC')).id, 'vip-panic')
  t.equal(set.match(facts('FALL', { vitals: { heartRateBpm: 130 } })).id, 'fall-with-high-heart-rate')
  t.equal(set.match(facts('FALL', { vitals: { heartRateBpm: 120 } })).id, 'fall-with-high-heart-rate', 'gte includes the bound')
  t.equal(set.match(facts('FALL', { vitals: { heartRateBpm: 80 } })).id, 'fall')
  t.equal(set.match(facts('FALL')).id, 'fall', 'no vitals: the condition does not hold')
  t.same(set.liveness, { lowBatteryPct: 15, silentAfterS: { button: 1, wearable: 3600, phone: 0, panel: 90000 } })

  const bare = new RuleSet(validateRulesFile({ includeDefaults: false, rules: [rule('only')] }), 1)
  t.equal(bare.match(facts('FIRE')), FALLBACK_RULE)
})

import t from 'tap'
import { targetOf } from '../../../gateway/dc09/event-map.js'
import { ContentError, parseEvents, positionOf, splitContent } from '../../../gateway/dc09/events.js'

t.test('Contact ID and SIA events', async (t) => {
  t.same(parseEvents('ADM-CID', '#1234|1130 01 015'), [{ code: 'cid:130', restore: false, area: '01', zone: '015' }])
  t.same(parseEvents('ADM-CID', '#1234|3130 01 015'), [{ code: 'cid:130', restore: true, area: '01', zone: '015' }])
  t.same(parseEvents('ADM-CID', '160200000'), [{ code: 'cid:602', restore: false, area: '00', zone: '000' }])
  t.same(parseEvents('SIA-DCS', '#123456|Nri1/BA501'), [{ code: 'sia:BA', restore: false, area: '1', zone: '501' }])
  t.same(parseEvents('SIA-DCS', '#123456|Nri1PA01/FA2'), [{ code: 'sia:PA', restore: false, area: '1', zone: '01' }, { code: 'sia:FA', restore: false, area: '1', zone: '2' }])
  t.same(parseEvents('SIA-DCS', '#1|Nid12/BR3'), [{ code: 'sia:BR', restore: true, area: undefined, zone: '3' }])
  t.same(parseEvents('NULL', ''), [])
  t.throws(() => parseEvents('ADM-CID', '#1234|9130 01 015'), ContentError)
  t.throws(() => parseEvents('SIA-DCS', '#1|N'), ContentError)
  t.throws(() => parseEvents('RSP', ''), ContentError)
})

t.test('data, extended data and timestamp', async (t) => {
  t.same(splitContent('[#1|1130 01 015][X18.4241][Y-33.9249][Mabc]_10:00:00,12-02-2026'),
    { data: '#1|1130 01 015', extended: ['X18.4241', 'Y-33.9249', 'Mabc'], timestamp: '_10:00:00,12-02-2026' })
  t.same(positionOf(['X18.4241', 'Y-33.9249']), { lat: -33.9249, lon: 18.4241 })
  t.equal(positionOf(['X18.4']), undefined)
  t.equal(positionOf(['X200', 'Y0']), undefined)
  t.throws(() => splitContent('[open'), ContentError)
  t.throws(() => splitContent('nothing'), ContentError)
  t.throws(() => splitContent('[]junk'), ContentError)
})

t.test('default mapping, an account\'s own, ranges and restores', async (t) => {
  const ev = (code: string, restore = false): any => ({ code, restore })
  t.equal(targetOf(ev('cid:101'), {}), 'MEDICAL')
  t.equal(targetOf(ev('cid:111'), {}), 'FIRE')
  t.equal(targetOf(ev('cid:121'), {}), 'DURESS')
  t.equal(targetOf(ev('cid:131'), {}), 'BURGLARY')
  t.equal(targetOf(ev('cid:137'), {}), 'TAMPER', 'a single code inside a range wins')
  t.equal(targetOf(ev('cid:384'), {}), 'LOW_BATTERY')
  t.equal(targetOf(ev('cid:602'), {}), 'TEST')
  t.equal(targetOf(ev('cid:401'), {}), 'ignore', 'open/close is no alert')
  t.equal(targetOf(ev('sia:HA'), {}), 'DURESS')
  t.equal(targetOf(ev('cid:130', true), {}), 'restore')
  t.equal(targetOf(ev('cid:131'), { 'cid:131': 'PANIC' }), 'PANIC')
  t.equal(targetOf(ev('cid:401'), { 'cid:400-409': 'TEST' }), 'TEST')
  t.equal(targetOf(ev('cid:120'), { 'cid:120': 'ignore' }), 'ignore')
})

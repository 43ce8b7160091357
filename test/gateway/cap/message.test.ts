import t from 'tap'
import { create } from 'xmlbuilder2'
import { capCategory, capEvent, capSeverity, capStatus, capTime, capUrgency } from '../../../gateway/cap/mapping.js'
import { CAP_NAMESPACE, capIdentifier, capXml, type CapSubject, msgTypeOf } from '../../../gateway/cap/message.js'
import { capSchemaErrors } from '../../helpers/cap-schema.js'

const OPENED = '2026-12-02T08:15:30.250Z'
const BASE: CapSubject = {
  id: '0f9a1c2e-4b7d-4e21-9c33-1a2b3c4d5e6f', number: 'INC-000042', state: 'NEW', priority: 1, category: 'security', kind: 'PANIC', zoneId: 'campus', lat: -33.9249, lon: 18.4241, address: '1 Long St, Cape Town', openedAt: OPENED, description: null
}
const subject = (over: Partial<CapSubject> = {}): CapSubject => ({ ...BASE, ...over })

/** The document as nested objects: { alert: { identifier, …, info: { … } } }. */
function parse (xml: string): any {
  return create(xml).end({ format: 'object' })
}

t.test('the schema check can fail: a document against CAP\'s rules is refused, with the reason', async (t) => {
  const good = capXml({ subject: subject(), msgType: 'Alert', sent: OPENED, sender: 'flare@example.org' })
  t.same(await capSchemaErrors(good), [], 'Flare\'s Alert is valid')
  t.not((await capSchemaErrors(good.replace('+00:00</sent>', 'Z</sent>'))).length, 0, '"Z" in a time is refused')
  t.not((await capSchemaErrors(good.replace(/<msgType>.*<\/msgType>/, ''))).length, 0, 'a missing msgType is refused')
  t.not((await capSchemaErrors(good.replace('<category>Security</category>', '<category>Police</category>'))).length, 0, 'a category outside the list is refused')
  t.not((await capSchemaErrors(good.replace(/(<scope>.*<\/scope>)(\s*)(<restriction>.*<\/restriction>)/, '$3$2$1'))).length, 0, 'elements out of order are refused')
})

t.test('an Alert, an Update and a Cancel: each valid CAP 1.2, each with what a receiver needs', async (t) => {
  const alert = capXml({ subject: subject(), msgType: 'Alert', sent: OPENED, sender: 'flare@example.org', web: 'https://flare.example.org/console/#/incident/x' })
  t.same(await capSchemaErrors(alert), [])
  const a = parse(alert).alert
  t.equal(a['@xmlns'], CAP_NAMESPACE)
  t.match(a, { identifier: 'flare-incident-0f9a1c2e-4b7d-4e21-9c33-1a2b3c4d5e6f', sender: 'flare@example.org', sent: '2026-12-02T08:15:30+00:00', status: 'Actual', msgType: 'Alert', scope: 'Restricted' })
  t.notOk('references' in a, 'an Alert refers to nothing')
  t.match(a.info, { category: 'Security', event: 'Panic alarm', urgency: 'Immediate', severity: 'Extreme', certainty: 'Observed', headline: 'INC-000042: Panic alarm', web: 'https://flare.example.org/console/#/incident/x' })
  t.same(a.info.area, { areaDesc: '1 Long St, Cape Town', circle: '-33.9249,18.4241 0' }, 'a point (radius 0) at the incident')

  const sent = '2026-12-02T08:16:02.000Z'
  const update = parse(capXml({ subject: subject({ state: 'EN_ROUTE' }), msgType: 'Update', sent, sender: 'flare@example.org' })).alert
  t.equal(update.msgType, 'Update')
  t.equal(update.identifier, `flare-incident-0f9a1c2e-4b7d-4e21-9c33-1a2b3c4d5e6f-${Date.parse(sent)}`, 'its own identifier')
  t.equal(update.references, 'flare@example.org,flare-incident-0f9a1c2e-4b7d-4e21-9c33-1a2b3c4d5e6f,2026-12-02T08:15:30+00:00', 'sender,identifier,sent of the Alert')
  t.match(update.info.description, /on the way/)

  const cancelXml = capXml({ subject: subject({ state: 'CANCELLED' }), msgType: 'Cancel', sent, sender: 'flare@example.org', note: 'false alarm: pressed by a child' })
  t.same(await capSchemaErrors(cancelXml), [])
  const cancel = parse(cancelXml).alert
  t.match(cancel, { msgType: 'Cancel', note: 'false alarm: pressed by a child', references: /,flare-incident-0f9a1c2e-4b7d-4e21-9c33-1a2b3c4d5e6f,/ })
  t.equal(cancel.info.responseType, 'AllClear')
})

t.test('without a position or address there is no area; text is escaped; a test incident is Test', async (t) => {
  const xml = capXml({ subject: subject({ lat: null, lon: null, address: null, category: 'test', kind: 'TEST', description: 'Rosa <ICU> & "ward 3"' }), msgType: 'Alert', sent: OPENED, sender: 's' })
  t.same(await capSchemaErrors(xml), [])
  const a = parse(xml).alert
  t.notOk('area' in a.info)
  t.equal(a.status, 'Test')
  const description = create(xml).root().find(n => n.node.nodeName === 'description', false, true)?.node.textContent
  t.match(description, 'Rosa <ICU> & "ward 3"', 'the text comes back as it was')
  t.match(xml, '&lt;ICU&gt; &amp;')
  const place = parse(capXml({ subject: subject({ lat: null, lon: null }), msgType: 'Alert', sent: OPENED, sender: 's' })).alert
  t.same(place.info.area, { areaDesc: '1 Long St, Cape Town' }, 'an address without a position: described, no circle')
})

t.test('the vocabularies', async (t) => {
  t.same(['security', 'medical', 'fire', 'maintenance', 'test', 'unclassified', 'Transport', 'made-up'].map(capCategory), ['Security', 'Health', 'Fire', 'Infra', 'Other', 'Other', 'Transport', 'Other'])
  t.same([1, 2, 3, 4, 5, 9].map(capUrgency), ['Immediate', 'Immediate', 'Expected', 'Future', 'Future', 'Unknown'])
  t.same([1, 2, 3, 4, 5, 0].map(capSeverity), ['Extreme', 'Severe', 'Moderate', 'Minor', 'Minor', 'Unknown'])
  t.equal(capStatus('security'), 'Actual')
  t.equal(capEvent('BURGLARY', 'security'), 'Intrusion alarm')
  t.equal(capEvent('SOMETHING_NEW', 'x'), 'something new')
  t.equal(capEvent('', 'medical'), 'medical incident')
  t.equal(capTime('2026-01-02T03:04:05.999Z'), '2026-01-02T03:04:05+00:00')
  t.throws(() => capTime('soon'), /not a time/)
  t.same(['NEW', 'ASSIGNED', 'RESOLVED', 'CLOSED', 'CANCELLED'].map(s => msgTypeOf(s as any)), ['Alert', 'Update', 'Update', 'Update', 'Cancel'])
  t.equal(capIdentifier({ subject: subject(), msgType: 'Alert', sent: 'whenever' }), 'flare-incident-0f9a1c2e-4b7d-4e21-9c33-1a2b3c4d5e6f', 'the Alert is named after the incident alone')
})

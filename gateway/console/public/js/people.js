// People and their family contacts (dispatchers and admins); for an admin, a contact's enrolment
// link for the field app's family page.
import { api, listAll } from './api.js'
import { clear, el, $ } from './dom.js'
import { t } from './i18n.js'
import { canEnrol, showEnrolment } from './enrolment.js'

let people = [] // [{ person, contacts }]

export async function loadPeople () {
  const persons = await listAll('/api/v1/persons')
  // One request per person: fine for a site's few hundred people; a larger one wants a contacts listing.
  people = await Promise.all(persons.map(async (person) => ({ person, contacts: (await api('GET', `/api/v1/persons/${encodeURIComponent(person.id)}/contacts`)).items })))
  renderPeople()
}

export function renderPeople () {
  const rows = []
  for (const { person, contacts } of people) {
    const active = contacts.filter(c => !c.revokedAt)
    if (active.length === 0) {
      rows.push(el('tr', { dataset: { person: person.id } }, el('th', { scope: 'row' }, person.name), el('td', {}, t('people.none')), el('td', {}), el('td', {}), el('td', {})))
      continue
    }
    for (const [n, c] of active.entries()) {
      rows.push(el('tr', { dataset: { person: person.id, contact: c.id } },
        n === 0 ? el('th', { scope: 'row', rowspan: active.length }, person.name) : null,
        el('td', {}, c.name),
        el('td', {}, c.relation ?? '—'),
        el('td', {}, t(`lang.${c.language}`)),
        el('td', { class: 'row-actions' }, canEnrol()
          ? el('button', { type: 'button', class: 'enrol', onclick: () => showEnrolment(`contacts/${encodeURIComponent(c.id)}`, c.name, 'contact-enrolment', $('#people-message')) }, t('enrol.make'))
          : null)))
    }
  }
  clear($('#people-rows'), rows)
}

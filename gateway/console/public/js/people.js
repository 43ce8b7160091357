// People and their family contacts (dispatchers and admins); for an admin, a contact's enrolment
// link for the field app's family page, and a person's export and erasure.
import { api, listAll } from './api.js'
import { clear, el, $ } from './dom.js'
import { t } from './i18n.js'
import { canEnrol, showEnrolment } from './enrolment.js'
import { isAdmin } from './state.js'
import { rightsButtons } from './person-rights.js'

let people = [] // [{ person, contacts }]

export async function loadPeople () {
  const persons = await listAll('/api/v1/persons')
  // One request per person: fine for a site's few hundred people; a larger one wants a contacts listing.
  people = await Promise.all(persons.map(async (person) => ({ person, contacts: (await api('GET', `/api/v1/persons/${encodeURIComponent(person.id)}/contacts`)).items })))
  renderPeople()
}

/** Takes an erased person out of the list. */
function erased (id) {
  people = people.filter(p => p.person.id !== id)
  renderPeople()
}

export function renderPeople () {
  const admin = isAdmin()
  // The person's own cell, beside their first row and as tall as their contacts' rows.
  const rights = (person, span) => admin ? el('td', { class: 'row-actions', rowspan: span }, rightsButtons(person, erased)) : null
  const rows = []
  for (const { person, contacts } of people) {
    const active = contacts.filter(c => !c.revokedAt)
    if (active.length === 0) {
      rows.push(el('tr', { dataset: { person: person.id } }, el('th', { scope: 'row' }, person.name), el('td', {}, t('people.none')), el('td', {}), el('td', {}), el('td', {}), rights(person, 1)))
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
          : null),
        n === 0 ? rights(person, active.length) : null))
    }
  }
  clear($('#people-rows'), rows)
  $('#people-rights-h').hidden = !admin
}

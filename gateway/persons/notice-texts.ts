import type { Language } from './repo.js'

/**
 * Texts of the notices emergency contacts receive, in English and Afrikaans.
 * Placeholders: {name} the person, {number} the incident number, {responder} the responder's name.
 * Written for a worried relative reading a phone: who, what, that help is coming, the number to quote.
 */

export type NoticeEvent = 'opened' | 'assigned' | 'resolved'

interface KindTexts { opened: string, resolved: string }

const EN: Record<string, KindTexts> = {
  PANIC: {
    opened: '{name} pressed the panic button. Incident {number}. Help is being dispatched.',
    resolved: 'The panic alarm from {name} has been resolved. Incident {number}.'
  },
  DURESS: {
    // A duress alarm is silent: a call to the person could give them away.
    opened: '{name} raised a silent alarm. Incident {number}. Help is being dispatched. Please do not phone {name} now.',
    resolved: 'The silent alarm from {name} has been resolved. Incident {number}.'
  },
  FALL: {
    opened: "{name}'s device detected a fall. Incident {number}. Help is being dispatched.",
    resolved: 'The fall alert for {name} has been resolved. Incident {number}.'
  },
  MEDICAL: {
    opened: '{name} needs medical help. Incident {number}. Help is being dispatched.',
    resolved: 'The medical emergency of {name} has been resolved. Incident {number}.'
  },
  FIRE: {
    opened: "{name}'s fire alarm went off. Incident {number}. Help is being dispatched.",
    resolved: 'The fire alarm at {name} has been resolved. Incident {number}.'
  },
  BURGLARY: {
    opened: "The alarm at {name}'s place reports an intrusion. Incident {number}. Help is being dispatched.",
    resolved: "The intrusion alarm at {name}'s place has been resolved. Incident {number}."
  },
  TAMPER: {
    opened: "{name}'s device may have been tampered with. Incident {number}. It is being checked.",
    resolved: "The tamper alert on {name}'s device has been resolved. Incident {number}."
  },
  DEVICE_OFFLINE: {
    opened: "{name}'s device has stopped responding. Incident {number}. It is being checked.",
    resolved: "{name}'s device is working again, or has been checked. Incident {number}."
  },
  LOW_BATTERY: {
    opened: "The battery of {name}'s device is low. Please make sure it gets charged. Incident {number}.",
    resolved: "The low battery on {name}'s device has been dealt with. Incident {number}."
  },
  TEST: {
    opened: "Test alarm from {name}'s device. Incident {number}. No action is needed.",
    resolved: 'The test alarm from {name} is complete. Incident {number}.'
  },
  '*': {
    opened: 'An alarm was raised for {name}. Incident {number}. It is being handled.',
    resolved: 'Incident {number} for {name} has been resolved.'
  }
}

const AF: Record<string, KindTexts> = {
  PANIC: {
    opened: '{name} het die paniekknoppie gedruk. Voorval {number}. Hulp word gestuur.',
    resolved: 'Die paniekalarm van {name} is afgehandel. Voorval {number}.'
  },
  DURESS: {
    opened: "{name} het 'n stil alarm geaktiveer. Voorval {number}. Hulp word gestuur. Moet asseblief nie nou vir {name} bel nie.",
    resolved: 'Die stil alarm van {name} is afgehandel. Voorval {number}.'
  },
  FALL: {
    opened: "{name} se toestel het 'n val bespeur. Voorval {number}. Hulp word gestuur.",
    resolved: 'Die valwaarskuwing vir {name} is afgehandel. Voorval {number}.'
  },
  MEDICAL: {
    opened: '{name} het mediese hulp nodig. Voorval {number}. Hulp word gestuur.',
    resolved: 'Die mediese noodgeval van {name} is afgehandel. Voorval {number}.'
  },
  FIRE: {
    opened: '{name} se brandalarm het afgegaan. Voorval {number}. Hulp word gestuur.',
    resolved: 'Die brandalarm by {name} is afgehandel. Voorval {number}.'
  },
  BURGLARY: {
    opened: '{name} se alarm meld \'n inbraak. Voorval {number}. Hulp word gestuur.',
    resolved: 'Die inbraakalarm by {name} is afgehandel. Voorval {number}.'
  },
  TAMPER: {
    opened: 'Iemand het moontlik met {name} se toestel gepeuter. Voorval {number}. Dit word nagegaan.',
    resolved: 'Die waarskuwing oor peutery met {name} se toestel is afgehandel. Voorval {number}.'
  },
  DEVICE_OFFLINE: {
    opened: '{name} se toestel reageer nie meer nie. Voorval {number}. Dit word nagegaan.',
    resolved: '{name} se toestel werk weer, of is nagegaan. Voorval {number}.'
  },
  LOW_BATTERY: {
    opened: 'Die battery van {name} se toestel is byna pap. Sorg asseblief dat dit gelaai word. Voorval {number}.',
    resolved: 'Die battery-waarskuwing vir {name} se toestel is afgehandel. Voorval {number}.'
  },
  TEST: {
    opened: 'Toetsalarm vanaf {name} se toestel. Voorval {number}. Geen optrede is nodig nie.',
    resolved: 'Die toetsalarm van {name} is voltooi. Voorval {number}.'
  },
  '*': {
    opened: "Daar is 'n alarm vir {name}. Voorval {number}. Dit word hanteer.",
    resolved: 'Voorval {number} vir {name} is afgehandel.'
  }
}

/** Assignment reads the same for every kind: who is coming. */
const ASSIGNED: Record<Language, { named: string, unnamed: string }> = {
  en: { named: '{responder} is on the way to {name}. Incident {number}.', unnamed: 'Help is on the way to {name}. Incident {number}.' },
  af: { named: '{responder} is op pad na {name}. Voorval {number}.', unnamed: 'Hulp is op pad na {name}. Voorval {number}.' }
}

const BY_LANGUAGE: Record<Language, Record<string, KindTexts>> = { en: EN, af: AF }

/** The notice text; an unknown kind or language falls back to the generic text / English. */
export function noticeText (language: string, kind: string, event: NoticeEvent, v: { name: string, number: string, responder?: string }): string {
  const lang: Language = language === 'af' ? 'af' : 'en'
  const template = event === 'assigned'
    ? (v.responder !== undefined && v.responder !== '' ? ASSIGNED[lang].named : ASSIGNED[lang].unnamed)
    : (BY_LANGUAGE[lang][kind] ?? BY_LANGUAGE[lang]['*'])[event]
  // A function replacement: names containing "$&" or similar are inserted literally.
  return template.replace(/\{(name|number|responder)\}/g, (_, key: 'name' | 'number' | 'responder') => v[key] ?? '')
}

import { Counter, type Registry } from 'prom-client'

/** Logins and refused requests, for the operators' dashboards (a spike of failures is an attack). */
export class AuthMetrics {
  readonly refusals: Counter<'code'>
  readonly logins: Counter
  readonly loginFailures: Counter<'reason'>
  readonly lockouts: Counter<'scope'>

  constructor (registry?: Registry) {
    const registers = registry === undefined ? [] : [registry]
    this.refusals = new Counter({ name: 'flare_auth_refusals_total', help: 'REST and live-feed requests refused by authentication or authorisation, by error code', labelNames: ['code'], registers })
    this.logins = new Counter({ name: 'flare_logins_total', help: 'Successful console logins', registers })
    this.loginFailures = new Counter({ name: 'flare_login_failures_total', help: 'Refused console logins, by reason (wrong_password, unknown_user, locked, disabled)', labelNames: ['reason'], registers })
    this.lockouts = new Counter({ name: 'flare_login_lockouts_total', help: 'Lockouts started by repeated failed logins, per username or per address', labelNames: ['scope'], registers })
  }
}

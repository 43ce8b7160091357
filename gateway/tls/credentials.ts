import { X509Certificate } from 'node:crypto'
import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs'
import { createSecureContext, type SecureContextOptions, type Server as TlsServer } from 'node:tls'
import { Counter, Gauge, type Registry } from 'prom-client'
import type { Logger } from 'pino'
import { ConfigError, type TlsOptions } from '../../config/config.js'
import type { TlsCredentials } from '../../broker/listeners.js'

interface Pem {
  cert: Buffer
  key: Buffer
  ca?: Buffer
  /** the certificate's SHA-256 fingerprint and end of validity, for the log and the metrics */
  fingerprint: string
  notAfter: Date
}

function reasonOf (err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** The PEM certificates in a bundle, each parsed; throws if there is none or one does not parse. */
function certificatesIn (pem: Buffer): X509Certificate[] {
  const blocks = pem.toString('utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
  if (blocks.length === 0) throw new Error('no PEM certificate in it')
  return blocks.map(b => new X509Certificate(b))
}

/**
 * Reads and checks the files; the ConfigError names the one at fault. Each is parsed on its own
 * first, so a bad key is not reported as a bad certificate.
 */
function readPem (opts: TlsOptions): Pem {
  const read = (variable: string, path: string): Buffer => {
    try {
      return readFileSync(path)
    } catch (err) {
      throw new ConfigError(variable, `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? reasonOf(err)}`)
    }
  }
  const cert = read('TLS_CERT', opts.certFile)
  const key = read('TLS_KEY', opts.keyFile)
  const ca = opts.caFile === undefined ? undefined : read('TLS_CA', opts.caFile)
  let leaf: X509Certificate
  try {
    leaf = certificatesIn(cert)[0]
  } catch (err) {
    throw new ConfigError('TLS_CERT', `cannot load the certificate ${opts.certFile}: ${reasonOf(err)}`)
  }
  try {
    createSecureContext({ key })
  } catch (err) {
    throw new ConfigError('TLS_KEY', `cannot load the private key ${opts.keyFile}: ${reasonOf(err)}`)
  }
  try {
    createSecureContext({ cert, key })
  } catch (err) {
    throw new ConfigError('TLS_KEY', `the private key ${opts.keyFile} does not go with TLS_CERT: ${reasonOf(err)}`)
  }
  if (ca !== undefined) {
    try {
      certificatesIn(ca)
    } catch (err) {
      throw new ConfigError('TLS_CA', `cannot load the CA bundle ${opts.caFile ?? ''}: ${reasonOf(err)}`)
    }
  }
  return { cert, key, ca, fingerprint: leaf.fingerprint256, notAfter: new Date(leaf.validTo) }
}

function samePem (a: Pem, b: Pem): boolean {
  return a.cert.equals(b.cert) && a.key.equals(b.key) && (a.ca === undefined ? b.ca === undefined : b.ca !== undefined && a.ca.equals(b.ca))
}

/**
 * The certificate, key and client CA of every TLS listener (MQTTS, HTTPS), reloaded when the files
 * change: new connections get the new certificate, open ones keep theirs. A set of files that does
 * not load is refused and the certificate in use stays; both outcomes are logged and counted.
 */
export class ReloadingTlsCredentials implements TlsCredentials {
  private pem: Pem
  private readonly servers: Array<{ server: TlsServer, withClientCa: boolean }> = []
  private readonly reloads: Counter
  private readonly failures: Counter
  private onChange: ((now: Stats, before: Stats) => void) | undefined

  private constructor (private readonly opts: TlsOptions, private readonly log: Logger, registry: Registry) {
    this.pem = readPem(opts)
    this.reloads = new Counter({ name: 'flare_tls_reloads_total', help: 'TLS certificates reloaded after their files changed', registers: [registry] })
    this.failures = new Counter({ name: 'flare_tls_reload_failures_total', help: 'Changed TLS files that did not load (the certificate in use was kept)', registers: [registry] })
    const self = this
    // eslint-disable-next-line no-new -- registered with the registry, read on scrape
    new Gauge({
      name: 'flare_tls_certificate_expiry_timestamp_seconds',
      help: 'When the TLS certificate in use expires (Unix time)',
      registers: [registry],
      collect () { this.set(Math.floor(self.pem.notAfter.getTime() / 1000)) }
    })
  }

  /** Loads the files now; a ConfigError names the one that does not load. */
  static load (opts: TlsOptions, log: Logger, registry: Registry): ReloadingTlsCredentials {
    return new ReloadingTlsCredentials(opts, log, registry)
  }

  /** The SHA-256 fingerprint of the certificate in use (AA:BB:…). */
  get fingerprint (): string {
    return this.pem.fingerprint
  }

  contextOptions (withClientCa: boolean): SecureContextOptions {
    const { cert, key, ca } = this.pem
    return {
      cert,
      key,
      minVersion: this.opts.minVersion,
      ...(this.opts.ciphers === undefined ? {} : { ciphers: this.opts.ciphers }),
      ...(withClientCa && ca !== undefined ? { ca } : {})
    }
  }

  keepCurrent (server: TlsServer, withClientCa: boolean): void {
    this.servers.push({ server, withClientCa })
  }

  /** Polls the files' metadata (a rename into place changes the inode, an edit the mtime). */
  watch (): void {
    if (this.opts.reloadIntervalMs === 0 || this.onChange !== undefined) return
    const onChange = (now: Stats, before: Stats): void => {
      if (now.mtimeMs === before.mtimeMs && now.ino === before.ino && now.size === before.size) return
      this.reload()
    }
    this.onChange = onChange
    for (const path of this.files()) watchFile(path, { interval: this.opts.reloadIntervalMs, persistent: false }, onChange)
  }

  stop (): void {
    const onChange = this.onChange
    if (onChange === undefined) return
    this.onChange = undefined
    for (const path of this.files()) unwatchFile(path, onChange)
  }

  /**
   * Reads the files again (also on SIGHUP). Unchanged contents are not a reload; a half-replaced set
   * (a new certificate, the old key) fails and is tried again on the next change.
   */
  reload (): 'reloaded' | 'unchanged' | 'failed' {
    let next: Pem
    try {
      next = readPem(this.opts)
      if (samePem(next, this.pem)) return 'unchanged'
      const previous = this.pem
      this.pem = next
      try {
        for (const { server, withClientCa } of this.servers) server.setSecureContext(this.contextOptions(withClientCa))
      } catch (err) {
        this.pem = previous
        for (const { server, withClientCa } of this.servers) server.setSecureContext(this.contextOptions(withClientCa))
        throw err
      }
    } catch (err) {
      this.failures.inc()
      this.log.error({ err, fingerprint: this.pem.fingerprint }, 'TLS reload failed: the certificate in use stays')
      return 'failed'
    }
    this.reloads.inc()
    this.log.info({ fingerprint: next.fingerprint, notAfter: next.notAfter.toISOString() }, 'TLS certificate reloaded')
    return 'reloaded'
  }

  private files (): string[] {
    return [this.opts.certFile, this.opts.keyFile, ...(this.opts.caFile === undefined ? [] : [this.opts.caFile])]
  }
}

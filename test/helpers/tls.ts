/** Throwaway certificates made with openssl for the TLS tests: a CA, servers for 127.0.0.1/localhost, clients. */
import type { Test } from 'tap'
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Pki {
  dir: string
  /** make a file in the directory (e.g. an extension config) */
  path: (name: string) => string
}

export interface Issued {
  cert: string
  key: string
  fingerprint: string
}

function openssl (args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' })
}

export function pki (t: Test): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'flare-pki-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return { dir, path: (name) => join(dir, name) }
}

function fingerprintOf (certFile: string): string {
  return new X509Certificate(readFileSync(certFile)).fingerprint256
}

/** A self-signed CA. */
export function makeCa (p: Pki, name: string): Issued {
  const cert = p.path(`${name}.crt`)
  const key = p.path(`${name}.key`)
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
  return { cert, key, fingerprint: fingerprintOf(cert) }
}

/** A certificate signed by `ca`: a server's (for 127.0.0.1 and localhost) or a client's, with this CN. */
export function issue (p: Pki, ca: Issued, name: string, cn: string, use: 'server' | 'client'): Issued {
  const cert = p.path(`${name}.crt`)
  const key = p.path(`${name}.key`)
  const csr = p.path(`${name}.csr`)
  const ext = p.path(`${name}.ext`)
  writeFileSync(ext, use === 'server'
    ? 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'
    : 'extendedKeyUsage=clientAuth\n')
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${cn}`])
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', cert, '-days', '1', '-extfile', ext])
  return { cert, key, fingerprint: fingerprintOf(cert) }
}

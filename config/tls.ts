import { accessSync, constants, statSync } from 'node:fs'
import { createSecureContext } from 'node:tls'
import { ConfigError, file, int, oneOf, port, str, type Env } from './env.js'

export const TLS_VERSIONS = ['TLSv1.2', 'TLSv1.3'] as const
export type TlsVersion = typeof TLS_VERSIONS[number]

/** The TLS settings every TLS listener (MQTTS_PORT, and HTTPS on HTTP_PORT) is built from. */
export interface TlsOptions {
  certFile: string
  keyFile: string
  /** TLS_CA: MQTTS asks for a client certificate signed by one of these */
  caFile?: string
  /** MQTT_TLS_CLIENT_CERT: `required` refuses a TLS client without a valid certificate at the handshake */
  clientCert: 'optional' | 'required'
  minVersion: TlsVersion
  /** TLS_CIPHERS: an OpenSSL cipher list; unset, Node's default */
  ciphers?: string
  /** how often the certificate, key and CA files are checked for a change (0: never; a restart reloads them) */
  reloadIntervalMs: number
}

/** A plain-HTTP listener beside HTTPS, for a TLS-terminating proxy in front (HTTP_PLAIN_PORT). */
export interface PlainHttpOptions {
  host: string
  port: number
}

/** A file Flare must read: it exists, is a file, and this process may read it. */
function readableFile (env: Env, name: string): string | undefined {
  const path = file(env, name)
  if (path === undefined) return undefined
  if (!statSync(path).isFile()) throw new ConfigError(name, `not a file: ${path}`)
  try {
    accessSync(path, constants.R_OK)
  } catch {
    throw new ConfigError(name, `file not readable by this process: ${path}`)
  }
  return path
}

function ciphersOf (env: Env): string | undefined {
  const ciphers = str(env, 'TLS_CIPHERS')
  if (ciphers === undefined) return undefined
  try {
    createSecureContext({ ciphers })
  } catch (err) {
    throw new ConfigError('TLS_CIPHERS', `not a cipher list OpenSSL accepts ("${ciphers}"): ${err instanceof Error ? err.message : String(err)}`)
  }
  return ciphers
}

/** TLS_CERT/TLS_KEY and what goes with them; undefined when TLS is off (then none of the others may be set). */
export function tlsOptions (env: Env): TlsOptions | undefined {
  const certFile = readableFile(env, 'TLS_CERT')
  const keyFile = readableFile(env, 'TLS_KEY')
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError(certFile === undefined ? 'TLS_CERT' : 'TLS_KEY', 'TLS_CERT and TLS_KEY must be set together')
  }
  const caFile = readableFile(env, 'TLS_CA')
  const clientCert = oneOf(env, 'MQTT_TLS_CLIENT_CERT', ['optional', 'required'] as const, 'optional')
  const minVersion = oneOf(env, 'TLS_MIN_VERSION', TLS_VERSIONS, 'TLSv1.2')
  const ciphers = ciphersOf(env)
  const reloadIntervalMs = int(env, 'TLS_RELOAD_INTERVAL_MS', 10_000, 0, 86_400_000)
  if (certFile === undefined || keyFile === undefined) {
    const stray = ['TLS_CA', 'MQTT_TLS_CLIENT_CERT', 'TLS_MIN_VERSION', 'TLS_CIPHERS', 'HTTP_PLAIN_PORT'].find(n => str(env, n) !== undefined)
    if (stray !== undefined) throw new ConfigError(stray, 'takes effect only with TLS_CERT and TLS_KEY, which are not set')
    return undefined
  }
  if (clientCert === 'required' && caFile === undefined) throw new ConfigError('MQTT_TLS_CLIENT_CERT', 'required needs TLS_CA, the CA that signs the client certificates')
  return { certFile, keyFile, caFile, clientCert, minVersion, ciphers, reloadIntervalMs }
}

/** HTTP_PLAIN_PORT: only with TLS (without it HTTP_PORT is plain already); never the same as HTTP_PORT. */
export function plainHttpOptions (env: Env, httpPort: number): PlainHttpOptions | undefined {
  if (str(env, 'HTTP_PLAIN_PORT') === undefined) return undefined
  const plain = port(env, 'HTTP_PLAIN_PORT', 0)
  if (plain !== 0 && plain === httpPort) throw new ConfigError('HTTP_PLAIN_PORT', `must differ from HTTP_PORT (${httpPort}), which speaks HTTPS`)
  return { host: str(env, 'HTTP_PLAIN_HOST') ?? str(env, 'HTTP_HOST') ?? '0.0.0.0', port: plain }
}

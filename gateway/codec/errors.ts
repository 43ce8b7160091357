/**
 * Why a payload could not be decoded:
 * - `bad_protobuf`: not a valid protobuf encoding of the expected message (truncated, bad varint,
 *   invalid UTF-8 in a string, ...)
 * - `bad_json`: not JSON text (syntax error, empty, invalid UTF-8)
 * - `bad_shape`: JSON, but not the proto3 JSON form of the expected message (unknown field, wrong
 *   type, unknown enum name, not an object); `field` names the offending field path
 * - `too_large`: longer than the caller's `maxBytes`
 */
export type DecodeErrorCode = 'bad_protobuf' | 'bad_json' | 'bad_shape' | 'too_large'

export class DecodeError extends Error {
  override readonly name = 'DecodeError'
  readonly code: DecodeErrorCode
  /** Field path for `bad_shape`, e.g. `location.lat`, `attributes.room`, `allowedNext[2]`. */
  readonly field: string | undefined

  constructor (code: DecodeErrorCode, message: string, field?: string) {
    super(message)
    this.code = code
    this.field = field
  }
}

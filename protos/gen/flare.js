/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $String = $util.global.String, $BigInt = $util.global.BigInt, $isFinite = $util.global.isFinite, $Array = $util.global.Array, $Boolean = $util.global.Boolean;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const flare = $root.flare = (() => {

    /**
     * Namespace flare.
     * @exports flare
     * @namespace
     */
    const flare = {};

    flare.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof flare
         * @namespace
         */
        const v1 = {};

        /**
         * AlertKind enum.
         * @name flare.v1.AlertKind
         * @enum {number}
         * @property {number} ALERT_KIND_UNSPECIFIED=0 ALERT_KIND_UNSPECIFIED value
         * @property {number} PANIC=1 PANIC value
         * @property {number} DURESS=2 DURESS value
         * @property {number} FALL=3 FALL value
         * @property {number} MEDICAL=4 MEDICAL value
         * @property {number} FIRE=5 FIRE value
         * @property {number} LOW_BATTERY=6 LOW_BATTERY value
         * @property {number} TAMPER=7 TAMPER value
         * @property {number} DEVICE_OFFLINE=8 DEVICE_OFFLINE value
         * @property {number} TEST=9 TEST value
         * @property {number} BURGLARY=10 BURGLARY value
         */
        v1.AlertKind = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ALERT_KIND_UNSPECIFIED"] = 0;
            values[valuesById[1] = "PANIC"] = 1;
            values[valuesById[2] = "DURESS"] = 2;
            values[valuesById[3] = "FALL"] = 3;
            values[valuesById[4] = "MEDICAL"] = 4;
            values[valuesById[5] = "FIRE"] = 5;
            values[valuesById[6] = "LOW_BATTERY"] = 6;
            values[valuesById[7] = "TAMPER"] = 7;
            values[valuesById[8] = "DEVICE_OFFLINE"] = 8;
            values[valuesById[9] = "TEST"] = 9;
            values[valuesById[10] = "BURGLARY"] = 10;
            return values;
        })();

        /**
         * LocationSource enum.
         * @name flare.v1.LocationSource
         * @enum {number}
         * @property {number} LOCATION_SOURCE_UNSPECIFIED=0 LOCATION_SOURCE_UNSPECIFIED value
         * @property {number} GPS=1 GPS value
         * @property {number} WIFI=2 WIFI value
         * @property {number} CELL=3 CELL value
         * @property {number} FIXED=4 FIXED value
         * @property {number} MANUAL=5 MANUAL value
         */
        v1.LocationSource = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "LOCATION_SOURCE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "GPS"] = 1;
            values[valuesById[2] = "WIFI"] = 2;
            values[valuesById[3] = "CELL"] = 3;
            values[valuesById[4] = "FIXED"] = 4;
            values[valuesById[5] = "MANUAL"] = 5;
            return values;
        })();

        v1.Location = (function() {

            /**
             * Properties of a Location.
             * @typedef {Object} flare.v1.Location.$Properties
             * @property {number|null} [lat] Location lat
             * @property {number|null} [lon] Location lon
             * @property {number|null} [accuracyM] Location accuracyM
             * @property {flare.v1.LocationSource|null} [source] Location source
             * @property {number|Long|null} [fixAtMs] Location fixAtMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Location.
             * @memberof flare.v1
             * @interface ILocation
             * @augments flare.v1.Location.$Properties
             * @deprecated Use flare.v1.Location.$Properties instead.
             */

            /**
             * Shape of a Location.
             * @typedef {flare.v1.Location.$Properties} flare.v1.Location.$Shape
             */

            /**
             * Constructs a new Location.
             * @memberof flare.v1
             * @classdesc Represents a Location.
             * @constructor
             * @param {flare.v1.Location.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Location = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Location lat.
             * @member {number} lat
             * @memberof flare.v1.Location
             * @instance
             */
            Location.prototype.lat = 0;

            /**
             * Location lon.
             * @member {number} lon
             * @memberof flare.v1.Location
             * @instance
             */
            Location.prototype.lon = 0;

            /**
             * Location accuracyM.
             * @member {number} accuracyM
             * @memberof flare.v1.Location
             * @instance
             */
            Location.prototype.accuracyM = 0;

            /**
             * Location source.
             * @member {flare.v1.LocationSource} source
             * @memberof flare.v1.Location
             * @instance
             */
            Location.prototype.source = 0;

            /**
             * Location fixAtMs.
             * @member {number|Long} fixAtMs
             * @memberof flare.v1.Location
             * @instance
             */
            Location.prototype.fixAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Location instance using the specified properties.
             * @function create
             * @memberof flare.v1.Location
             * @static
             * @param {flare.v1.Location.$Properties=} [properties] Properties to set
             * @returns {flare.v1.Location} Location instance
             * @type {{
             *   (properties: flare.v1.Location.$Shape): flare.v1.Location & flare.v1.Location.$Shape;
             *   (properties?: flare.v1.Location.$Properties): flare.v1.Location;
             * }}
             */
            Location.create = function(properties) {
                return new Location(properties);
            };

            /**
             * Encodes the specified Location message. Does not implicitly {@link flare.v1.Location.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.Location
             * @static
             * @param {flare.v1.Location.$Properties} message Location message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Location.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.lat != null && $Object.hasOwnProperty.call(message, "lat") && !$Object.is(message.lat, 0))
                    writer.uint32(/* id 1, wireType 1 =*/9).double(message.lat);
                if (message.lon != null && $Object.hasOwnProperty.call(message, "lon") && !$Object.is(message.lon, 0))
                    writer.uint32(/* id 2, wireType 1 =*/17).double(message.lon);
                if (message.accuracyM != null && $Object.hasOwnProperty.call(message, "accuracyM") && !$Object.is(message.accuracyM, 0))
                    writer.uint32(/* id 3, wireType 5 =*/29).float(message.accuracyM);
                if (message.source != null && $Object.hasOwnProperty.call(message, "source") && message.source !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.source);
                if (message.fixAtMs != null && $Object.hasOwnProperty.call(message, "fixAtMs") && (typeof message.fixAtMs === "object" ? message.fixAtMs.low || message.fixAtMs.high : message.fixAtMs !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.fixAtMs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Location message, length delimited. Does not implicitly {@link flare.v1.Location.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.Location
             * @static
             * @param {flare.v1.Location.$Properties} message Location message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Location.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Location message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.Location
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.Location & flare.v1.Location.$Shape} Location
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Location.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.Location();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.lat = value;
                            else
                                delete message.lat;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.lon = value;
                            else
                                delete message.lon;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 5)
                                break;
                            if (!$Object.is(value = reader.float(), 0))
                                message.accuracyM = value;
                            else
                                delete message.accuracyM;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.source = value;
                            else
                                delete message.source;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.fixAtMs = value;
                            else
                                delete message.fixAtMs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Location message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.Location
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.Location & flare.v1.Location.$Shape} Location
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Location.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Location message.
             * @function verify
             * @memberof flare.v1.Location
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Location.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.lat != null && $Object.hasOwnProperty.call(message, "lat"))
                    if (typeof message.lat !== "number")
                        return "lat: number expected";
                if (message.lon != null && $Object.hasOwnProperty.call(message, "lon"))
                    if (typeof message.lon !== "number")
                        return "lon: number expected";
                if (message.accuracyM != null && $Object.hasOwnProperty.call(message, "accuracyM"))
                    if (typeof message.accuracyM !== "number")
                        return "accuracyM: number expected";
                if (message.source != null && $Object.hasOwnProperty.call(message, "source"))
                    if (typeof message.source !== "number" || (message.source | 0) !== message.source)
                        return "source: enum value expected";
                if (message.fixAtMs != null && $Object.hasOwnProperty.call(message, "fixAtMs"))
                    if (!$util.isInteger(message.fixAtMs) && !(message.fixAtMs && $util.isInteger(message.fixAtMs.low) && $util.isInteger(message.fixAtMs.high)))
                        return "fixAtMs: integer|Long expected";
                return null;
            };

            /**
             * Creates a Location message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.Location
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.Location} Location
             */
            Location.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.Location)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.Location: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.Location();
                if (object.lat != null)
                    if (!$Object.is($Number(object.lat), 0))
                        message.lat = $Number(object.lat);
                if (object.lon != null)
                    if (!$Object.is($Number(object.lon), 0))
                        message.lon = $Number(object.lon);
                if (object.accuracyM != null)
                    if (!$Object.is($Number(object.accuracyM), 0))
                        message.accuracyM = $Number(object.accuracyM);
                if (object.source !== 0 && (typeof object.source !== "string" || $root.flare.v1.LocationSource[object.source] !== 0))
                    switch (object.source) {
                    case "LOCATION_SOURCE_UNSPECIFIED":
                    case 0:
                        message.source = 0;
                        break;
                    case "GPS":
                    case 1:
                        message.source = 1;
                        break;
                    case "WIFI":
                    case 2:
                        message.source = 2;
                        break;
                    case "CELL":
                    case 3:
                        message.source = 3;
                        break;
                    case "FIXED":
                    case 4:
                        message.source = 4;
                        break;
                    case "MANUAL":
                    case 5:
                        message.source = 5;
                        break;
                    default:
                        if (typeof object.source === "number" && (object.source | 0) === object.source)
                            message.source = object.source;
                    }
                if (object.fixAtMs != null)
                    if (typeof object.fixAtMs === "object" ? object.fixAtMs.low || object.fixAtMs.high : $Number(object.fixAtMs) !== 0)
                        if ($util.Long)
                            message.fixAtMs = $util.Long.fromValue(object.fixAtMs, true);
                        else if (typeof object.fixAtMs === "string")
                            message.fixAtMs = $parseInt(object.fixAtMs, 10);
                        else if (typeof object.fixAtMs === "number")
                            message.fixAtMs = object.fixAtMs;
                        else if (typeof object.fixAtMs === "object")
                            message.fixAtMs = new $util.LongBits(object.fixAtMs.low >>> 0, object.fixAtMs.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a Location message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.Location
             * @static
             * @param {flare.v1.Location} message Location
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Location.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.lat = 0;
                    object.lon = 0;
                    object.accuracyM = 0;
                    object.source = options.enums === $String ? "LOCATION_SOURCE_UNSPECIFIED" : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.fixAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.fixAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.lat != null && $Object.hasOwnProperty.call(message, "lat"))
                    object.lat = options.json && !$isFinite(message.lat) ? $String(message.lat) : message.lat;
                if (message.lon != null && $Object.hasOwnProperty.call(message, "lon"))
                    object.lon = options.json && !$isFinite(message.lon) ? $String(message.lon) : message.lon;
                if (message.accuracyM != null && $Object.hasOwnProperty.call(message, "accuracyM"))
                    object.accuracyM = options.json && !$isFinite(message.accuracyM) ? $String(message.accuracyM) : message.accuracyM;
                if (message.source != null && $Object.hasOwnProperty.call(message, "source"))
                    object.source = options.enums === $String ? $root.flare.v1.LocationSource[message.source] === $undefined ? message.source : $root.flare.v1.LocationSource[message.source] : message.source;
                if (message.fixAtMs != null && $Object.hasOwnProperty.call(message, "fixAtMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.fixAtMs = typeof message.fixAtMs === "number" ? $BigInt(message.fixAtMs) : $util.Long.fromBits(message.fixAtMs.low >>> 0, message.fixAtMs.high >>> 0, true).toBigInt();
                    else if (typeof message.fixAtMs === "number")
                        object.fixAtMs = options.longs === $String ? $String(message.fixAtMs) : message.fixAtMs;
                    else
                        object.fixAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.fixAtMs) : options.longs === $Number ? new $util.LongBits(message.fixAtMs.low >>> 0, message.fixAtMs.high >>> 0).toNumber(true) : message.fixAtMs;
                return object;
            };

            /**
             * Converts this Location to JSON.
             * @function toJSON
             * @memberof flare.v1.Location
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Location.prototype.toJSON = function() {
                return Location.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Location
             * @function getTypeUrl
             * @memberof flare.v1.Location
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Location.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.Location";
            };

            return Location;
        })();

        v1.Vitals = (function() {

            /**
             * Properties of a Vitals.
             * @typedef {Object} flare.v1.Vitals.$Properties
             * @property {number|null} [heartRateBpm] Vitals heartRateBpm
             * @property {number|null} [spo2Pct] Vitals spo2Pct
             * @property {number|null} [skinTempC] Vitals skinTempC
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Vitals.
             * @memberof flare.v1
             * @interface IVitals
             * @augments flare.v1.Vitals.$Properties
             * @deprecated Use flare.v1.Vitals.$Properties instead.
             */

            /**
             * Shape of a Vitals.
             * @typedef {flare.v1.Vitals.$Properties} flare.v1.Vitals.$Shape
             */

            /**
             * Constructs a new Vitals.
             * @memberof flare.v1
             * @classdesc Represents a Vitals.
             * @constructor
             * @param {flare.v1.Vitals.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Vitals = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Vitals heartRateBpm.
             * @member {number} heartRateBpm
             * @memberof flare.v1.Vitals
             * @instance
             */
            Vitals.prototype.heartRateBpm = 0;

            /**
             * Vitals spo2Pct.
             * @member {number} spo2Pct
             * @memberof flare.v1.Vitals
             * @instance
             */
            Vitals.prototype.spo2Pct = 0;

            /**
             * Vitals skinTempC.
             * @member {number} skinTempC
             * @memberof flare.v1.Vitals
             * @instance
             */
            Vitals.prototype.skinTempC = 0;

            /**
             * Creates a new Vitals instance using the specified properties.
             * @function create
             * @memberof flare.v1.Vitals
             * @static
             * @param {flare.v1.Vitals.$Properties=} [properties] Properties to set
             * @returns {flare.v1.Vitals} Vitals instance
             * @type {{
             *   (properties: flare.v1.Vitals.$Shape): flare.v1.Vitals & flare.v1.Vitals.$Shape;
             *   (properties?: flare.v1.Vitals.$Properties): flare.v1.Vitals;
             * }}
             */
            Vitals.create = function(properties) {
                return new Vitals(properties);
            };

            /**
             * Encodes the specified Vitals message. Does not implicitly {@link flare.v1.Vitals.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.Vitals
             * @static
             * @param {flare.v1.Vitals.$Properties} message Vitals message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Vitals.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.heartRateBpm != null && $Object.hasOwnProperty.call(message, "heartRateBpm") && message.heartRateBpm !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.heartRateBpm);
                if (message.spo2Pct != null && $Object.hasOwnProperty.call(message, "spo2Pct") && !$Object.is(message.spo2Pct, 0))
                    writer.uint32(/* id 2, wireType 5 =*/21).float(message.spo2Pct);
                if (message.skinTempC != null && $Object.hasOwnProperty.call(message, "skinTempC") && !$Object.is(message.skinTempC, 0))
                    writer.uint32(/* id 3, wireType 5 =*/29).float(message.skinTempC);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Vitals message, length delimited. Does not implicitly {@link flare.v1.Vitals.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.Vitals
             * @static
             * @param {flare.v1.Vitals.$Properties} message Vitals message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Vitals.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Vitals message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.Vitals
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.Vitals & flare.v1.Vitals.$Shape} Vitals
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Vitals.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.Vitals();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.heartRateBpm = value;
                            else
                                delete message.heartRateBpm;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 5)
                                break;
                            if (!$Object.is(value = reader.float(), 0))
                                message.spo2Pct = value;
                            else
                                delete message.spo2Pct;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 5)
                                break;
                            if (!$Object.is(value = reader.float(), 0))
                                message.skinTempC = value;
                            else
                                delete message.skinTempC;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Vitals message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.Vitals
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.Vitals & flare.v1.Vitals.$Shape} Vitals
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Vitals.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Vitals message.
             * @function verify
             * @memberof flare.v1.Vitals
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Vitals.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.heartRateBpm != null && $Object.hasOwnProperty.call(message, "heartRateBpm"))
                    if (!$util.isInteger(message.heartRateBpm))
                        return "heartRateBpm: integer expected";
                if (message.spo2Pct != null && $Object.hasOwnProperty.call(message, "spo2Pct"))
                    if (typeof message.spo2Pct !== "number")
                        return "spo2Pct: number expected";
                if (message.skinTempC != null && $Object.hasOwnProperty.call(message, "skinTempC"))
                    if (typeof message.skinTempC !== "number")
                        return "skinTempC: number expected";
                return null;
            };

            /**
             * Creates a Vitals message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.Vitals
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.Vitals} Vitals
             */
            Vitals.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.Vitals)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.Vitals: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.Vitals();
                if (object.heartRateBpm != null)
                    if ($Number(object.heartRateBpm) !== 0)
                        message.heartRateBpm = object.heartRateBpm >>> 0;
                if (object.spo2Pct != null)
                    if (!$Object.is($Number(object.spo2Pct), 0))
                        message.spo2Pct = $Number(object.spo2Pct);
                if (object.skinTempC != null)
                    if (!$Object.is($Number(object.skinTempC), 0))
                        message.skinTempC = $Number(object.skinTempC);
                return message;
            };

            /**
             * Creates a plain object from a Vitals message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.Vitals
             * @static
             * @param {flare.v1.Vitals} message Vitals
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Vitals.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.heartRateBpm = 0;
                    object.spo2Pct = 0;
                    object.skinTempC = 0;
                }
                if (message.heartRateBpm != null && $Object.hasOwnProperty.call(message, "heartRateBpm"))
                    object.heartRateBpm = message.heartRateBpm;
                if (message.spo2Pct != null && $Object.hasOwnProperty.call(message, "spo2Pct"))
                    object.spo2Pct = options.json && !$isFinite(message.spo2Pct) ? $String(message.spo2Pct) : message.spo2Pct;
                if (message.skinTempC != null && $Object.hasOwnProperty.call(message, "skinTempC"))
                    object.skinTempC = options.json && !$isFinite(message.skinTempC) ? $String(message.skinTempC) : message.skinTempC;
                return object;
            };

            /**
             * Converts this Vitals to JSON.
             * @function toJSON
             * @memberof flare.v1.Vitals
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Vitals.prototype.toJSON = function() {
                return Vitals.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Vitals
             * @function getTypeUrl
             * @memberof flare.v1.Vitals
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Vitals.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.Vitals";
            };

            return Vitals;
        })();

        v1.Alert = (function() {

            /**
             * Properties of an Alert.
             * @typedef {Object} flare.v1.Alert.$Properties
             * @property {string|null} [alertId] Alert alertId
             * @property {flare.v1.AlertKind|null} [kind] Alert kind
             * @property {number|Long|null} [triggeredAtMs] Alert triggeredAtMs
             * @property {flare.v1.Location.$Properties|null} [location] Alert location
             * @property {number|null} [batteryPct] Alert batteryPct
             * @property {flare.v1.Vitals.$Properties|null} [vitals] Alert vitals
             * @property {Object.<string,string>|null} [attributes] Alert attributes
             * @property {number|null} [seq] Alert seq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Alert.
             * @memberof flare.v1
             * @interface IAlert
             * @augments flare.v1.Alert.$Properties
             * @deprecated Use flare.v1.Alert.$Properties instead.
             */

            /**
             * Shape of an Alert.
             * @typedef {flare.v1.Alert.$Properties} flare.v1.Alert.$Shape
             */

            /**
             * Constructs a new Alert.
             * @memberof flare.v1
             * @classdesc Represents an Alert.
             * @constructor
             * @param {flare.v1.Alert.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Alert = function (properties) {
                this.attributes = {};
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Alert alertId.
             * @member {string} alertId
             * @memberof flare.v1.Alert
             * @instance
             */
            Alert.prototype.alertId = "";

            /**
             * Alert kind.
             * @member {flare.v1.AlertKind} kind
             * @memberof flare.v1.Alert
             * @instance
             */
            Alert.prototype.kind = 0;

            /**
             * Alert triggeredAtMs.
             * @member {number|Long} triggeredAtMs
             * @memberof flare.v1.Alert
             * @instance
             */
            Alert.prototype.triggeredAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Alert location.
             * @member {flare.v1.Location.$Properties|null|undefined} location
             * @memberof flare.v1.Alert
             * @instance
             */
            Alert.prototype.location = null;

            /**
             * Alert batteryPct.
             * @member {number|null|undefined} batteryPct
             * @memberof flare.v1.Alert
             * @instance
             */
            Alert.prototype.batteryPct = null;

            /**
             * Alert vitals.
             * @member {flare.v1.Vitals.$Properties|null|undefined} vitals
             * @memberof flare.v1.Alert
             * @instance
             */
            Alert.prototype.vitals = null;

            /**
             * Alert attributes.
             * @member {Object.<string,string>} attributes
             * @memberof flare.v1.Alert
             * @instance
             */
            Alert.prototype.attributes = $util.emptyObject;

            /**
             * Alert seq.
             * @member {number} seq
             * @memberof flare.v1.Alert
             * @instance
             */
            Alert.prototype.seq = 0;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Alert.prototype, "_batteryPct", {
                get: $util.oneOfGetter($oneOfFields = ["batteryPct"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Alert instance using the specified properties.
             * @function create
             * @memberof flare.v1.Alert
             * @static
             * @param {flare.v1.Alert.$Properties=} [properties] Properties to set
             * @returns {flare.v1.Alert} Alert instance
             * @type {{
             *   (properties: flare.v1.Alert.$Shape): flare.v1.Alert & flare.v1.Alert.$Shape;
             *   (properties?: flare.v1.Alert.$Properties): flare.v1.Alert;
             * }}
             */
            Alert.create = function(properties) {
                return new Alert(properties);
            };

            /**
             * Encodes the specified Alert message. Does not implicitly {@link flare.v1.Alert.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.Alert
             * @static
             * @param {flare.v1.Alert.$Properties} message Alert message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Alert.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.alertId != null && $Object.hasOwnProperty.call(message, "alertId") && message.alertId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.alertId);
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind") && message.kind !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.kind);
                if (message.triggeredAtMs != null && $Object.hasOwnProperty.call(message, "triggeredAtMs") && (typeof message.triggeredAtMs === "object" ? message.triggeredAtMs.low || message.triggeredAtMs.high : message.triggeredAtMs !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.triggeredAtMs);
                if (message.location != null && $Object.hasOwnProperty.call(message, "location"))
                    $root.flare.v1.Location.encode(message.location, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.batteryPct != null && $Object.hasOwnProperty.call(message, "batteryPct"))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.batteryPct);
                if (message.vitals != null && $Object.hasOwnProperty.call(message, "vitals"))
                    $root.flare.v1.Vitals.encode(message.vitals, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.attributes != null && $Object.hasOwnProperty.call(message, "attributes"))
                    for (let keys = $Object.keys(message.attributes), i = 0; i < keys.length; ++i)
                        writer.uint32(/* id 7, wireType 2 =*/58).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.attributes[keys[i]]).ldelim();
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && message.seq !== 0)
                    writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.seq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Alert message, length delimited. Does not implicitly {@link flare.v1.Alert.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.Alert
             * @static
             * @param {flare.v1.Alert.$Properties} message Alert message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Alert.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Alert message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.Alert
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.Alert & flare.v1.Alert.$Shape} Alert
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Alert.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, key, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.Alert();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.alertId = value;
                            else
                                delete message.alertId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.kind = value;
                            else
                                delete message.kind;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.triggeredAtMs = value;
                            else
                                delete message.triggeredAtMs;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.location = $root.flare.v1.Location.decode(reader, reader.size(), $undefined, _depth + 1, message.location);
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            message.batteryPct = reader.uint32();
                            message._batteryPct = "batteryPct";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.vitals = $root.flare.v1.Vitals.decode(reader, reader.size(), $undefined, _depth + 1, message.vitals);
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if (message.attributes === $util.emptyObject)
                                message.attributes = {};
                            let end2 = reader.size() + reader.pos;
                            if (end2 > reader.len)
                                throw $RangeError("index out of range");
                            reader.len = end2;
                            key = "";
                            value = "";
                            while (reader.pos < end2) {
                                let tag2 = reader.tag();
                                wireType = tag2 & 7;
                                switch (tag2 >>>= 3) {
                                case 1:
                                    if (wireType !== 2)
                                        break;
                                    key = reader.stringVerify();
                                    continue;
                                case 2:
                                    if (wireType !== 2)
                                        break;
                                    value = reader.stringVerify();
                                    continue;
                                }
                                reader.skipType(wireType, _depth, tag2);
                            }
                            if (reader.pos !== end2)
                                throw $RangeError("index out of range");
                            reader.len = end;
                            if (key === "__proto__")
                                $util.makeProp(message.attributes, key);
                            message.attributes[key] = value;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an Alert message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.Alert
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.Alert & flare.v1.Alert.$Shape} Alert
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Alert.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Alert message.
             * @function verify
             * @memberof flare.v1.Alert
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Alert.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.alertId != null && $Object.hasOwnProperty.call(message, "alertId"))
                    if (!$util.isString(message.alertId))
                        return "alertId: string expected";
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    if (typeof message.kind !== "number" || (message.kind | 0) !== message.kind)
                        return "kind: enum value expected";
                if (message.triggeredAtMs != null && $Object.hasOwnProperty.call(message, "triggeredAtMs"))
                    if (!$util.isInteger(message.triggeredAtMs) && !(message.triggeredAtMs && $util.isInteger(message.triggeredAtMs.low) && $util.isInteger(message.triggeredAtMs.high)))
                        return "triggeredAtMs: integer|Long expected";
                if (message.location != null && $Object.hasOwnProperty.call(message, "location")) {
                    let error = $root.flare.v1.Location.verify(message.location, _depth + 1);
                    if (error)
                        return "location." + error;
                }
                if (message.batteryPct != null && $Object.hasOwnProperty.call(message, "batteryPct")) {
                    properties._batteryPct = 1;
                    if (!$util.isInteger(message.batteryPct))
                        return "batteryPct: integer expected";
                }
                if (message.vitals != null && $Object.hasOwnProperty.call(message, "vitals")) {
                    let error = $root.flare.v1.Vitals.verify(message.vitals, _depth + 1);
                    if (error)
                        return "vitals." + error;
                }
                if (message.attributes != null && $Object.hasOwnProperty.call(message, "attributes")) {
                    if (!$util.isObject(message.attributes))
                        return "attributes: object expected";
                    let key = $Object.keys(message.attributes);
                    for (let i = 0; i < key.length; ++i)
                        if (!$util.isString(message.attributes[key[i]]))
                            return "attributes: string{k:string} expected";
                }
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (!$util.isInteger(message.seq))
                        return "seq: integer expected";
                return null;
            };

            /**
             * Creates an Alert message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.Alert
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.Alert} Alert
             */
            Alert.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.Alert)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.Alert: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.Alert();
                if (object.alertId != null)
                    if (typeof object.alertId !== "string" || object.alertId.length)
                        message.alertId = $String(object.alertId);
                if (object.kind !== 0 && (typeof object.kind !== "string" || $root.flare.v1.AlertKind[object.kind] !== 0))
                    switch (object.kind) {
                    case "ALERT_KIND_UNSPECIFIED":
                    case 0:
                        message.kind = 0;
                        break;
                    case "PANIC":
                    case 1:
                        message.kind = 1;
                        break;
                    case "DURESS":
                    case 2:
                        message.kind = 2;
                        break;
                    case "FALL":
                    case 3:
                        message.kind = 3;
                        break;
                    case "MEDICAL":
                    case 4:
                        message.kind = 4;
                        break;
                    case "FIRE":
                    case 5:
                        message.kind = 5;
                        break;
                    case "LOW_BATTERY":
                    case 6:
                        message.kind = 6;
                        break;
                    case "TAMPER":
                    case 7:
                        message.kind = 7;
                        break;
                    case "DEVICE_OFFLINE":
                    case 8:
                        message.kind = 8;
                        break;
                    case "TEST":
                    case 9:
                        message.kind = 9;
                        break;
                    case "BURGLARY":
                    case 10:
                        message.kind = 10;
                        break;
                    default:
                        if (typeof object.kind === "number" && (object.kind | 0) === object.kind)
                            message.kind = object.kind;
                    }
                if (object.triggeredAtMs != null)
                    if (typeof object.triggeredAtMs === "object" ? object.triggeredAtMs.low || object.triggeredAtMs.high : $Number(object.triggeredAtMs) !== 0)
                        if ($util.Long)
                            message.triggeredAtMs = $util.Long.fromValue(object.triggeredAtMs, true);
                        else if (typeof object.triggeredAtMs === "string")
                            message.triggeredAtMs = $parseInt(object.triggeredAtMs, 10);
                        else if (typeof object.triggeredAtMs === "number")
                            message.triggeredAtMs = object.triggeredAtMs;
                        else if (typeof object.triggeredAtMs === "object")
                            message.triggeredAtMs = new $util.LongBits(object.triggeredAtMs.low >>> 0, object.triggeredAtMs.high >>> 0).toNumber(true);
                if (object.location != null) {
                    if (!$util.isObject(object.location))
                        throw $TypeError(".flare.v1.Alert.location: object expected");
                    message.location = $root.flare.v1.Location.fromObject(object.location, _depth + 1);
                }
                if (object.batteryPct != null)
                    message.batteryPct = object.batteryPct >>> 0;
                if (object.vitals != null) {
                    if (!$util.isObject(object.vitals))
                        throw $TypeError(".flare.v1.Alert.vitals: object expected");
                    message.vitals = $root.flare.v1.Vitals.fromObject(object.vitals, _depth + 1);
                }
                if (object.attributes) {
                    if (!$util.isObject(object.attributes))
                        throw $TypeError(".flare.v1.Alert.attributes: object expected");
                    message.attributes = {};
                    for (let keys = $Object.keys(object.attributes), i = 0; i < keys.length; ++i) {
                        if (keys[i] === "__proto__")
                            $util.makeProp(message.attributes, keys[i]);
                        message.attributes[keys[i]] = $String(object.attributes[keys[i]]);
                    }
                }
                if (object.seq != null)
                    if ($Number(object.seq) !== 0)
                        message.seq = object.seq >>> 0;
                return message;
            };

            /**
             * Creates a plain object from an Alert message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.Alert
             * @static
             * @param {flare.v1.Alert} message Alert
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Alert.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.objects || options.defaults)
                    object.attributes = {};
                if (options.defaults) {
                    object.alertId = "";
                    object.kind = options.enums === $String ? "ALERT_KIND_UNSPECIFIED" : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.triggeredAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.triggeredAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.location = null;
                    object.vitals = null;
                    object.seq = 0;
                }
                if (message.alertId != null && $Object.hasOwnProperty.call(message, "alertId"))
                    object.alertId = message.alertId;
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    object.kind = options.enums === $String ? $root.flare.v1.AlertKind[message.kind] === $undefined ? message.kind : $root.flare.v1.AlertKind[message.kind] : message.kind;
                if (message.triggeredAtMs != null && $Object.hasOwnProperty.call(message, "triggeredAtMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.triggeredAtMs = typeof message.triggeredAtMs === "number" ? $BigInt(message.triggeredAtMs) : $util.Long.fromBits(message.triggeredAtMs.low >>> 0, message.triggeredAtMs.high >>> 0, true).toBigInt();
                    else if (typeof message.triggeredAtMs === "number")
                        object.triggeredAtMs = options.longs === $String ? $String(message.triggeredAtMs) : message.triggeredAtMs;
                    else
                        object.triggeredAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.triggeredAtMs) : options.longs === $Number ? new $util.LongBits(message.triggeredAtMs.low >>> 0, message.triggeredAtMs.high >>> 0).toNumber(true) : message.triggeredAtMs;
                if (message.location != null && $Object.hasOwnProperty.call(message, "location"))
                    object.location = $root.flare.v1.Location.toObject(message.location, options, _depth + 1);
                if (message.batteryPct != null && $Object.hasOwnProperty.call(message, "batteryPct"))
                    object.batteryPct = message.batteryPct;
                if (message.vitals != null && $Object.hasOwnProperty.call(message, "vitals"))
                    object.vitals = $root.flare.v1.Vitals.toObject(message.vitals, options, _depth + 1);
                let keys2;
                if (message.attributes && (keys2 = $Object.keys(message.attributes)).length) {
                    object.attributes = {};
                    for (let j = 0; j < keys2.length; ++j) {
                        if (keys2[j] === "__proto__")
                            $util.makeProp(object.attributes, keys2[j]);
                        object.attributes[keys2[j]] = message.attributes[keys2[j]];
                    }
                }
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    object.seq = message.seq;
                return object;
            };

            /**
             * Converts this Alert to JSON.
             * @function toJSON
             * @memberof flare.v1.Alert
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Alert.prototype.toJSON = function() {
                return Alert.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Alert
             * @function getTypeUrl
             * @memberof flare.v1.Alert
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Alert.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.Alert";
            };

            return Alert;
        })();

        v1.Telemetry = (function() {

            /**
             * Properties of a Telemetry.
             * @typedef {Object} flare.v1.Telemetry.$Properties
             * @property {number|Long|null} [atMs] Telemetry atMs
             * @property {number|null} [batteryPct] Telemetry batteryPct
             * @property {flare.v1.Location.$Properties|null} [location] Telemetry location
             * @property {flare.v1.Vitals.$Properties|null} [vitals] Telemetry vitals
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Telemetry.
             * @memberof flare.v1
             * @interface ITelemetry
             * @augments flare.v1.Telemetry.$Properties
             * @deprecated Use flare.v1.Telemetry.$Properties instead.
             */

            /**
             * Shape of a Telemetry.
             * @typedef {flare.v1.Telemetry.$Properties} flare.v1.Telemetry.$Shape
             */

            /**
             * Constructs a new Telemetry.
             * @memberof flare.v1
             * @classdesc Represents a Telemetry.
             * @constructor
             * @param {flare.v1.Telemetry.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Telemetry = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Telemetry atMs.
             * @member {number|Long} atMs
             * @memberof flare.v1.Telemetry
             * @instance
             */
            Telemetry.prototype.atMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Telemetry batteryPct.
             * @member {number|null|undefined} batteryPct
             * @memberof flare.v1.Telemetry
             * @instance
             */
            Telemetry.prototype.batteryPct = null;

            /**
             * Telemetry location.
             * @member {flare.v1.Location.$Properties|null|undefined} location
             * @memberof flare.v1.Telemetry
             * @instance
             */
            Telemetry.prototype.location = null;

            /**
             * Telemetry vitals.
             * @member {flare.v1.Vitals.$Properties|null|undefined} vitals
             * @memberof flare.v1.Telemetry
             * @instance
             */
            Telemetry.prototype.vitals = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Telemetry.prototype, "_batteryPct", {
                get: $util.oneOfGetter($oneOfFields = ["batteryPct"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Telemetry instance using the specified properties.
             * @function create
             * @memberof flare.v1.Telemetry
             * @static
             * @param {flare.v1.Telemetry.$Properties=} [properties] Properties to set
             * @returns {flare.v1.Telemetry} Telemetry instance
             * @type {{
             *   (properties: flare.v1.Telemetry.$Shape): flare.v1.Telemetry & flare.v1.Telemetry.$Shape;
             *   (properties?: flare.v1.Telemetry.$Properties): flare.v1.Telemetry;
             * }}
             */
            Telemetry.create = function(properties) {
                return new Telemetry(properties);
            };

            /**
             * Encodes the specified Telemetry message. Does not implicitly {@link flare.v1.Telemetry.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.Telemetry
             * @static
             * @param {flare.v1.Telemetry.$Properties} message Telemetry message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Telemetry.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs") && (typeof message.atMs === "object" ? message.atMs.low || message.atMs.high : message.atMs !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.atMs);
                if (message.batteryPct != null && $Object.hasOwnProperty.call(message, "batteryPct"))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.batteryPct);
                if (message.location != null && $Object.hasOwnProperty.call(message, "location"))
                    $root.flare.v1.Location.encode(message.location, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.vitals != null && $Object.hasOwnProperty.call(message, "vitals"))
                    $root.flare.v1.Vitals.encode(message.vitals, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Telemetry message, length delimited. Does not implicitly {@link flare.v1.Telemetry.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.Telemetry
             * @static
             * @param {flare.v1.Telemetry.$Properties} message Telemetry message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Telemetry.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Telemetry message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.Telemetry
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.Telemetry & flare.v1.Telemetry.$Shape} Telemetry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Telemetry.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.Telemetry();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.atMs = value;
                            else
                                delete message.atMs;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.batteryPct = reader.uint32();
                            message._batteryPct = "batteryPct";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.location = $root.flare.v1.Location.decode(reader, reader.size(), $undefined, _depth + 1, message.location);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.vitals = $root.flare.v1.Vitals.decode(reader, reader.size(), $undefined, _depth + 1, message.vitals);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Telemetry message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.Telemetry
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.Telemetry & flare.v1.Telemetry.$Shape} Telemetry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Telemetry.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Telemetry message.
             * @function verify
             * @memberof flare.v1.Telemetry
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Telemetry.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs"))
                    if (!$util.isInteger(message.atMs) && !(message.atMs && $util.isInteger(message.atMs.low) && $util.isInteger(message.atMs.high)))
                        return "atMs: integer|Long expected";
                if (message.batteryPct != null && $Object.hasOwnProperty.call(message, "batteryPct")) {
                    properties._batteryPct = 1;
                    if (!$util.isInteger(message.batteryPct))
                        return "batteryPct: integer expected";
                }
                if (message.location != null && $Object.hasOwnProperty.call(message, "location")) {
                    let error = $root.flare.v1.Location.verify(message.location, _depth + 1);
                    if (error)
                        return "location." + error;
                }
                if (message.vitals != null && $Object.hasOwnProperty.call(message, "vitals")) {
                    let error = $root.flare.v1.Vitals.verify(message.vitals, _depth + 1);
                    if (error)
                        return "vitals." + error;
                }
                return null;
            };

            /**
             * Creates a Telemetry message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.Telemetry
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.Telemetry} Telemetry
             */
            Telemetry.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.Telemetry)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.Telemetry: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.Telemetry();
                if (object.atMs != null)
                    if (typeof object.atMs === "object" ? object.atMs.low || object.atMs.high : $Number(object.atMs) !== 0)
                        if ($util.Long)
                            message.atMs = $util.Long.fromValue(object.atMs, true);
                        else if (typeof object.atMs === "string")
                            message.atMs = $parseInt(object.atMs, 10);
                        else if (typeof object.atMs === "number")
                            message.atMs = object.atMs;
                        else if (typeof object.atMs === "object")
                            message.atMs = new $util.LongBits(object.atMs.low >>> 0, object.atMs.high >>> 0).toNumber(true);
                if (object.batteryPct != null)
                    message.batteryPct = object.batteryPct >>> 0;
                if (object.location != null) {
                    if (!$util.isObject(object.location))
                        throw $TypeError(".flare.v1.Telemetry.location: object expected");
                    message.location = $root.flare.v1.Location.fromObject(object.location, _depth + 1);
                }
                if (object.vitals != null) {
                    if (!$util.isObject(object.vitals))
                        throw $TypeError(".flare.v1.Telemetry.vitals: object expected");
                    message.vitals = $root.flare.v1.Vitals.fromObject(object.vitals, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a Telemetry message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.Telemetry
             * @static
             * @param {flare.v1.Telemetry} message Telemetry
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Telemetry.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.atMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.atMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.location = null;
                    object.vitals = null;
                }
                if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.atMs = typeof message.atMs === "number" ? $BigInt(message.atMs) : $util.Long.fromBits(message.atMs.low >>> 0, message.atMs.high >>> 0, true).toBigInt();
                    else if (typeof message.atMs === "number")
                        object.atMs = options.longs === $String ? $String(message.atMs) : message.atMs;
                    else
                        object.atMs = options.longs === $String ? $util.Long.prototype.toString.call(message.atMs) : options.longs === $Number ? new $util.LongBits(message.atMs.low >>> 0, message.atMs.high >>> 0).toNumber(true) : message.atMs;
                if (message.batteryPct != null && $Object.hasOwnProperty.call(message, "batteryPct"))
                    object.batteryPct = message.batteryPct;
                if (message.location != null && $Object.hasOwnProperty.call(message, "location"))
                    object.location = $root.flare.v1.Location.toObject(message.location, options, _depth + 1);
                if (message.vitals != null && $Object.hasOwnProperty.call(message, "vitals"))
                    object.vitals = $root.flare.v1.Vitals.toObject(message.vitals, options, _depth + 1);
                return object;
            };

            /**
             * Converts this Telemetry to JSON.
             * @function toJSON
             * @memberof flare.v1.Telemetry
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Telemetry.prototype.toJSON = function() {
                return Telemetry.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Telemetry
             * @function getTypeUrl
             * @memberof flare.v1.Telemetry
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Telemetry.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.Telemetry";
            };

            return Telemetry;
        })();

        /**
         * AckStatus enum.
         * @name flare.v1.AckStatus
         * @enum {number}
         * @property {number} ACK_STATUS_UNSPECIFIED=0 ACK_STATUS_UNSPECIFIED value
         * @property {number} ACCEPTED=1 ACCEPTED value
         * @property {number} DUPLICATE=2 DUPLICATE value
         * @property {number} REJECTED=3 REJECTED value
         * @property {number} UPDATE=4 UPDATE value
         */
        v1.AckStatus = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ACK_STATUS_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ACCEPTED"] = 1;
            values[valuesById[2] = "DUPLICATE"] = 2;
            values[valuesById[3] = "REJECTED"] = 3;
            values[valuesById[4] = "UPDATE"] = 4;
            return values;
        })();

        v1.AlertAck = (function() {

            /**
             * Properties of an AlertAck.
             * @typedef {Object} flare.v1.AlertAck.$Properties
             * @property {string|null} [alertId] AlertAck alertId
             * @property {flare.v1.AckStatus|null} [status] AlertAck status
             * @property {string|null} [incidentNumber] AlertAck incidentNumber
             * @property {string|null} [reasonCode] AlertAck reasonCode
             * @property {string|null} [reason] AlertAck reason
             * @property {string|null} [message] AlertAck message
             * @property {string|null} [responderName] AlertAck responderName
             * @property {number|null} [etaS] AlertAck etaS
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AlertAck.
             * @memberof flare.v1
             * @interface IAlertAck
             * @augments flare.v1.AlertAck.$Properties
             * @deprecated Use flare.v1.AlertAck.$Properties instead.
             */

            /**
             * Shape of an AlertAck.
             * @typedef {flare.v1.AlertAck.$Properties} flare.v1.AlertAck.$Shape
             */

            /**
             * Constructs a new AlertAck.
             * @memberof flare.v1
             * @classdesc Represents an AlertAck.
             * @constructor
             * @param {flare.v1.AlertAck.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AlertAck = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AlertAck alertId.
             * @member {string} alertId
             * @memberof flare.v1.AlertAck
             * @instance
             */
            AlertAck.prototype.alertId = "";

            /**
             * AlertAck status.
             * @member {flare.v1.AckStatus} status
             * @memberof flare.v1.AlertAck
             * @instance
             */
            AlertAck.prototype.status = 0;

            /**
             * AlertAck incidentNumber.
             * @member {string} incidentNumber
             * @memberof flare.v1.AlertAck
             * @instance
             */
            AlertAck.prototype.incidentNumber = "";

            /**
             * AlertAck reasonCode.
             * @member {string} reasonCode
             * @memberof flare.v1.AlertAck
             * @instance
             */
            AlertAck.prototype.reasonCode = "";

            /**
             * AlertAck reason.
             * @member {string} reason
             * @memberof flare.v1.AlertAck
             * @instance
             */
            AlertAck.prototype.reason = "";

            /**
             * AlertAck message.
             * @member {string} message
             * @memberof flare.v1.AlertAck
             * @instance
             */
            AlertAck.prototype.message = "";

            /**
             * AlertAck responderName.
             * @member {string} responderName
             * @memberof flare.v1.AlertAck
             * @instance
             */
            AlertAck.prototype.responderName = "";

            /**
             * AlertAck etaS.
             * @member {number} etaS
             * @memberof flare.v1.AlertAck
             * @instance
             */
            AlertAck.prototype.etaS = 0;

            /**
             * Creates a new AlertAck instance using the specified properties.
             * @function create
             * @memberof flare.v1.AlertAck
             * @static
             * @param {flare.v1.AlertAck.$Properties=} [properties] Properties to set
             * @returns {flare.v1.AlertAck} AlertAck instance
             * @type {{
             *   (properties: flare.v1.AlertAck.$Shape): flare.v1.AlertAck & flare.v1.AlertAck.$Shape;
             *   (properties?: flare.v1.AlertAck.$Properties): flare.v1.AlertAck;
             * }}
             */
            AlertAck.create = function(properties) {
                return new AlertAck(properties);
            };

            /**
             * Encodes the specified AlertAck message. Does not implicitly {@link flare.v1.AlertAck.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.AlertAck
             * @static
             * @param {flare.v1.AlertAck.$Properties} message AlertAck message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AlertAck.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.alertId != null && $Object.hasOwnProperty.call(message, "alertId") && message.alertId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.alertId);
                if (message.status != null && $Object.hasOwnProperty.call(message, "status") && message.status !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.status);
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber") && message.incidentNumber !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.incidentNumber);
                if (message.reasonCode != null && $Object.hasOwnProperty.call(message, "reasonCode") && message.reasonCode !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.reasonCode);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.reason);
                if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.message);
                if (message.responderName != null && $Object.hasOwnProperty.call(message, "responderName") && message.responderName !== "")
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.responderName);
                if (message.etaS != null && $Object.hasOwnProperty.call(message, "etaS") && message.etaS !== 0)
                    writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.etaS);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified AlertAck message, length delimited. Does not implicitly {@link flare.v1.AlertAck.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.AlertAck
             * @static
             * @param {flare.v1.AlertAck.$Properties} message AlertAck message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AlertAck.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an AlertAck message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.AlertAck
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.AlertAck & flare.v1.AlertAck.$Shape} AlertAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AlertAck.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.AlertAck();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.alertId = value;
                            else
                                delete message.alertId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.status = value;
                            else
                                delete message.status;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.incidentNumber = value;
                            else
                                delete message.incidentNumber;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reasonCode = value;
                            else
                                delete message.reasonCode;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.message = value;
                            else
                                delete message.message;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.responderName = value;
                            else
                                delete message.responderName;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.etaS = value;
                            else
                                delete message.etaS;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an AlertAck message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.AlertAck
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.AlertAck & flare.v1.AlertAck.$Shape} AlertAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AlertAck.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an AlertAck message.
             * @function verify
             * @memberof flare.v1.AlertAck
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            AlertAck.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.alertId != null && $Object.hasOwnProperty.call(message, "alertId"))
                    if (!$util.isString(message.alertId))
                        return "alertId: string expected";
                if (message.status != null && $Object.hasOwnProperty.call(message, "status"))
                    if (typeof message.status !== "number" || (message.status | 0) !== message.status)
                        return "status: enum value expected";
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber"))
                    if (!$util.isString(message.incidentNumber))
                        return "incidentNumber: string expected";
                if (message.reasonCode != null && $Object.hasOwnProperty.call(message, "reasonCode"))
                    if (!$util.isString(message.reasonCode))
                        return "reasonCode: string expected";
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    if (!$util.isString(message.reason))
                        return "reason: string expected";
                if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                    if (!$util.isString(message.message))
                        return "message: string expected";
                if (message.responderName != null && $Object.hasOwnProperty.call(message, "responderName"))
                    if (!$util.isString(message.responderName))
                        return "responderName: string expected";
                if (message.etaS != null && $Object.hasOwnProperty.call(message, "etaS"))
                    if (!$util.isInteger(message.etaS))
                        return "etaS: integer expected";
                return null;
            };

            /**
             * Creates an AlertAck message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.AlertAck
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.AlertAck} AlertAck
             */
            AlertAck.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.AlertAck)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.AlertAck: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.AlertAck();
                if (object.alertId != null)
                    if (typeof object.alertId !== "string" || object.alertId.length)
                        message.alertId = $String(object.alertId);
                if (object.status !== 0 && (typeof object.status !== "string" || $root.flare.v1.AckStatus[object.status] !== 0))
                    switch (object.status) {
                    case "ACK_STATUS_UNSPECIFIED":
                    case 0:
                        message.status = 0;
                        break;
                    case "ACCEPTED":
                    case 1:
                        message.status = 1;
                        break;
                    case "DUPLICATE":
                    case 2:
                        message.status = 2;
                        break;
                    case "REJECTED":
                    case 3:
                        message.status = 3;
                        break;
                    case "UPDATE":
                    case 4:
                        message.status = 4;
                        break;
                    default:
                        if (typeof object.status === "number" && (object.status | 0) === object.status)
                            message.status = object.status;
                    }
                if (object.incidentNumber != null)
                    if (typeof object.incidentNumber !== "string" || object.incidentNumber.length)
                        message.incidentNumber = $String(object.incidentNumber);
                if (object.reasonCode != null)
                    if (typeof object.reasonCode !== "string" || object.reasonCode.length)
                        message.reasonCode = $String(object.reasonCode);
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                if (object.message != null)
                    if (typeof object.message !== "string" || object.message.length)
                        message.message = $String(object.message);
                if (object.responderName != null)
                    if (typeof object.responderName !== "string" || object.responderName.length)
                        message.responderName = $String(object.responderName);
                if (object.etaS != null)
                    if ($Number(object.etaS) !== 0)
                        message.etaS = object.etaS >>> 0;
                return message;
            };

            /**
             * Creates a plain object from an AlertAck message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.AlertAck
             * @static
             * @param {flare.v1.AlertAck} message AlertAck
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AlertAck.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.alertId = "";
                    object.status = options.enums === $String ? "ACK_STATUS_UNSPECIFIED" : 0;
                    object.incidentNumber = "";
                    object.reasonCode = "";
                    object.reason = "";
                    object.message = "";
                    object.responderName = "";
                    object.etaS = 0;
                }
                if (message.alertId != null && $Object.hasOwnProperty.call(message, "alertId"))
                    object.alertId = message.alertId;
                if (message.status != null && $Object.hasOwnProperty.call(message, "status"))
                    object.status = options.enums === $String ? $root.flare.v1.AckStatus[message.status] === $undefined ? message.status : $root.flare.v1.AckStatus[message.status] : message.status;
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber"))
                    object.incidentNumber = message.incidentNumber;
                if (message.reasonCode != null && $Object.hasOwnProperty.call(message, "reasonCode"))
                    object.reasonCode = message.reasonCode;
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                    object.message = message.message;
                if (message.responderName != null && $Object.hasOwnProperty.call(message, "responderName"))
                    object.responderName = message.responderName;
                if (message.etaS != null && $Object.hasOwnProperty.call(message, "etaS"))
                    object.etaS = message.etaS;
                return object;
            };

            /**
             * Converts this AlertAck to JSON.
             * @function toJSON
             * @memberof flare.v1.AlertAck
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AlertAck.prototype.toJSON = function() {
                return AlertAck.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for AlertAck
             * @function getTypeUrl
             * @memberof flare.v1.AlertAck
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AlertAck.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.AlertAck";
            };

            return AlertAck;
        })();

        v1.MedicalProfile = (function() {

            /**
             * Properties of a MedicalProfile.
             * @typedef {Object} flare.v1.MedicalProfile.$Properties
             * @property {Array.<string>|null} [conditions] MedicalProfile conditions
             * @property {Array.<string>|null} [medication] MedicalProfile medication
             * @property {Array.<string>|null} [allergies] MedicalProfile allergies
             * @property {string|null} [bloodType] MedicalProfile bloodType
             * @property {string|null} [notes] MedicalProfile notes
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MedicalProfile.
             * @memberof flare.v1
             * @interface IMedicalProfile
             * @augments flare.v1.MedicalProfile.$Properties
             * @deprecated Use flare.v1.MedicalProfile.$Properties instead.
             */

            /**
             * Shape of a MedicalProfile.
             * @typedef {flare.v1.MedicalProfile.$Properties} flare.v1.MedicalProfile.$Shape
             */

            /**
             * Constructs a new MedicalProfile.
             * @memberof flare.v1
             * @classdesc Represents a MedicalProfile.
             * @constructor
             * @param {flare.v1.MedicalProfile.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MedicalProfile = function (properties) {
                this.conditions = [];
                this.medication = [];
                this.allergies = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MedicalProfile conditions.
             * @member {Array.<string>} conditions
             * @memberof flare.v1.MedicalProfile
             * @instance
             */
            MedicalProfile.prototype.conditions = $util.emptyArray;

            /**
             * MedicalProfile medication.
             * @member {Array.<string>} medication
             * @memberof flare.v1.MedicalProfile
             * @instance
             */
            MedicalProfile.prototype.medication = $util.emptyArray;

            /**
             * MedicalProfile allergies.
             * @member {Array.<string>} allergies
             * @memberof flare.v1.MedicalProfile
             * @instance
             */
            MedicalProfile.prototype.allergies = $util.emptyArray;

            /**
             * MedicalProfile bloodType.
             * @member {string} bloodType
             * @memberof flare.v1.MedicalProfile
             * @instance
             */
            MedicalProfile.prototype.bloodType = "";

            /**
             * MedicalProfile notes.
             * @member {string} notes
             * @memberof flare.v1.MedicalProfile
             * @instance
             */
            MedicalProfile.prototype.notes = "";

            /**
             * Creates a new MedicalProfile instance using the specified properties.
             * @function create
             * @memberof flare.v1.MedicalProfile
             * @static
             * @param {flare.v1.MedicalProfile.$Properties=} [properties] Properties to set
             * @returns {flare.v1.MedicalProfile} MedicalProfile instance
             * @type {{
             *   (properties: flare.v1.MedicalProfile.$Shape): flare.v1.MedicalProfile & flare.v1.MedicalProfile.$Shape;
             *   (properties?: flare.v1.MedicalProfile.$Properties): flare.v1.MedicalProfile;
             * }}
             */
            MedicalProfile.create = function(properties) {
                return new MedicalProfile(properties);
            };

            /**
             * Encodes the specified MedicalProfile message. Does not implicitly {@link flare.v1.MedicalProfile.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.MedicalProfile
             * @static
             * @param {flare.v1.MedicalProfile.$Properties} message MedicalProfile message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MedicalProfile.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.conditions != null && message.conditions.length)
                    for (let i = 0; i < message.conditions.length; ++i)
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.conditions[i]);
                if (message.medication != null && message.medication.length)
                    for (let i = 0; i < message.medication.length; ++i)
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.medication[i]);
                if (message.allergies != null && message.allergies.length)
                    for (let i = 0; i < message.allergies.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.allergies[i]);
                if (message.bloodType != null && $Object.hasOwnProperty.call(message, "bloodType") && message.bloodType !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.bloodType);
                if (message.notes != null && $Object.hasOwnProperty.call(message, "notes") && message.notes !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.notes);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified MedicalProfile message, length delimited. Does not implicitly {@link flare.v1.MedicalProfile.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.MedicalProfile
             * @static
             * @param {flare.v1.MedicalProfile.$Properties} message MedicalProfile message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MedicalProfile.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a MedicalProfile message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.MedicalProfile
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.MedicalProfile & flare.v1.MedicalProfile.$Shape} MedicalProfile
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MedicalProfile.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.MedicalProfile();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.conditions && message.conditions.length))
                                message.conditions = [];
                            message.conditions.push(reader.stringVerify());
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.medication && message.medication.length))
                                message.medication = [];
                            message.medication.push(reader.stringVerify());
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.allergies && message.allergies.length))
                                message.allergies = [];
                            message.allergies.push(reader.stringVerify());
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.bloodType = value;
                            else
                                delete message.bloodType;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.notes = value;
                            else
                                delete message.notes;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a MedicalProfile message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.MedicalProfile
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.MedicalProfile & flare.v1.MedicalProfile.$Shape} MedicalProfile
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MedicalProfile.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a MedicalProfile message.
             * @function verify
             * @memberof flare.v1.MedicalProfile
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            MedicalProfile.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.conditions != null && $Object.hasOwnProperty.call(message, "conditions")) {
                    if (!$Array.isArray(message.conditions))
                        return "conditions: array expected";
                    for (let i = 0; i < message.conditions.length; ++i)
                        if (!$util.isString(message.conditions[i]))
                            return "conditions: string[] expected";
                }
                if (message.medication != null && $Object.hasOwnProperty.call(message, "medication")) {
                    if (!$Array.isArray(message.medication))
                        return "medication: array expected";
                    for (let i = 0; i < message.medication.length; ++i)
                        if (!$util.isString(message.medication[i]))
                            return "medication: string[] expected";
                }
                if (message.allergies != null && $Object.hasOwnProperty.call(message, "allergies")) {
                    if (!$Array.isArray(message.allergies))
                        return "allergies: array expected";
                    for (let i = 0; i < message.allergies.length; ++i)
                        if (!$util.isString(message.allergies[i]))
                            return "allergies: string[] expected";
                }
                if (message.bloodType != null && $Object.hasOwnProperty.call(message, "bloodType"))
                    if (!$util.isString(message.bloodType))
                        return "bloodType: string expected";
                if (message.notes != null && $Object.hasOwnProperty.call(message, "notes"))
                    if (!$util.isString(message.notes))
                        return "notes: string expected";
                return null;
            };

            /**
             * Creates a MedicalProfile message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.MedicalProfile
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.MedicalProfile} MedicalProfile
             */
            MedicalProfile.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.MedicalProfile)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.MedicalProfile: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.MedicalProfile();
                if (object.conditions) {
                    if (!$Array.isArray(object.conditions))
                        throw $TypeError(".flare.v1.MedicalProfile.conditions: array expected");
                    message.conditions = $Array(object.conditions.length);
                    for (let i = 0; i < object.conditions.length; ++i)
                        message.conditions[i] = $String(object.conditions[i]);
                }
                if (object.medication) {
                    if (!$Array.isArray(object.medication))
                        throw $TypeError(".flare.v1.MedicalProfile.medication: array expected");
                    message.medication = $Array(object.medication.length);
                    for (let i = 0; i < object.medication.length; ++i)
                        message.medication[i] = $String(object.medication[i]);
                }
                if (object.allergies) {
                    if (!$Array.isArray(object.allergies))
                        throw $TypeError(".flare.v1.MedicalProfile.allergies: array expected");
                    message.allergies = $Array(object.allergies.length);
                    for (let i = 0; i < object.allergies.length; ++i)
                        message.allergies[i] = $String(object.allergies[i]);
                }
                if (object.bloodType != null)
                    if (typeof object.bloodType !== "string" || object.bloodType.length)
                        message.bloodType = $String(object.bloodType);
                if (object.notes != null)
                    if (typeof object.notes !== "string" || object.notes.length)
                        message.notes = $String(object.notes);
                return message;
            };

            /**
             * Creates a plain object from a MedicalProfile message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.MedicalProfile
             * @static
             * @param {flare.v1.MedicalProfile} message MedicalProfile
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            MedicalProfile.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.conditions = [];
                    object.medication = [];
                    object.allergies = [];
                }
                if (options.defaults) {
                    object.bloodType = "";
                    object.notes = "";
                }
                if (message.conditions && message.conditions.length) {
                    object.conditions = $Array(message.conditions.length);
                    for (let j = 0; j < message.conditions.length; ++j)
                        object.conditions[j] = message.conditions[j];
                }
                if (message.medication && message.medication.length) {
                    object.medication = $Array(message.medication.length);
                    for (let j = 0; j < message.medication.length; ++j)
                        object.medication[j] = message.medication[j];
                }
                if (message.allergies && message.allergies.length) {
                    object.allergies = $Array(message.allergies.length);
                    for (let j = 0; j < message.allergies.length; ++j)
                        object.allergies[j] = message.allergies[j];
                }
                if (message.bloodType != null && $Object.hasOwnProperty.call(message, "bloodType"))
                    object.bloodType = message.bloodType;
                if (message.notes != null && $Object.hasOwnProperty.call(message, "notes"))
                    object.notes = message.notes;
                return object;
            };

            /**
             * Converts this MedicalProfile to JSON.
             * @function toJSON
             * @memberof flare.v1.MedicalProfile
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            MedicalProfile.prototype.toJSON = function() {
                return MedicalProfile.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for MedicalProfile
             * @function getTypeUrl
             * @memberof flare.v1.MedicalProfile
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MedicalProfile.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.MedicalProfile";
            };

            return MedicalProfile;
        })();

        v1.DispatchOffer = (function() {

            /**
             * Properties of a DispatchOffer.
             * @typedef {Object} flare.v1.DispatchOffer.$Properties
             * @property {string|null} [offerId] DispatchOffer offerId
             * @property {string|null} [incidentId] DispatchOffer incidentId
             * @property {string|null} [incidentNumber] DispatchOffer incidentNumber
             * @property {flare.v1.AlertKind|null} [kind] DispatchOffer kind
             * @property {string|null} [category] DispatchOffer category
             * @property {number|null} [priority] DispatchOffer priority
             * @property {flare.v1.Location.$Properties|null} [location] DispatchOffer location
             * @property {number|Long|null} [expiresAtMs] DispatchOffer expiresAtMs
             * @property {number|Long|null} [triggeredAtMs] DispatchOffer triggeredAtMs
             * @property {string|null} [deviceId] DispatchOffer deviceId
             * @property {string|null} [zoneId] DispatchOffer zoneId
             * @property {string|null} [personName] DispatchOffer personName
             * @property {flare.v1.MedicalProfile.$Properties|null} [medical] DispatchOffer medical
             * @property {number|null} [attempt] DispatchOffer attempt
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DispatchOffer.
             * @memberof flare.v1
             * @interface IDispatchOffer
             * @augments flare.v1.DispatchOffer.$Properties
             * @deprecated Use flare.v1.DispatchOffer.$Properties instead.
             */

            /**
             * Shape of a DispatchOffer.
             * @typedef {flare.v1.DispatchOffer.$Properties} flare.v1.DispatchOffer.$Shape
             */

            /**
             * Constructs a new DispatchOffer.
             * @memberof flare.v1
             * @classdesc Represents a DispatchOffer.
             * @constructor
             * @param {flare.v1.DispatchOffer.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DispatchOffer = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * DispatchOffer offerId.
             * @member {string} offerId
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.offerId = "";

            /**
             * DispatchOffer incidentId.
             * @member {string} incidentId
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.incidentId = "";

            /**
             * DispatchOffer incidentNumber.
             * @member {string} incidentNumber
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.incidentNumber = "";

            /**
             * DispatchOffer kind.
             * @member {flare.v1.AlertKind} kind
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.kind = 0;

            /**
             * DispatchOffer category.
             * @member {string} category
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.category = "";

            /**
             * DispatchOffer priority.
             * @member {number} priority
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.priority = 0;

            /**
             * DispatchOffer location.
             * @member {flare.v1.Location.$Properties|null|undefined} location
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.location = null;

            /**
             * DispatchOffer expiresAtMs.
             * @member {number|Long} expiresAtMs
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.expiresAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * DispatchOffer triggeredAtMs.
             * @member {number|Long} triggeredAtMs
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.triggeredAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * DispatchOffer deviceId.
             * @member {string} deviceId
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.deviceId = "";

            /**
             * DispatchOffer zoneId.
             * @member {string} zoneId
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.zoneId = "";

            /**
             * DispatchOffer personName.
             * @member {string} personName
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.personName = "";

            /**
             * DispatchOffer medical.
             * @member {flare.v1.MedicalProfile.$Properties|null|undefined} medical
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.medical = null;

            /**
             * DispatchOffer attempt.
             * @member {number} attempt
             * @memberof flare.v1.DispatchOffer
             * @instance
             */
            DispatchOffer.prototype.attempt = 0;

            /**
             * Creates a new DispatchOffer instance using the specified properties.
             * @function create
             * @memberof flare.v1.DispatchOffer
             * @static
             * @param {flare.v1.DispatchOffer.$Properties=} [properties] Properties to set
             * @returns {flare.v1.DispatchOffer} DispatchOffer instance
             * @type {{
             *   (properties: flare.v1.DispatchOffer.$Shape): flare.v1.DispatchOffer & flare.v1.DispatchOffer.$Shape;
             *   (properties?: flare.v1.DispatchOffer.$Properties): flare.v1.DispatchOffer;
             * }}
             */
            DispatchOffer.create = function(properties) {
                return new DispatchOffer(properties);
            };

            /**
             * Encodes the specified DispatchOffer message. Does not implicitly {@link flare.v1.DispatchOffer.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.DispatchOffer
             * @static
             * @param {flare.v1.DispatchOffer.$Properties} message DispatchOffer message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DispatchOffer.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId") && message.offerId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.offerId);
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId") && message.incidentId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.incidentId);
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber") && message.incidentNumber !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.incidentNumber);
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind") && message.kind !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.kind);
                if (message.category != null && $Object.hasOwnProperty.call(message, "category") && message.category !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.category);
                if (message.priority != null && $Object.hasOwnProperty.call(message, "priority") && message.priority !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.priority);
                if (message.location != null && $Object.hasOwnProperty.call(message, "location"))
                    $root.flare.v1.Location.encode(message.location, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.expiresAtMs != null && $Object.hasOwnProperty.call(message, "expiresAtMs") && (typeof message.expiresAtMs === "object" ? message.expiresAtMs.low || message.expiresAtMs.high : message.expiresAtMs !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.expiresAtMs);
                if (message.triggeredAtMs != null && $Object.hasOwnProperty.call(message, "triggeredAtMs") && (typeof message.triggeredAtMs === "object" ? message.triggeredAtMs.low || message.triggeredAtMs.high : message.triggeredAtMs !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.triggeredAtMs);
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId") && message.deviceId !== "")
                    writer.uint32(/* id 10, wireType 2 =*/82).string(message.deviceId);
                if (message.zoneId != null && $Object.hasOwnProperty.call(message, "zoneId") && message.zoneId !== "")
                    writer.uint32(/* id 11, wireType 2 =*/90).string(message.zoneId);
                if (message.personName != null && $Object.hasOwnProperty.call(message, "personName") && message.personName !== "")
                    writer.uint32(/* id 12, wireType 2 =*/98).string(message.personName);
                if (message.medical != null && $Object.hasOwnProperty.call(message, "medical"))
                    $root.flare.v1.MedicalProfile.encode(message.medical, writer.uint32(/* id 13, wireType 2 =*/106).fork(), _depth + 1).ldelim();
                if (message.attempt != null && $Object.hasOwnProperty.call(message, "attempt") && message.attempt !== 0)
                    writer.uint32(/* id 14, wireType 0 =*/112).uint32(message.attempt);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified DispatchOffer message, length delimited. Does not implicitly {@link flare.v1.DispatchOffer.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.DispatchOffer
             * @static
             * @param {flare.v1.DispatchOffer.$Properties} message DispatchOffer message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DispatchOffer.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a DispatchOffer message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.DispatchOffer
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.DispatchOffer & flare.v1.DispatchOffer.$Shape} DispatchOffer
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DispatchOffer.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.DispatchOffer();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.offerId = value;
                            else
                                delete message.offerId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.incidentId = value;
                            else
                                delete message.incidentId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.incidentNumber = value;
                            else
                                delete message.incidentNumber;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.kind = value;
                            else
                                delete message.kind;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.category = value;
                            else
                                delete message.category;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.priority = value;
                            else
                                delete message.priority;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.location = $root.flare.v1.Location.decode(reader, reader.size(), $undefined, _depth + 1, message.location);
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.expiresAtMs = value;
                            else
                                delete message.expiresAtMs;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.triggeredAtMs = value;
                            else
                                delete message.triggeredAtMs;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.deviceId = value;
                            else
                                delete message.deviceId;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.zoneId = value;
                            else
                                delete message.zoneId;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.personName = value;
                            else
                                delete message.personName;
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            message.medical = $root.flare.v1.MedicalProfile.decode(reader, reader.size(), $undefined, _depth + 1, message.medical);
                            continue;
                        }
                    case 14: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.attempt = value;
                            else
                                delete message.attempt;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a DispatchOffer message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.DispatchOffer
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.DispatchOffer & flare.v1.DispatchOffer.$Shape} DispatchOffer
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DispatchOffer.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a DispatchOffer message.
             * @function verify
             * @memberof flare.v1.DispatchOffer
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            DispatchOffer.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId"))
                    if (!$util.isString(message.offerId))
                        return "offerId: string expected";
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId"))
                    if (!$util.isString(message.incidentId))
                        return "incidentId: string expected";
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber"))
                    if (!$util.isString(message.incidentNumber))
                        return "incidentNumber: string expected";
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    if (typeof message.kind !== "number" || (message.kind | 0) !== message.kind)
                        return "kind: enum value expected";
                if (message.category != null && $Object.hasOwnProperty.call(message, "category"))
                    if (!$util.isString(message.category))
                        return "category: string expected";
                if (message.priority != null && $Object.hasOwnProperty.call(message, "priority"))
                    if (!$util.isInteger(message.priority))
                        return "priority: integer expected";
                if (message.location != null && $Object.hasOwnProperty.call(message, "location")) {
                    let error = $root.flare.v1.Location.verify(message.location, _depth + 1);
                    if (error)
                        return "location." + error;
                }
                if (message.expiresAtMs != null && $Object.hasOwnProperty.call(message, "expiresAtMs"))
                    if (!$util.isInteger(message.expiresAtMs) && !(message.expiresAtMs && $util.isInteger(message.expiresAtMs.low) && $util.isInteger(message.expiresAtMs.high)))
                        return "expiresAtMs: integer|Long expected";
                if (message.triggeredAtMs != null && $Object.hasOwnProperty.call(message, "triggeredAtMs"))
                    if (!$util.isInteger(message.triggeredAtMs) && !(message.triggeredAtMs && $util.isInteger(message.triggeredAtMs.low) && $util.isInteger(message.triggeredAtMs.high)))
                        return "triggeredAtMs: integer|Long expected";
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                    if (!$util.isString(message.deviceId))
                        return "deviceId: string expected";
                if (message.zoneId != null && $Object.hasOwnProperty.call(message, "zoneId"))
                    if (!$util.isString(message.zoneId))
                        return "zoneId: string expected";
                if (message.personName != null && $Object.hasOwnProperty.call(message, "personName"))
                    if (!$util.isString(message.personName))
                        return "personName: string expected";
                if (message.medical != null && $Object.hasOwnProperty.call(message, "medical")) {
                    let error = $root.flare.v1.MedicalProfile.verify(message.medical, _depth + 1);
                    if (error)
                        return "medical." + error;
                }
                if (message.attempt != null && $Object.hasOwnProperty.call(message, "attempt"))
                    if (!$util.isInteger(message.attempt))
                        return "attempt: integer expected";
                return null;
            };

            /**
             * Creates a DispatchOffer message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.DispatchOffer
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.DispatchOffer} DispatchOffer
             */
            DispatchOffer.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.DispatchOffer)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.DispatchOffer: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.DispatchOffer();
                if (object.offerId != null)
                    if (typeof object.offerId !== "string" || object.offerId.length)
                        message.offerId = $String(object.offerId);
                if (object.incidentId != null)
                    if (typeof object.incidentId !== "string" || object.incidentId.length)
                        message.incidentId = $String(object.incidentId);
                if (object.incidentNumber != null)
                    if (typeof object.incidentNumber !== "string" || object.incidentNumber.length)
                        message.incidentNumber = $String(object.incidentNumber);
                if (object.kind !== 0 && (typeof object.kind !== "string" || $root.flare.v1.AlertKind[object.kind] !== 0))
                    switch (object.kind) {
                    case "ALERT_KIND_UNSPECIFIED":
                    case 0:
                        message.kind = 0;
                        break;
                    case "PANIC":
                    case 1:
                        message.kind = 1;
                        break;
                    case "DURESS":
                    case 2:
                        message.kind = 2;
                        break;
                    case "FALL":
                    case 3:
                        message.kind = 3;
                        break;
                    case "MEDICAL":
                    case 4:
                        message.kind = 4;
                        break;
                    case "FIRE":
                    case 5:
                        message.kind = 5;
                        break;
                    case "LOW_BATTERY":
                    case 6:
                        message.kind = 6;
                        break;
                    case "TAMPER":
                    case 7:
                        message.kind = 7;
                        break;
                    case "DEVICE_OFFLINE":
                    case 8:
                        message.kind = 8;
                        break;
                    case "TEST":
                    case 9:
                        message.kind = 9;
                        break;
                    case "BURGLARY":
                    case 10:
                        message.kind = 10;
                        break;
                    default:
                        if (typeof object.kind === "number" && (object.kind | 0) === object.kind)
                            message.kind = object.kind;
                    }
                if (object.category != null)
                    if (typeof object.category !== "string" || object.category.length)
                        message.category = $String(object.category);
                if (object.priority != null)
                    if ($Number(object.priority) !== 0)
                        message.priority = object.priority >>> 0;
                if (object.location != null) {
                    if (!$util.isObject(object.location))
                        throw $TypeError(".flare.v1.DispatchOffer.location: object expected");
                    message.location = $root.flare.v1.Location.fromObject(object.location, _depth + 1);
                }
                if (object.expiresAtMs != null)
                    if (typeof object.expiresAtMs === "object" ? object.expiresAtMs.low || object.expiresAtMs.high : $Number(object.expiresAtMs) !== 0)
                        if ($util.Long)
                            message.expiresAtMs = $util.Long.fromValue(object.expiresAtMs, true);
                        else if (typeof object.expiresAtMs === "string")
                            message.expiresAtMs = $parseInt(object.expiresAtMs, 10);
                        else if (typeof object.expiresAtMs === "number")
                            message.expiresAtMs = object.expiresAtMs;
                        else if (typeof object.expiresAtMs === "object")
                            message.expiresAtMs = new $util.LongBits(object.expiresAtMs.low >>> 0, object.expiresAtMs.high >>> 0).toNumber(true);
                if (object.triggeredAtMs != null)
                    if (typeof object.triggeredAtMs === "object" ? object.triggeredAtMs.low || object.triggeredAtMs.high : $Number(object.triggeredAtMs) !== 0)
                        if ($util.Long)
                            message.triggeredAtMs = $util.Long.fromValue(object.triggeredAtMs, true);
                        else if (typeof object.triggeredAtMs === "string")
                            message.triggeredAtMs = $parseInt(object.triggeredAtMs, 10);
                        else if (typeof object.triggeredAtMs === "number")
                            message.triggeredAtMs = object.triggeredAtMs;
                        else if (typeof object.triggeredAtMs === "object")
                            message.triggeredAtMs = new $util.LongBits(object.triggeredAtMs.low >>> 0, object.triggeredAtMs.high >>> 0).toNumber(true);
                if (object.deviceId != null)
                    if (typeof object.deviceId !== "string" || object.deviceId.length)
                        message.deviceId = $String(object.deviceId);
                if (object.zoneId != null)
                    if (typeof object.zoneId !== "string" || object.zoneId.length)
                        message.zoneId = $String(object.zoneId);
                if (object.personName != null)
                    if (typeof object.personName !== "string" || object.personName.length)
                        message.personName = $String(object.personName);
                if (object.medical != null) {
                    if (!$util.isObject(object.medical))
                        throw $TypeError(".flare.v1.DispatchOffer.medical: object expected");
                    message.medical = $root.flare.v1.MedicalProfile.fromObject(object.medical, _depth + 1);
                }
                if (object.attempt != null)
                    if ($Number(object.attempt) !== 0)
                        message.attempt = object.attempt >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a DispatchOffer message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.DispatchOffer
             * @static
             * @param {flare.v1.DispatchOffer} message DispatchOffer
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            DispatchOffer.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.offerId = "";
                    object.incidentId = "";
                    object.incidentNumber = "";
                    object.kind = options.enums === $String ? "ALERT_KIND_UNSPECIFIED" : 0;
                    object.category = "";
                    object.priority = 0;
                    object.location = null;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.expiresAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.expiresAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.triggeredAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.triggeredAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.deviceId = "";
                    object.zoneId = "";
                    object.personName = "";
                    object.medical = null;
                    object.attempt = 0;
                }
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId"))
                    object.offerId = message.offerId;
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId"))
                    object.incidentId = message.incidentId;
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber"))
                    object.incidentNumber = message.incidentNumber;
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    object.kind = options.enums === $String ? $root.flare.v1.AlertKind[message.kind] === $undefined ? message.kind : $root.flare.v1.AlertKind[message.kind] : message.kind;
                if (message.category != null && $Object.hasOwnProperty.call(message, "category"))
                    object.category = message.category;
                if (message.priority != null && $Object.hasOwnProperty.call(message, "priority"))
                    object.priority = message.priority;
                if (message.location != null && $Object.hasOwnProperty.call(message, "location"))
                    object.location = $root.flare.v1.Location.toObject(message.location, options, _depth + 1);
                if (message.expiresAtMs != null && $Object.hasOwnProperty.call(message, "expiresAtMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.expiresAtMs = typeof message.expiresAtMs === "number" ? $BigInt(message.expiresAtMs) : $util.Long.fromBits(message.expiresAtMs.low >>> 0, message.expiresAtMs.high >>> 0, true).toBigInt();
                    else if (typeof message.expiresAtMs === "number")
                        object.expiresAtMs = options.longs === $String ? $String(message.expiresAtMs) : message.expiresAtMs;
                    else
                        object.expiresAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.expiresAtMs) : options.longs === $Number ? new $util.LongBits(message.expiresAtMs.low >>> 0, message.expiresAtMs.high >>> 0).toNumber(true) : message.expiresAtMs;
                if (message.triggeredAtMs != null && $Object.hasOwnProperty.call(message, "triggeredAtMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.triggeredAtMs = typeof message.triggeredAtMs === "number" ? $BigInt(message.triggeredAtMs) : $util.Long.fromBits(message.triggeredAtMs.low >>> 0, message.triggeredAtMs.high >>> 0, true).toBigInt();
                    else if (typeof message.triggeredAtMs === "number")
                        object.triggeredAtMs = options.longs === $String ? $String(message.triggeredAtMs) : message.triggeredAtMs;
                    else
                        object.triggeredAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.triggeredAtMs) : options.longs === $Number ? new $util.LongBits(message.triggeredAtMs.low >>> 0, message.triggeredAtMs.high >>> 0).toNumber(true) : message.triggeredAtMs;
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                    object.deviceId = message.deviceId;
                if (message.zoneId != null && $Object.hasOwnProperty.call(message, "zoneId"))
                    object.zoneId = message.zoneId;
                if (message.personName != null && $Object.hasOwnProperty.call(message, "personName"))
                    object.personName = message.personName;
                if (message.medical != null && $Object.hasOwnProperty.call(message, "medical"))
                    object.medical = $root.flare.v1.MedicalProfile.toObject(message.medical, options, _depth + 1);
                if (message.attempt != null && $Object.hasOwnProperty.call(message, "attempt"))
                    object.attempt = message.attempt;
                return object;
            };

            /**
             * Converts this DispatchOffer to JSON.
             * @function toJSON
             * @memberof flare.v1.DispatchOffer
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            DispatchOffer.prototype.toJSON = function() {
                return DispatchOffer.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for DispatchOffer
             * @function getTypeUrl
             * @memberof flare.v1.DispatchOffer
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DispatchOffer.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.DispatchOffer";
            };

            return DispatchOffer;
        })();

        v1.OfferWithdrawn = (function() {

            /**
             * Properties of an OfferWithdrawn.
             * @typedef {Object} flare.v1.OfferWithdrawn.$Properties
             * @property {string|null} [offerId] OfferWithdrawn offerId
             * @property {string|null} [incidentId] OfferWithdrawn incidentId
             * @property {string|null} [reason] OfferWithdrawn reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an OfferWithdrawn.
             * @memberof flare.v1
             * @interface IOfferWithdrawn
             * @augments flare.v1.OfferWithdrawn.$Properties
             * @deprecated Use flare.v1.OfferWithdrawn.$Properties instead.
             */

            /**
             * Shape of an OfferWithdrawn.
             * @typedef {flare.v1.OfferWithdrawn.$Properties} flare.v1.OfferWithdrawn.$Shape
             */

            /**
             * Constructs a new OfferWithdrawn.
             * @memberof flare.v1
             * @classdesc Represents an OfferWithdrawn.
             * @constructor
             * @param {flare.v1.OfferWithdrawn.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const OfferWithdrawn = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * OfferWithdrawn offerId.
             * @member {string} offerId
             * @memberof flare.v1.OfferWithdrawn
             * @instance
             */
            OfferWithdrawn.prototype.offerId = "";

            /**
             * OfferWithdrawn incidentId.
             * @member {string} incidentId
             * @memberof flare.v1.OfferWithdrawn
             * @instance
             */
            OfferWithdrawn.prototype.incidentId = "";

            /**
             * OfferWithdrawn reason.
             * @member {string} reason
             * @memberof flare.v1.OfferWithdrawn
             * @instance
             */
            OfferWithdrawn.prototype.reason = "";

            /**
             * Creates a new OfferWithdrawn instance using the specified properties.
             * @function create
             * @memberof flare.v1.OfferWithdrawn
             * @static
             * @param {flare.v1.OfferWithdrawn.$Properties=} [properties] Properties to set
             * @returns {flare.v1.OfferWithdrawn} OfferWithdrawn instance
             * @type {{
             *   (properties: flare.v1.OfferWithdrawn.$Shape): flare.v1.OfferWithdrawn & flare.v1.OfferWithdrawn.$Shape;
             *   (properties?: flare.v1.OfferWithdrawn.$Properties): flare.v1.OfferWithdrawn;
             * }}
             */
            OfferWithdrawn.create = function(properties) {
                return new OfferWithdrawn(properties);
            };

            /**
             * Encodes the specified OfferWithdrawn message. Does not implicitly {@link flare.v1.OfferWithdrawn.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.OfferWithdrawn
             * @static
             * @param {flare.v1.OfferWithdrawn.$Properties} message OfferWithdrawn message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            OfferWithdrawn.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId") && message.offerId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.offerId);
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId") && message.incidentId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.incidentId);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.reason);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified OfferWithdrawn message, length delimited. Does not implicitly {@link flare.v1.OfferWithdrawn.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.OfferWithdrawn
             * @static
             * @param {flare.v1.OfferWithdrawn.$Properties} message OfferWithdrawn message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            OfferWithdrawn.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an OfferWithdrawn message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.OfferWithdrawn
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.OfferWithdrawn & flare.v1.OfferWithdrawn.$Shape} OfferWithdrawn
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            OfferWithdrawn.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.OfferWithdrawn();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.offerId = value;
                            else
                                delete message.offerId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.incidentId = value;
                            else
                                delete message.incidentId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an OfferWithdrawn message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.OfferWithdrawn
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.OfferWithdrawn & flare.v1.OfferWithdrawn.$Shape} OfferWithdrawn
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            OfferWithdrawn.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an OfferWithdrawn message.
             * @function verify
             * @memberof flare.v1.OfferWithdrawn
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            OfferWithdrawn.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId"))
                    if (!$util.isString(message.offerId))
                        return "offerId: string expected";
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId"))
                    if (!$util.isString(message.incidentId))
                        return "incidentId: string expected";
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    if (!$util.isString(message.reason))
                        return "reason: string expected";
                return null;
            };

            /**
             * Creates an OfferWithdrawn message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.OfferWithdrawn
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.OfferWithdrawn} OfferWithdrawn
             */
            OfferWithdrawn.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.OfferWithdrawn)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.OfferWithdrawn: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.OfferWithdrawn();
                if (object.offerId != null)
                    if (typeof object.offerId !== "string" || object.offerId.length)
                        message.offerId = $String(object.offerId);
                if (object.incidentId != null)
                    if (typeof object.incidentId !== "string" || object.incidentId.length)
                        message.incidentId = $String(object.incidentId);
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                return message;
            };

            /**
             * Creates a plain object from an OfferWithdrawn message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.OfferWithdrawn
             * @static
             * @param {flare.v1.OfferWithdrawn} message OfferWithdrawn
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            OfferWithdrawn.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.offerId = "";
                    object.incidentId = "";
                    object.reason = "";
                }
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId"))
                    object.offerId = message.offerId;
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId"))
                    object.incidentId = message.incidentId;
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                return object;
            };

            /**
             * Converts this OfferWithdrawn to JSON.
             * @function toJSON
             * @memberof flare.v1.OfferWithdrawn
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            OfferWithdrawn.prototype.toJSON = function() {
                return OfferWithdrawn.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for OfferWithdrawn
             * @function getTypeUrl
             * @memberof flare.v1.OfferWithdrawn
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            OfferWithdrawn.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.OfferWithdrawn";
            };

            return OfferWithdrawn;
        })();

        /**
         * ReplyAction enum.
         * @name flare.v1.ReplyAction
         * @enum {number}
         * @property {number} REPLY_ACTION_UNSPECIFIED=0 REPLY_ACTION_UNSPECIFIED value
         * @property {number} ACCEPT=1 ACCEPT value
         * @property {number} DECLINE=2 DECLINE value
         * @property {number} EN_ROUTE=3 EN_ROUTE value
         * @property {number} ON_SCENE=4 ON_SCENE value
         * @property {number} RESOLVED=5 RESOLVED value
         */
        v1.ReplyAction = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "REPLY_ACTION_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ACCEPT"] = 1;
            values[valuesById[2] = "DECLINE"] = 2;
            values[valuesById[3] = "EN_ROUTE"] = 3;
            values[valuesById[4] = "ON_SCENE"] = 4;
            values[valuesById[5] = "RESOLVED"] = 5;
            return values;
        })();

        v1.ResponderReply = (function() {

            /**
             * Properties of a ResponderReply.
             * @typedef {Object} flare.v1.ResponderReply.$Properties
             * @property {string|null} [replyId] ResponderReply replyId
             * @property {flare.v1.ReplyAction|null} [action] ResponderReply action
             * @property {string|null} [offerId] ResponderReply offerId
             * @property {string|null} [incidentId] ResponderReply incidentId
             * @property {string|null} [reason] ResponderReply reason
             * @property {number|null} [etaS] ResponderReply etaS
             * @property {number|Long|null} [sentAtMs] ResponderReply sentAtMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ResponderReply.
             * @memberof flare.v1
             * @interface IResponderReply
             * @augments flare.v1.ResponderReply.$Properties
             * @deprecated Use flare.v1.ResponderReply.$Properties instead.
             */

            /**
             * Shape of a ResponderReply.
             * @typedef {flare.v1.ResponderReply.$Properties} flare.v1.ResponderReply.$Shape
             */

            /**
             * Constructs a new ResponderReply.
             * @memberof flare.v1
             * @classdesc Represents a ResponderReply.
             * @constructor
             * @param {flare.v1.ResponderReply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ResponderReply = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ResponderReply replyId.
             * @member {string} replyId
             * @memberof flare.v1.ResponderReply
             * @instance
             */
            ResponderReply.prototype.replyId = "";

            /**
             * ResponderReply action.
             * @member {flare.v1.ReplyAction} action
             * @memberof flare.v1.ResponderReply
             * @instance
             */
            ResponderReply.prototype.action = 0;

            /**
             * ResponderReply offerId.
             * @member {string} offerId
             * @memberof flare.v1.ResponderReply
             * @instance
             */
            ResponderReply.prototype.offerId = "";

            /**
             * ResponderReply incidentId.
             * @member {string} incidentId
             * @memberof flare.v1.ResponderReply
             * @instance
             */
            ResponderReply.prototype.incidentId = "";

            /**
             * ResponderReply reason.
             * @member {string} reason
             * @memberof flare.v1.ResponderReply
             * @instance
             */
            ResponderReply.prototype.reason = "";

            /**
             * ResponderReply etaS.
             * @member {number} etaS
             * @memberof flare.v1.ResponderReply
             * @instance
             */
            ResponderReply.prototype.etaS = 0;

            /**
             * ResponderReply sentAtMs.
             * @member {number|Long} sentAtMs
             * @memberof flare.v1.ResponderReply
             * @instance
             */
            ResponderReply.prototype.sentAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new ResponderReply instance using the specified properties.
             * @function create
             * @memberof flare.v1.ResponderReply
             * @static
             * @param {flare.v1.ResponderReply.$Properties=} [properties] Properties to set
             * @returns {flare.v1.ResponderReply} ResponderReply instance
             * @type {{
             *   (properties: flare.v1.ResponderReply.$Shape): flare.v1.ResponderReply & flare.v1.ResponderReply.$Shape;
             *   (properties?: flare.v1.ResponderReply.$Properties): flare.v1.ResponderReply;
             * }}
             */
            ResponderReply.create = function(properties) {
                return new ResponderReply(properties);
            };

            /**
             * Encodes the specified ResponderReply message. Does not implicitly {@link flare.v1.ResponderReply.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.ResponderReply
             * @static
             * @param {flare.v1.ResponderReply.$Properties} message ResponderReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ResponderReply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.replyId != null && $Object.hasOwnProperty.call(message, "replyId") && message.replyId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.replyId);
                if (message.action != null && $Object.hasOwnProperty.call(message, "action") && message.action !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.action);
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId") && message.offerId !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.offerId);
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId") && message.incidentId !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.incidentId);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.reason);
                if (message.etaS != null && $Object.hasOwnProperty.call(message, "etaS") && message.etaS !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.etaS);
                if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs") && (typeof message.sentAtMs === "object" ? message.sentAtMs.low || message.sentAtMs.high : message.sentAtMs !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.sentAtMs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified ResponderReply message, length delimited. Does not implicitly {@link flare.v1.ResponderReply.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.ResponderReply
             * @static
             * @param {flare.v1.ResponderReply.$Properties} message ResponderReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ResponderReply.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a ResponderReply message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.ResponderReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.ResponderReply & flare.v1.ResponderReply.$Shape} ResponderReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ResponderReply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.ResponderReply();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.replyId = value;
                            else
                                delete message.replyId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.action = value;
                            else
                                delete message.action;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.offerId = value;
                            else
                                delete message.offerId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.incidentId = value;
                            else
                                delete message.incidentId;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.etaS = value;
                            else
                                delete message.etaS;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.sentAtMs = value;
                            else
                                delete message.sentAtMs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a ResponderReply message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.ResponderReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.ResponderReply & flare.v1.ResponderReply.$Shape} ResponderReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ResponderReply.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a ResponderReply message.
             * @function verify
             * @memberof flare.v1.ResponderReply
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ResponderReply.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.replyId != null && $Object.hasOwnProperty.call(message, "replyId"))
                    if (!$util.isString(message.replyId))
                        return "replyId: string expected";
                if (message.action != null && $Object.hasOwnProperty.call(message, "action"))
                    if (typeof message.action !== "number" || (message.action | 0) !== message.action)
                        return "action: enum value expected";
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId"))
                    if (!$util.isString(message.offerId))
                        return "offerId: string expected";
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId"))
                    if (!$util.isString(message.incidentId))
                        return "incidentId: string expected";
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    if (!$util.isString(message.reason))
                        return "reason: string expected";
                if (message.etaS != null && $Object.hasOwnProperty.call(message, "etaS"))
                    if (!$util.isInteger(message.etaS))
                        return "etaS: integer expected";
                if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs"))
                    if (!$util.isInteger(message.sentAtMs) && !(message.sentAtMs && $util.isInteger(message.sentAtMs.low) && $util.isInteger(message.sentAtMs.high)))
                        return "sentAtMs: integer|Long expected";
                return null;
            };

            /**
             * Creates a ResponderReply message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.ResponderReply
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.ResponderReply} ResponderReply
             */
            ResponderReply.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.ResponderReply)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.ResponderReply: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.ResponderReply();
                if (object.replyId != null)
                    if (typeof object.replyId !== "string" || object.replyId.length)
                        message.replyId = $String(object.replyId);
                if (object.action !== 0 && (typeof object.action !== "string" || $root.flare.v1.ReplyAction[object.action] !== 0))
                    switch (object.action) {
                    case "REPLY_ACTION_UNSPECIFIED":
                    case 0:
                        message.action = 0;
                        break;
                    case "ACCEPT":
                    case 1:
                        message.action = 1;
                        break;
                    case "DECLINE":
                    case 2:
                        message.action = 2;
                        break;
                    case "EN_ROUTE":
                    case 3:
                        message.action = 3;
                        break;
                    case "ON_SCENE":
                    case 4:
                        message.action = 4;
                        break;
                    case "RESOLVED":
                    case 5:
                        message.action = 5;
                        break;
                    default:
                        if (typeof object.action === "number" && (object.action | 0) === object.action)
                            message.action = object.action;
                    }
                if (object.offerId != null)
                    if (typeof object.offerId !== "string" || object.offerId.length)
                        message.offerId = $String(object.offerId);
                if (object.incidentId != null)
                    if (typeof object.incidentId !== "string" || object.incidentId.length)
                        message.incidentId = $String(object.incidentId);
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                if (object.etaS != null)
                    if ($Number(object.etaS) !== 0)
                        message.etaS = object.etaS >>> 0;
                if (object.sentAtMs != null)
                    if (typeof object.sentAtMs === "object" ? object.sentAtMs.low || object.sentAtMs.high : $Number(object.sentAtMs) !== 0)
                        if ($util.Long)
                            message.sentAtMs = $util.Long.fromValue(object.sentAtMs, true);
                        else if (typeof object.sentAtMs === "string")
                            message.sentAtMs = $parseInt(object.sentAtMs, 10);
                        else if (typeof object.sentAtMs === "number")
                            message.sentAtMs = object.sentAtMs;
                        else if (typeof object.sentAtMs === "object")
                            message.sentAtMs = new $util.LongBits(object.sentAtMs.low >>> 0, object.sentAtMs.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a ResponderReply message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.ResponderReply
             * @static
             * @param {flare.v1.ResponderReply} message ResponderReply
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ResponderReply.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.replyId = "";
                    object.action = options.enums === $String ? "REPLY_ACTION_UNSPECIFIED" : 0;
                    object.offerId = "";
                    object.incidentId = "";
                    object.reason = "";
                    object.etaS = 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.sentAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.sentAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.replyId != null && $Object.hasOwnProperty.call(message, "replyId"))
                    object.replyId = message.replyId;
                if (message.action != null && $Object.hasOwnProperty.call(message, "action"))
                    object.action = options.enums === $String ? $root.flare.v1.ReplyAction[message.action] === $undefined ? message.action : $root.flare.v1.ReplyAction[message.action] : message.action;
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId"))
                    object.offerId = message.offerId;
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId"))
                    object.incidentId = message.incidentId;
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                if (message.etaS != null && $Object.hasOwnProperty.call(message, "etaS"))
                    object.etaS = message.etaS;
                if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.sentAtMs = typeof message.sentAtMs === "number" ? $BigInt(message.sentAtMs) : $util.Long.fromBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0, true).toBigInt();
                    else if (typeof message.sentAtMs === "number")
                        object.sentAtMs = options.longs === $String ? $String(message.sentAtMs) : message.sentAtMs;
                    else
                        object.sentAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.sentAtMs) : options.longs === $Number ? new $util.LongBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0).toNumber(true) : message.sentAtMs;
                return object;
            };

            /**
             * Converts this ResponderReply to JSON.
             * @function toJSON
             * @memberof flare.v1.ResponderReply
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ResponderReply.prototype.toJSON = function() {
                return ResponderReply.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for ResponderReply
             * @function getTypeUrl
             * @memberof flare.v1.ResponderReply
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ResponderReply.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.ResponderReply";
            };

            return ResponderReply;
        })();

        v1.ReplyResult = (function() {

            /**
             * Properties of a ReplyResult.
             * @typedef {Object} flare.v1.ReplyResult.$Properties
             * @property {string|null} [replyId] ReplyResult replyId
             * @property {string|null} [offerId] ReplyResult offerId
             * @property {string|null} [incidentId] ReplyResult incidentId
             * @property {boolean|null} [ok] ReplyResult ok
             * @property {string|null} [reason] ReplyResult reason
             * @property {Array.<string>|null} [allowedNext] ReplyResult allowedNext
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ReplyResult.
             * @memberof flare.v1
             * @interface IReplyResult
             * @augments flare.v1.ReplyResult.$Properties
             * @deprecated Use flare.v1.ReplyResult.$Properties instead.
             */

            /**
             * Shape of a ReplyResult.
             * @typedef {flare.v1.ReplyResult.$Properties} flare.v1.ReplyResult.$Shape
             */

            /**
             * Constructs a new ReplyResult.
             * @memberof flare.v1
             * @classdesc Represents a ReplyResult.
             * @constructor
             * @param {flare.v1.ReplyResult.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ReplyResult = function (properties) {
                this.allowedNext = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ReplyResult replyId.
             * @member {string} replyId
             * @memberof flare.v1.ReplyResult
             * @instance
             */
            ReplyResult.prototype.replyId = "";

            /**
             * ReplyResult offerId.
             * @member {string} offerId
             * @memberof flare.v1.ReplyResult
             * @instance
             */
            ReplyResult.prototype.offerId = "";

            /**
             * ReplyResult incidentId.
             * @member {string} incidentId
             * @memberof flare.v1.ReplyResult
             * @instance
             */
            ReplyResult.prototype.incidentId = "";

            /**
             * ReplyResult ok.
             * @member {boolean} ok
             * @memberof flare.v1.ReplyResult
             * @instance
             */
            ReplyResult.prototype.ok = false;

            /**
             * ReplyResult reason.
             * @member {string} reason
             * @memberof flare.v1.ReplyResult
             * @instance
             */
            ReplyResult.prototype.reason = "";

            /**
             * ReplyResult allowedNext.
             * @member {Array.<string>} allowedNext
             * @memberof flare.v1.ReplyResult
             * @instance
             */
            ReplyResult.prototype.allowedNext = $util.emptyArray;

            /**
             * Creates a new ReplyResult instance using the specified properties.
             * @function create
             * @memberof flare.v1.ReplyResult
             * @static
             * @param {flare.v1.ReplyResult.$Properties=} [properties] Properties to set
             * @returns {flare.v1.ReplyResult} ReplyResult instance
             * @type {{
             *   (properties: flare.v1.ReplyResult.$Shape): flare.v1.ReplyResult & flare.v1.ReplyResult.$Shape;
             *   (properties?: flare.v1.ReplyResult.$Properties): flare.v1.ReplyResult;
             * }}
             */
            ReplyResult.create = function(properties) {
                return new ReplyResult(properties);
            };

            /**
             * Encodes the specified ReplyResult message. Does not implicitly {@link flare.v1.ReplyResult.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.ReplyResult
             * @static
             * @param {flare.v1.ReplyResult.$Properties} message ReplyResult message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReplyResult.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.replyId != null && $Object.hasOwnProperty.call(message, "replyId") && message.replyId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.replyId);
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId") && message.offerId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.offerId);
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId") && message.incidentId !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.incidentId);
                if (message.ok != null && $Object.hasOwnProperty.call(message, "ok") && message.ok !== false)
                    writer.uint32(/* id 4, wireType 0 =*/32).bool(message.ok);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.reason);
                if (message.allowedNext != null && message.allowedNext.length)
                    for (let i = 0; i < message.allowedNext.length; ++i)
                        writer.uint32(/* id 6, wireType 2 =*/50).string(message.allowedNext[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified ReplyResult message, length delimited. Does not implicitly {@link flare.v1.ReplyResult.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.ReplyResult
             * @static
             * @param {flare.v1.ReplyResult.$Properties} message ReplyResult message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReplyResult.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a ReplyResult message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.ReplyResult
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.ReplyResult & flare.v1.ReplyResult.$Shape} ReplyResult
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReplyResult.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.ReplyResult();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.replyId = value;
                            else
                                delete message.replyId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.offerId = value;
                            else
                                delete message.offerId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.incidentId = value;
                            else
                                delete message.incidentId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.ok = value;
                            else
                                delete message.ok;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if (!(message.allowedNext && message.allowedNext.length))
                                message.allowedNext = [];
                            message.allowedNext.push(reader.stringVerify());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a ReplyResult message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.ReplyResult
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.ReplyResult & flare.v1.ReplyResult.$Shape} ReplyResult
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReplyResult.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a ReplyResult message.
             * @function verify
             * @memberof flare.v1.ReplyResult
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ReplyResult.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.replyId != null && $Object.hasOwnProperty.call(message, "replyId"))
                    if (!$util.isString(message.replyId))
                        return "replyId: string expected";
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId"))
                    if (!$util.isString(message.offerId))
                        return "offerId: string expected";
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId"))
                    if (!$util.isString(message.incidentId))
                        return "incidentId: string expected";
                if (message.ok != null && $Object.hasOwnProperty.call(message, "ok"))
                    if (typeof message.ok !== "boolean")
                        return "ok: boolean expected";
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    if (!$util.isString(message.reason))
                        return "reason: string expected";
                if (message.allowedNext != null && $Object.hasOwnProperty.call(message, "allowedNext")) {
                    if (!$Array.isArray(message.allowedNext))
                        return "allowedNext: array expected";
                    for (let i = 0; i < message.allowedNext.length; ++i)
                        if (!$util.isString(message.allowedNext[i]))
                            return "allowedNext: string[] expected";
                }
                return null;
            };

            /**
             * Creates a ReplyResult message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.ReplyResult
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.ReplyResult} ReplyResult
             */
            ReplyResult.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.ReplyResult)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.ReplyResult: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.ReplyResult();
                if (object.replyId != null)
                    if (typeof object.replyId !== "string" || object.replyId.length)
                        message.replyId = $String(object.replyId);
                if (object.offerId != null)
                    if (typeof object.offerId !== "string" || object.offerId.length)
                        message.offerId = $String(object.offerId);
                if (object.incidentId != null)
                    if (typeof object.incidentId !== "string" || object.incidentId.length)
                        message.incidentId = $String(object.incidentId);
                if (object.ok != null)
                    if (object.ok)
                        message.ok = $Boolean(object.ok);
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                if (object.allowedNext) {
                    if (!$Array.isArray(object.allowedNext))
                        throw $TypeError(".flare.v1.ReplyResult.allowedNext: array expected");
                    message.allowedNext = $Array(object.allowedNext.length);
                    for (let i = 0; i < object.allowedNext.length; ++i)
                        message.allowedNext[i] = $String(object.allowedNext[i]);
                }
                return message;
            };

            /**
             * Creates a plain object from a ReplyResult message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.ReplyResult
             * @static
             * @param {flare.v1.ReplyResult} message ReplyResult
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ReplyResult.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.allowedNext = [];
                if (options.defaults) {
                    object.replyId = "";
                    object.offerId = "";
                    object.incidentId = "";
                    object.ok = false;
                    object.reason = "";
                }
                if (message.replyId != null && $Object.hasOwnProperty.call(message, "replyId"))
                    object.replyId = message.replyId;
                if (message.offerId != null && $Object.hasOwnProperty.call(message, "offerId"))
                    object.offerId = message.offerId;
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId"))
                    object.incidentId = message.incidentId;
                if (message.ok != null && $Object.hasOwnProperty.call(message, "ok"))
                    object.ok = message.ok;
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                if (message.allowedNext && message.allowedNext.length) {
                    object.allowedNext = $Array(message.allowedNext.length);
                    for (let j = 0; j < message.allowedNext.length; ++j)
                        object.allowedNext[j] = message.allowedNext[j];
                }
                return object;
            };

            /**
             * Converts this ReplyResult to JSON.
             * @function toJSON
             * @memberof flare.v1.ReplyResult
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ReplyResult.prototype.toJSON = function() {
                return ReplyResult.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for ReplyResult
             * @function getTypeUrl
             * @memberof flare.v1.ReplyResult
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ReplyResult.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.ReplyResult";
            };

            return ReplyResult;
        })();

        v1.DispatchMessage = (function() {

            /**
             * Properties of a DispatchMessage.
             * @typedef {Object} flare.v1.DispatchMessage.$Properties
             * @property {flare.v1.DispatchOffer.$Properties|null} [offer] DispatchMessage offer
             * @property {flare.v1.OfferWithdrawn.$Properties|null} [withdrawn] DispatchMessage withdrawn
             * @property {flare.v1.ReplyResult.$Properties|null} [result] DispatchMessage result
             * @property {"offer"|"withdrawn"|"result"} [body] DispatchMessage body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DispatchMessage.
             * @memberof flare.v1
             * @interface IDispatchMessage
             * @augments flare.v1.DispatchMessage.$Properties
             * @deprecated Use flare.v1.DispatchMessage.$Properties instead.
             */

            /**
             * Narrowed shape of a DispatchMessage.
             * @typedef {{
             *   offer?: flare.v1.DispatchOffer.$Shape|null;
             *   withdrawn?: flare.v1.OfferWithdrawn.$Shape|null;
             *   result?: flare.v1.ReplyResult.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; offer?: null; withdrawn?: null; result?: null }|{ body?: "offer"; offer: flare.v1.DispatchOffer.$Shape; withdrawn?: null; result?: null }|{ body?: "withdrawn"; offer?: null; withdrawn: flare.v1.OfferWithdrawn.$Shape; result?: null }|{ body?: "result"; offer?: null; withdrawn?: null; result: flare.v1.ReplyResult.$Shape })
             * )} flare.v1.DispatchMessage.$Shape
             */

            /**
             * Constructs a new DispatchMessage.
             * @memberof flare.v1
             * @classdesc Represents a DispatchMessage.
             * @constructor
             * @param {flare.v1.DispatchMessage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DispatchMessage = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * DispatchMessage offer.
             * @member {flare.v1.DispatchOffer.$Properties|null|undefined} offer
             * @memberof flare.v1.DispatchMessage
             * @instance
             */
            DispatchMessage.prototype.offer = null;

            /**
             * DispatchMessage withdrawn.
             * @member {flare.v1.OfferWithdrawn.$Properties|null|undefined} withdrawn
             * @memberof flare.v1.DispatchMessage
             * @instance
             */
            DispatchMessage.prototype.withdrawn = null;

            /**
             * DispatchMessage result.
             * @member {flare.v1.ReplyResult.$Properties|null|undefined} result
             * @memberof flare.v1.DispatchMessage
             * @instance
             */
            DispatchMessage.prototype.result = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * DispatchMessage body.
             * @member {"offer"|"withdrawn"|"result"|undefined} body
             * @memberof flare.v1.DispatchMessage
             * @instance
             */
            $Object.defineProperty(DispatchMessage.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["offer", "withdrawn", "result"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new DispatchMessage instance using the specified properties.
             * @function create
             * @memberof flare.v1.DispatchMessage
             * @static
             * @param {flare.v1.DispatchMessage.$Properties=} [properties] Properties to set
             * @returns {flare.v1.DispatchMessage} DispatchMessage instance
             * @type {{
             *   (properties: flare.v1.DispatchMessage.$Shape): flare.v1.DispatchMessage & flare.v1.DispatchMessage.$Shape;
             *   (properties?: flare.v1.DispatchMessage.$Properties): flare.v1.DispatchMessage;
             * }}
             */
            DispatchMessage.create = function(properties) {
                return new DispatchMessage(properties);
            };

            /**
             * Encodes the specified DispatchMessage message. Does not implicitly {@link flare.v1.DispatchMessage.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.DispatchMessage
             * @static
             * @param {flare.v1.DispatchMessage.$Properties} message DispatchMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DispatchMessage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.offer != null && $Object.hasOwnProperty.call(message, "offer"))
                    $root.flare.v1.DispatchOffer.encode(message.offer, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.withdrawn != null && $Object.hasOwnProperty.call(message, "withdrawn"))
                    $root.flare.v1.OfferWithdrawn.encode(message.withdrawn, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.result != null && $Object.hasOwnProperty.call(message, "result"))
                    $root.flare.v1.ReplyResult.encode(message.result, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified DispatchMessage message, length delimited. Does not implicitly {@link flare.v1.DispatchMessage.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.DispatchMessage
             * @static
             * @param {flare.v1.DispatchMessage.$Properties} message DispatchMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DispatchMessage.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a DispatchMessage message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.DispatchMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.DispatchMessage & flare.v1.DispatchMessage.$Shape} DispatchMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DispatchMessage.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.DispatchMessage();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.offer = $root.flare.v1.DispatchOffer.decode(reader, reader.size(), $undefined, _depth + 1, message.offer);
                            message.body = "offer";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.withdrawn = $root.flare.v1.OfferWithdrawn.decode(reader, reader.size(), $undefined, _depth + 1, message.withdrawn);
                            message.body = "withdrawn";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.result = $root.flare.v1.ReplyResult.decode(reader, reader.size(), $undefined, _depth + 1, message.result);
                            message.body = "result";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a DispatchMessage message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.DispatchMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.DispatchMessage & flare.v1.DispatchMessage.$Shape} DispatchMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DispatchMessage.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a DispatchMessage message.
             * @function verify
             * @memberof flare.v1.DispatchMessage
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            DispatchMessage.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.offer != null && $Object.hasOwnProperty.call(message, "offer")) {
                    properties.body = 1;
                    {
                        let error = $root.flare.v1.DispatchOffer.verify(message.offer, _depth + 1);
                        if (error)
                            return "offer." + error;
                    }
                }
                if (message.withdrawn != null && $Object.hasOwnProperty.call(message, "withdrawn")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.flare.v1.OfferWithdrawn.verify(message.withdrawn, _depth + 1);
                        if (error)
                            return "withdrawn." + error;
                    }
                }
                if (message.result != null && $Object.hasOwnProperty.call(message, "result")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.flare.v1.ReplyResult.verify(message.result, _depth + 1);
                        if (error)
                            return "result." + error;
                    }
                }
                return null;
            };

            /**
             * Creates a DispatchMessage message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.DispatchMessage
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.DispatchMessage} DispatchMessage
             */
            DispatchMessage.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.DispatchMessage)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.DispatchMessage: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.DispatchMessage();
                if (object.offer != null) {
                    if (!$util.isObject(object.offer))
                        throw $TypeError(".flare.v1.DispatchMessage.offer: object expected");
                    message.offer = $root.flare.v1.DispatchOffer.fromObject(object.offer, _depth + 1);
                }
                if (object.withdrawn != null) {
                    if (!$util.isObject(object.withdrawn))
                        throw $TypeError(".flare.v1.DispatchMessage.withdrawn: object expected");
                    message.withdrawn = $root.flare.v1.OfferWithdrawn.fromObject(object.withdrawn, _depth + 1);
                }
                if (object.result != null) {
                    if (!$util.isObject(object.result))
                        throw $TypeError(".flare.v1.DispatchMessage.result: object expected");
                    message.result = $root.flare.v1.ReplyResult.fromObject(object.result, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a DispatchMessage message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.DispatchMessage
             * @static
             * @param {flare.v1.DispatchMessage} message DispatchMessage
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            DispatchMessage.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (message.offer != null && $Object.hasOwnProperty.call(message, "offer")) {
                    object.offer = $root.flare.v1.DispatchOffer.toObject(message.offer, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "offer";
                }
                if (message.withdrawn != null && $Object.hasOwnProperty.call(message, "withdrawn")) {
                    object.withdrawn = $root.flare.v1.OfferWithdrawn.toObject(message.withdrawn, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "withdrawn";
                }
                if (message.result != null && $Object.hasOwnProperty.call(message, "result")) {
                    object.result = $root.flare.v1.ReplyResult.toObject(message.result, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "result";
                }
                return object;
            };

            /**
             * Converts this DispatchMessage to JSON.
             * @function toJSON
             * @memberof flare.v1.DispatchMessage
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            DispatchMessage.prototype.toJSON = function() {
                return DispatchMessage.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for DispatchMessage
             * @function getTypeUrl
             * @memberof flare.v1.DispatchMessage
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DispatchMessage.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.DispatchMessage";
            };

            return DispatchMessage;
        })();

        v1.ContactNotice = (function() {

            /**
             * Properties of a ContactNotice.
             * @typedef {Object} flare.v1.ContactNotice.$Properties
             * @property {string|null} [noticeId] ContactNotice noticeId
             * @property {string|null} [incidentNumber] ContactNotice incidentNumber
             * @property {string|null} [language] ContactNotice language
             * @property {string|null} [text] ContactNotice text
             * @property {flare.v1.AlertKind|null} [kind] ContactNotice kind
             * @property {flare.v1.Location.$Properties|null} [location] ContactNotice location
             * @property {number|Long|null} [atMs] ContactNotice atMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ContactNotice.
             * @memberof flare.v1
             * @interface IContactNotice
             * @augments flare.v1.ContactNotice.$Properties
             * @deprecated Use flare.v1.ContactNotice.$Properties instead.
             */

            /**
             * Shape of a ContactNotice.
             * @typedef {flare.v1.ContactNotice.$Properties} flare.v1.ContactNotice.$Shape
             */

            /**
             * Constructs a new ContactNotice.
             * @memberof flare.v1
             * @classdesc Represents a ContactNotice.
             * @constructor
             * @param {flare.v1.ContactNotice.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ContactNotice = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ContactNotice noticeId.
             * @member {string} noticeId
             * @memberof flare.v1.ContactNotice
             * @instance
             */
            ContactNotice.prototype.noticeId = "";

            /**
             * ContactNotice incidentNumber.
             * @member {string} incidentNumber
             * @memberof flare.v1.ContactNotice
             * @instance
             */
            ContactNotice.prototype.incidentNumber = "";

            /**
             * ContactNotice language.
             * @member {string} language
             * @memberof flare.v1.ContactNotice
             * @instance
             */
            ContactNotice.prototype.language = "";

            /**
             * ContactNotice text.
             * @member {string} text
             * @memberof flare.v1.ContactNotice
             * @instance
             */
            ContactNotice.prototype.text = "";

            /**
             * ContactNotice kind.
             * @member {flare.v1.AlertKind} kind
             * @memberof flare.v1.ContactNotice
             * @instance
             */
            ContactNotice.prototype.kind = 0;

            /**
             * ContactNotice location.
             * @member {flare.v1.Location.$Properties|null|undefined} location
             * @memberof flare.v1.ContactNotice
             * @instance
             */
            ContactNotice.prototype.location = null;

            /**
             * ContactNotice atMs.
             * @member {number|Long} atMs
             * @memberof flare.v1.ContactNotice
             * @instance
             */
            ContactNotice.prototype.atMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new ContactNotice instance using the specified properties.
             * @function create
             * @memberof flare.v1.ContactNotice
             * @static
             * @param {flare.v1.ContactNotice.$Properties=} [properties] Properties to set
             * @returns {flare.v1.ContactNotice} ContactNotice instance
             * @type {{
             *   (properties: flare.v1.ContactNotice.$Shape): flare.v1.ContactNotice & flare.v1.ContactNotice.$Shape;
             *   (properties?: flare.v1.ContactNotice.$Properties): flare.v1.ContactNotice;
             * }}
             */
            ContactNotice.create = function(properties) {
                return new ContactNotice(properties);
            };

            /**
             * Encodes the specified ContactNotice message. Does not implicitly {@link flare.v1.ContactNotice.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.ContactNotice
             * @static
             * @param {flare.v1.ContactNotice.$Properties} message ContactNotice message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ContactNotice.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.noticeId != null && $Object.hasOwnProperty.call(message, "noticeId") && message.noticeId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.noticeId);
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber") && message.incidentNumber !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.incidentNumber);
                if (message.language != null && $Object.hasOwnProperty.call(message, "language") && message.language !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.language);
                if (message.text != null && $Object.hasOwnProperty.call(message, "text") && message.text !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.text);
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind") && message.kind !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).int32(message.kind);
                if (message.location != null && $Object.hasOwnProperty.call(message, "location"))
                    $root.flare.v1.Location.encode(message.location, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs") && (typeof message.atMs === "object" ? message.atMs.low || message.atMs.high : message.atMs !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.atMs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified ContactNotice message, length delimited. Does not implicitly {@link flare.v1.ContactNotice.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.ContactNotice
             * @static
             * @param {flare.v1.ContactNotice.$Properties} message ContactNotice message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ContactNotice.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a ContactNotice message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.ContactNotice
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.ContactNotice & flare.v1.ContactNotice.$Shape} ContactNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ContactNotice.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.ContactNotice();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.noticeId = value;
                            else
                                delete message.noticeId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.incidentNumber = value;
                            else
                                delete message.incidentNumber;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.language = value;
                            else
                                delete message.language;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.text = value;
                            else
                                delete message.text;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.kind = value;
                            else
                                delete message.kind;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.location = $root.flare.v1.Location.decode(reader, reader.size(), $undefined, _depth + 1, message.location);
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.atMs = value;
                            else
                                delete message.atMs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a ContactNotice message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.ContactNotice
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.ContactNotice & flare.v1.ContactNotice.$Shape} ContactNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ContactNotice.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a ContactNotice message.
             * @function verify
             * @memberof flare.v1.ContactNotice
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ContactNotice.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.noticeId != null && $Object.hasOwnProperty.call(message, "noticeId"))
                    if (!$util.isString(message.noticeId))
                        return "noticeId: string expected";
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber"))
                    if (!$util.isString(message.incidentNumber))
                        return "incidentNumber: string expected";
                if (message.language != null && $Object.hasOwnProperty.call(message, "language"))
                    if (!$util.isString(message.language))
                        return "language: string expected";
                if (message.text != null && $Object.hasOwnProperty.call(message, "text"))
                    if (!$util.isString(message.text))
                        return "text: string expected";
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    if (typeof message.kind !== "number" || (message.kind | 0) !== message.kind)
                        return "kind: enum value expected";
                if (message.location != null && $Object.hasOwnProperty.call(message, "location")) {
                    let error = $root.flare.v1.Location.verify(message.location, _depth + 1);
                    if (error)
                        return "location." + error;
                }
                if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs"))
                    if (!$util.isInteger(message.atMs) && !(message.atMs && $util.isInteger(message.atMs.low) && $util.isInteger(message.atMs.high)))
                        return "atMs: integer|Long expected";
                return null;
            };

            /**
             * Creates a ContactNotice message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.ContactNotice
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.ContactNotice} ContactNotice
             */
            ContactNotice.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.ContactNotice)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.ContactNotice: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.ContactNotice();
                if (object.noticeId != null)
                    if (typeof object.noticeId !== "string" || object.noticeId.length)
                        message.noticeId = $String(object.noticeId);
                if (object.incidentNumber != null)
                    if (typeof object.incidentNumber !== "string" || object.incidentNumber.length)
                        message.incidentNumber = $String(object.incidentNumber);
                if (object.language != null)
                    if (typeof object.language !== "string" || object.language.length)
                        message.language = $String(object.language);
                if (object.text != null)
                    if (typeof object.text !== "string" || object.text.length)
                        message.text = $String(object.text);
                if (object.kind !== 0 && (typeof object.kind !== "string" || $root.flare.v1.AlertKind[object.kind] !== 0))
                    switch (object.kind) {
                    case "ALERT_KIND_UNSPECIFIED":
                    case 0:
                        message.kind = 0;
                        break;
                    case "PANIC":
                    case 1:
                        message.kind = 1;
                        break;
                    case "DURESS":
                    case 2:
                        message.kind = 2;
                        break;
                    case "FALL":
                    case 3:
                        message.kind = 3;
                        break;
                    case "MEDICAL":
                    case 4:
                        message.kind = 4;
                        break;
                    case "FIRE":
                    case 5:
                        message.kind = 5;
                        break;
                    case "LOW_BATTERY":
                    case 6:
                        message.kind = 6;
                        break;
                    case "TAMPER":
                    case 7:
                        message.kind = 7;
                        break;
                    case "DEVICE_OFFLINE":
                    case 8:
                        message.kind = 8;
                        break;
                    case "TEST":
                    case 9:
                        message.kind = 9;
                        break;
                    case "BURGLARY":
                    case 10:
                        message.kind = 10;
                        break;
                    default:
                        if (typeof object.kind === "number" && (object.kind | 0) === object.kind)
                            message.kind = object.kind;
                    }
                if (object.location != null) {
                    if (!$util.isObject(object.location))
                        throw $TypeError(".flare.v1.ContactNotice.location: object expected");
                    message.location = $root.flare.v1.Location.fromObject(object.location, _depth + 1);
                }
                if (object.atMs != null)
                    if (typeof object.atMs === "object" ? object.atMs.low || object.atMs.high : $Number(object.atMs) !== 0)
                        if ($util.Long)
                            message.atMs = $util.Long.fromValue(object.atMs, true);
                        else if (typeof object.atMs === "string")
                            message.atMs = $parseInt(object.atMs, 10);
                        else if (typeof object.atMs === "number")
                            message.atMs = object.atMs;
                        else if (typeof object.atMs === "object")
                            message.atMs = new $util.LongBits(object.atMs.low >>> 0, object.atMs.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a ContactNotice message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.ContactNotice
             * @static
             * @param {flare.v1.ContactNotice} message ContactNotice
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ContactNotice.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.noticeId = "";
                    object.incidentNumber = "";
                    object.language = "";
                    object.text = "";
                    object.kind = options.enums === $String ? "ALERT_KIND_UNSPECIFIED" : 0;
                    object.location = null;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.atMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.atMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.noticeId != null && $Object.hasOwnProperty.call(message, "noticeId"))
                    object.noticeId = message.noticeId;
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber"))
                    object.incidentNumber = message.incidentNumber;
                if (message.language != null && $Object.hasOwnProperty.call(message, "language"))
                    object.language = message.language;
                if (message.text != null && $Object.hasOwnProperty.call(message, "text"))
                    object.text = message.text;
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    object.kind = options.enums === $String ? $root.flare.v1.AlertKind[message.kind] === $undefined ? message.kind : $root.flare.v1.AlertKind[message.kind] : message.kind;
                if (message.location != null && $Object.hasOwnProperty.call(message, "location"))
                    object.location = $root.flare.v1.Location.toObject(message.location, options, _depth + 1);
                if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.atMs = typeof message.atMs === "number" ? $BigInt(message.atMs) : $util.Long.fromBits(message.atMs.low >>> 0, message.atMs.high >>> 0, true).toBigInt();
                    else if (typeof message.atMs === "number")
                        object.atMs = options.longs === $String ? $String(message.atMs) : message.atMs;
                    else
                        object.atMs = options.longs === $String ? $util.Long.prototype.toString.call(message.atMs) : options.longs === $Number ? new $util.LongBits(message.atMs.low >>> 0, message.atMs.high >>> 0).toNumber(true) : message.atMs;
                return object;
            };

            /**
             * Converts this ContactNotice to JSON.
             * @function toJSON
             * @memberof flare.v1.ContactNotice
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ContactNotice.prototype.toJSON = function() {
                return ContactNotice.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for ContactNotice
             * @function getTypeUrl
             * @memberof flare.v1.ContactNotice
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ContactNotice.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.ContactNotice";
            };

            return ContactNotice;
        })();

        v1.Escalation = (function() {

            /**
             * Properties of an Escalation.
             * @typedef {Object} flare.v1.Escalation.$Properties
             * @property {string|null} [escalationId] Escalation escalationId
             * @property {string|null} [incidentId] Escalation incidentId
             * @property {string|null} [incidentNumber] Escalation incidentNumber
             * @property {string|null} [zoneId] Escalation zoneId
             * @property {number|null} [priority] Escalation priority
             * @property {string|null} [reason] Escalation reason
             * @property {flare.v1.Location.$Properties|null} [location] Escalation location
             * @property {number|Long|null} [atMs] Escalation atMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Escalation.
             * @memberof flare.v1
             * @interface IEscalation
             * @augments flare.v1.Escalation.$Properties
             * @deprecated Use flare.v1.Escalation.$Properties instead.
             */

            /**
             * Shape of an Escalation.
             * @typedef {flare.v1.Escalation.$Properties} flare.v1.Escalation.$Shape
             */

            /**
             * Constructs a new Escalation.
             * @memberof flare.v1
             * @classdesc Represents an Escalation.
             * @constructor
             * @param {flare.v1.Escalation.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Escalation = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Escalation escalationId.
             * @member {string} escalationId
             * @memberof flare.v1.Escalation
             * @instance
             */
            Escalation.prototype.escalationId = "";

            /**
             * Escalation incidentId.
             * @member {string} incidentId
             * @memberof flare.v1.Escalation
             * @instance
             */
            Escalation.prototype.incidentId = "";

            /**
             * Escalation incidentNumber.
             * @member {string} incidentNumber
             * @memberof flare.v1.Escalation
             * @instance
             */
            Escalation.prototype.incidentNumber = "";

            /**
             * Escalation zoneId.
             * @member {string} zoneId
             * @memberof flare.v1.Escalation
             * @instance
             */
            Escalation.prototype.zoneId = "";

            /**
             * Escalation priority.
             * @member {number} priority
             * @memberof flare.v1.Escalation
             * @instance
             */
            Escalation.prototype.priority = 0;

            /**
             * Escalation reason.
             * @member {string} reason
             * @memberof flare.v1.Escalation
             * @instance
             */
            Escalation.prototype.reason = "";

            /**
             * Escalation location.
             * @member {flare.v1.Location.$Properties|null|undefined} location
             * @memberof flare.v1.Escalation
             * @instance
             */
            Escalation.prototype.location = null;

            /**
             * Escalation atMs.
             * @member {number|Long} atMs
             * @memberof flare.v1.Escalation
             * @instance
             */
            Escalation.prototype.atMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Escalation instance using the specified properties.
             * @function create
             * @memberof flare.v1.Escalation
             * @static
             * @param {flare.v1.Escalation.$Properties=} [properties] Properties to set
             * @returns {flare.v1.Escalation} Escalation instance
             * @type {{
             *   (properties: flare.v1.Escalation.$Shape): flare.v1.Escalation & flare.v1.Escalation.$Shape;
             *   (properties?: flare.v1.Escalation.$Properties): flare.v1.Escalation;
             * }}
             */
            Escalation.create = function(properties) {
                return new Escalation(properties);
            };

            /**
             * Encodes the specified Escalation message. Does not implicitly {@link flare.v1.Escalation.verify|verify} messages.
             * @function encode
             * @memberof flare.v1.Escalation
             * @static
             * @param {flare.v1.Escalation.$Properties} message Escalation message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Escalation.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.escalationId != null && $Object.hasOwnProperty.call(message, "escalationId") && message.escalationId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.escalationId);
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId") && message.incidentId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.incidentId);
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber") && message.incidentNumber !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.incidentNumber);
                if (message.zoneId != null && $Object.hasOwnProperty.call(message, "zoneId") && message.zoneId !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.zoneId);
                if (message.priority != null && $Object.hasOwnProperty.call(message, "priority") && message.priority !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.priority);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.reason);
                if (message.location != null && $Object.hasOwnProperty.call(message, "location"))
                    $root.flare.v1.Location.encode(message.location, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs") && (typeof message.atMs === "object" ? message.atMs.low || message.atMs.high : message.atMs !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.atMs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Escalation message, length delimited. Does not implicitly {@link flare.v1.Escalation.verify|verify} messages.
             * @function encodeDelimited
             * @memberof flare.v1.Escalation
             * @static
             * @param {flare.v1.Escalation.$Properties} message Escalation message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Escalation.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Escalation message from the specified reader or buffer.
             * @function decode
             * @memberof flare.v1.Escalation
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {flare.v1.Escalation & flare.v1.Escalation.$Shape} Escalation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Escalation.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.flare.v1.Escalation();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.escalationId = value;
                            else
                                delete message.escalationId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.incidentId = value;
                            else
                                delete message.incidentId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.incidentNumber = value;
                            else
                                delete message.incidentNumber;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.zoneId = value;
                            else
                                delete message.zoneId;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.priority = value;
                            else
                                delete message.priority;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.location = $root.flare.v1.Location.decode(reader, reader.size(), $undefined, _depth + 1, message.location);
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.atMs = value;
                            else
                                delete message.atMs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an Escalation message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof flare.v1.Escalation
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {flare.v1.Escalation & flare.v1.Escalation.$Shape} Escalation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Escalation.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Escalation message.
             * @function verify
             * @memberof flare.v1.Escalation
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Escalation.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.escalationId != null && $Object.hasOwnProperty.call(message, "escalationId"))
                    if (!$util.isString(message.escalationId))
                        return "escalationId: string expected";
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId"))
                    if (!$util.isString(message.incidentId))
                        return "incidentId: string expected";
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber"))
                    if (!$util.isString(message.incidentNumber))
                        return "incidentNumber: string expected";
                if (message.zoneId != null && $Object.hasOwnProperty.call(message, "zoneId"))
                    if (!$util.isString(message.zoneId))
                        return "zoneId: string expected";
                if (message.priority != null && $Object.hasOwnProperty.call(message, "priority"))
                    if (!$util.isInteger(message.priority))
                        return "priority: integer expected";
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    if (!$util.isString(message.reason))
                        return "reason: string expected";
                if (message.location != null && $Object.hasOwnProperty.call(message, "location")) {
                    let error = $root.flare.v1.Location.verify(message.location, _depth + 1);
                    if (error)
                        return "location." + error;
                }
                if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs"))
                    if (!$util.isInteger(message.atMs) && !(message.atMs && $util.isInteger(message.atMs.low) && $util.isInteger(message.atMs.high)))
                        return "atMs: integer|Long expected";
                return null;
            };

            /**
             * Creates an Escalation message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof flare.v1.Escalation
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {flare.v1.Escalation} Escalation
             */
            Escalation.fromObject = function (object, _depth) {
                if (object instanceof $root.flare.v1.Escalation)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".flare.v1.Escalation: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.flare.v1.Escalation();
                if (object.escalationId != null)
                    if (typeof object.escalationId !== "string" || object.escalationId.length)
                        message.escalationId = $String(object.escalationId);
                if (object.incidentId != null)
                    if (typeof object.incidentId !== "string" || object.incidentId.length)
                        message.incidentId = $String(object.incidentId);
                if (object.incidentNumber != null)
                    if (typeof object.incidentNumber !== "string" || object.incidentNumber.length)
                        message.incidentNumber = $String(object.incidentNumber);
                if (object.zoneId != null)
                    if (typeof object.zoneId !== "string" || object.zoneId.length)
                        message.zoneId = $String(object.zoneId);
                if (object.priority != null)
                    if ($Number(object.priority) !== 0)
                        message.priority = object.priority >>> 0;
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                if (object.location != null) {
                    if (!$util.isObject(object.location))
                        throw $TypeError(".flare.v1.Escalation.location: object expected");
                    message.location = $root.flare.v1.Location.fromObject(object.location, _depth + 1);
                }
                if (object.atMs != null)
                    if (typeof object.atMs === "object" ? object.atMs.low || object.atMs.high : $Number(object.atMs) !== 0)
                        if ($util.Long)
                            message.atMs = $util.Long.fromValue(object.atMs, true);
                        else if (typeof object.atMs === "string")
                            message.atMs = $parseInt(object.atMs, 10);
                        else if (typeof object.atMs === "number")
                            message.atMs = object.atMs;
                        else if (typeof object.atMs === "object")
                            message.atMs = new $util.LongBits(object.atMs.low >>> 0, object.atMs.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from an Escalation message. Also converts values to other types if specified.
             * @function toObject
             * @memberof flare.v1.Escalation
             * @static
             * @param {flare.v1.Escalation} message Escalation
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Escalation.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.escalationId = "";
                    object.incidentId = "";
                    object.incidentNumber = "";
                    object.zoneId = "";
                    object.priority = 0;
                    object.reason = "";
                    object.location = null;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.atMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.atMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.escalationId != null && $Object.hasOwnProperty.call(message, "escalationId"))
                    object.escalationId = message.escalationId;
                if (message.incidentId != null && $Object.hasOwnProperty.call(message, "incidentId"))
                    object.incidentId = message.incidentId;
                if (message.incidentNumber != null && $Object.hasOwnProperty.call(message, "incidentNumber"))
                    object.incidentNumber = message.incidentNumber;
                if (message.zoneId != null && $Object.hasOwnProperty.call(message, "zoneId"))
                    object.zoneId = message.zoneId;
                if (message.priority != null && $Object.hasOwnProperty.call(message, "priority"))
                    object.priority = message.priority;
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                if (message.location != null && $Object.hasOwnProperty.call(message, "location"))
                    object.location = $root.flare.v1.Location.toObject(message.location, options, _depth + 1);
                if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.atMs = typeof message.atMs === "number" ? $BigInt(message.atMs) : $util.Long.fromBits(message.atMs.low >>> 0, message.atMs.high >>> 0, true).toBigInt();
                    else if (typeof message.atMs === "number")
                        object.atMs = options.longs === $String ? $String(message.atMs) : message.atMs;
                    else
                        object.atMs = options.longs === $String ? $util.Long.prototype.toString.call(message.atMs) : options.longs === $Number ? new $util.LongBits(message.atMs.low >>> 0, message.atMs.high >>> 0).toNumber(true) : message.atMs;
                return object;
            };

            /**
             * Converts this Escalation to JSON.
             * @function toJSON
             * @memberof flare.v1.Escalation
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Escalation.prototype.toJSON = function() {
                return Escalation.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Escalation
             * @function getTypeUrl
             * @memberof flare.v1.Escalation
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Escalation.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/flare.v1.Escalation";
            };

            return Escalation;
        })();

        return v1;
    })();

    return flare;
})();

export {
  $root as default
};

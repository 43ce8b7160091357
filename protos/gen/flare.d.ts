import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace flare. */
export namespace flare {

    /** Namespace v1. */
    namespace v1 {

        /** AlertKind enum. */
        enum AlertKind {

            /** ALERT_KIND_UNSPECIFIED value */
            ALERT_KIND_UNSPECIFIED = 0,

            /** PANIC value */
            PANIC = 1,

            /** DURESS value */
            DURESS = 2,

            /** FALL value */
            FALL = 3,

            /** MEDICAL value */
            MEDICAL = 4,

            /** FIRE value */
            FIRE = 5,

            /** LOW_BATTERY value */
            LOW_BATTERY = 6,

            /** TAMPER value */
            TAMPER = 7,

            /** DEVICE_OFFLINE value */
            DEVICE_OFFLINE = 8,

            /** TEST value */
            TEST = 9,

            /** BURGLARY value */
            BURGLARY = 10
        }

        /** LocationSource enum. */
        enum LocationSource {

            /** LOCATION_SOURCE_UNSPECIFIED value */
            LOCATION_SOURCE_UNSPECIFIED = 0,

            /** GPS value */
            GPS = 1,

            /** WIFI value */
            WIFI = 2,

            /** CELL value */
            CELL = 3,

            /** FIXED value */
            FIXED = 4,

            /** MANUAL value */
            MANUAL = 5
        }

        /**
         * Properties of a Location.
         * @deprecated Use flare.v1.Location.$Properties instead.
         */
        interface ILocation extends flare.v1.Location.$Properties {
        }

        /** Represents a Location. */
        class Location {

            /**
             * Constructs a new Location.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.Location.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Location lat. */
            lat: number;

            /** Location lon. */
            lon: number;

            /** Location accuracyM. */
            accuracyM: number;

            /** Location source. */
            source: flare.v1.LocationSource;

            /** Location fixAtMs. */
            fixAtMs: (number|Long);

            /**
             * Creates a new Location instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Location instance
             */
            static create(properties: flare.v1.Location.$Shape): flare.v1.Location & flare.v1.Location.$Shape;
            static create(properties?: flare.v1.Location.$Properties): flare.v1.Location;

            /**
             * Encodes the specified Location message. Does not implicitly {@link flare.v1.Location.verify|verify} messages.
             * @param message Location message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.Location.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Location message, length delimited. Does not implicitly {@link flare.v1.Location.verify|verify} messages.
             * @param message Location message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.Location.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Location message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.Location & flare.v1.Location.$Shape} Location
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.Location & flare.v1.Location.$Shape;

            /**
             * Decodes a Location message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.Location & flare.v1.Location.$Shape} Location
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.Location & flare.v1.Location.$Shape;

            /**
             * Verifies a Location message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a Location message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Location
             */
            static fromObject(object: { [k: string]: any }): flare.v1.Location;

            /**
             * Creates a plain object from a Location message. Also converts values to other types if specified.
             * @param message Location
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.Location, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Location to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Location
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Location {

            /** Properties of a Location. */
            interface $Properties {

                /** Location lat */
                lat?: (number|null);

                /** Location lon */
                lon?: (number|null);

                /** Location accuracyM */
                accuracyM?: (number|null);

                /** Location source */
                source?: (flare.v1.LocationSource|null);

                /** Location fixAtMs */
                fixAtMs?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Location. */
            type $Shape = flare.v1.Location.$Properties;
        }

        /**
         * Properties of a Vitals.
         * @deprecated Use flare.v1.Vitals.$Properties instead.
         */
        interface IVitals extends flare.v1.Vitals.$Properties {
        }

        /** Represents a Vitals. */
        class Vitals {

            /**
             * Constructs a new Vitals.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.Vitals.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Vitals heartRateBpm. */
            heartRateBpm: number;

            /** Vitals spo2Pct. */
            spo2Pct: number;

            /** Vitals skinTempC. */
            skinTempC: number;

            /**
             * Creates a new Vitals instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Vitals instance
             */
            static create(properties: flare.v1.Vitals.$Shape): flare.v1.Vitals & flare.v1.Vitals.$Shape;
            static create(properties?: flare.v1.Vitals.$Properties): flare.v1.Vitals;

            /**
             * Encodes the specified Vitals message. Does not implicitly {@link flare.v1.Vitals.verify|verify} messages.
             * @param message Vitals message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.Vitals.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Vitals message, length delimited. Does not implicitly {@link flare.v1.Vitals.verify|verify} messages.
             * @param message Vitals message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.Vitals.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Vitals message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.Vitals & flare.v1.Vitals.$Shape} Vitals
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.Vitals & flare.v1.Vitals.$Shape;

            /**
             * Decodes a Vitals message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.Vitals & flare.v1.Vitals.$Shape} Vitals
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.Vitals & flare.v1.Vitals.$Shape;

            /**
             * Verifies a Vitals message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a Vitals message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Vitals
             */
            static fromObject(object: { [k: string]: any }): flare.v1.Vitals;

            /**
             * Creates a plain object from a Vitals message. Also converts values to other types if specified.
             * @param message Vitals
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.Vitals, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Vitals to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Vitals
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Vitals {

            /** Properties of a Vitals. */
            interface $Properties {

                /** Vitals heartRateBpm */
                heartRateBpm?: (number|null);

                /** Vitals spo2Pct */
                spo2Pct?: (number|null);

                /** Vitals skinTempC */
                skinTempC?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Vitals. */
            type $Shape = flare.v1.Vitals.$Properties;
        }

        /**
         * Properties of an Alert.
         * @deprecated Use flare.v1.Alert.$Properties instead.
         */
        interface IAlert extends flare.v1.Alert.$Properties {
        }

        /** Represents an Alert. */
        class Alert {

            /**
             * Constructs a new Alert.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.Alert.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Alert alertId. */
            alertId: string;

            /** Alert kind. */
            kind: flare.v1.AlertKind;

            /** Alert triggeredAtMs. */
            triggeredAtMs: (number|Long);

            /** Alert location. */
            location?: (flare.v1.Location.$Properties|null);

            /** Alert batteryPct. */
            batteryPct?: (number|null);

            /** Alert vitals. */
            vitals?: (flare.v1.Vitals.$Properties|null);

            /** Alert attributes. */
            attributes: { [k: string]: string };

            /** Alert seq. */
            seq: number;

            /**
             * Creates a new Alert instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Alert instance
             */
            static create(properties: flare.v1.Alert.$Shape): flare.v1.Alert & flare.v1.Alert.$Shape;
            static create(properties?: flare.v1.Alert.$Properties): flare.v1.Alert;

            /**
             * Encodes the specified Alert message. Does not implicitly {@link flare.v1.Alert.verify|verify} messages.
             * @param message Alert message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.Alert.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Alert message, length delimited. Does not implicitly {@link flare.v1.Alert.verify|verify} messages.
             * @param message Alert message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.Alert.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Alert message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.Alert & flare.v1.Alert.$Shape} Alert
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.Alert & flare.v1.Alert.$Shape;

            /**
             * Decodes an Alert message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.Alert & flare.v1.Alert.$Shape} Alert
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.Alert & flare.v1.Alert.$Shape;

            /**
             * Verifies an Alert message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an Alert message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Alert
             */
            static fromObject(object: { [k: string]: any }): flare.v1.Alert;

            /**
             * Creates a plain object from an Alert message. Also converts values to other types if specified.
             * @param message Alert
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.Alert, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Alert to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Alert
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Alert {

            /** Properties of an Alert. */
            interface $Properties {

                /** Alert alertId */
                alertId?: (string|null);

                /** Alert kind */
                kind?: (flare.v1.AlertKind|null);

                /** Alert triggeredAtMs */
                triggeredAtMs?: (number|Long|null);

                /** Alert location */
                location?: (flare.v1.Location.$Properties|null);

                /** Alert batteryPct */
                batteryPct?: (number|null);

                /** Alert vitals */
                vitals?: (flare.v1.Vitals.$Properties|null);

                /** Alert attributes */
                attributes?: ({ [k: string]: string }|null);

                /** Alert seq */
                seq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Alert. */
            type $Shape = flare.v1.Alert.$Properties;
        }

        /**
         * Properties of a Telemetry.
         * @deprecated Use flare.v1.Telemetry.$Properties instead.
         */
        interface ITelemetry extends flare.v1.Telemetry.$Properties {
        }

        /** Represents a Telemetry. */
        class Telemetry {

            /**
             * Constructs a new Telemetry.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.Telemetry.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Telemetry atMs. */
            atMs: (number|Long);

            /** Telemetry batteryPct. */
            batteryPct?: (number|null);

            /** Telemetry location. */
            location?: (flare.v1.Location.$Properties|null);

            /** Telemetry vitals. */
            vitals?: (flare.v1.Vitals.$Properties|null);

            /**
             * Creates a new Telemetry instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Telemetry instance
             */
            static create(properties: flare.v1.Telemetry.$Shape): flare.v1.Telemetry & flare.v1.Telemetry.$Shape;
            static create(properties?: flare.v1.Telemetry.$Properties): flare.v1.Telemetry;

            /**
             * Encodes the specified Telemetry message. Does not implicitly {@link flare.v1.Telemetry.verify|verify} messages.
             * @param message Telemetry message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.Telemetry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Telemetry message, length delimited. Does not implicitly {@link flare.v1.Telemetry.verify|verify} messages.
             * @param message Telemetry message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.Telemetry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Telemetry message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.Telemetry & flare.v1.Telemetry.$Shape} Telemetry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.Telemetry & flare.v1.Telemetry.$Shape;

            /**
             * Decodes a Telemetry message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.Telemetry & flare.v1.Telemetry.$Shape} Telemetry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.Telemetry & flare.v1.Telemetry.$Shape;

            /**
             * Verifies a Telemetry message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a Telemetry message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Telemetry
             */
            static fromObject(object: { [k: string]: any }): flare.v1.Telemetry;

            /**
             * Creates a plain object from a Telemetry message. Also converts values to other types if specified.
             * @param message Telemetry
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.Telemetry, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Telemetry to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Telemetry
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Telemetry {

            /** Properties of a Telemetry. */
            interface $Properties {

                /** Telemetry atMs */
                atMs?: (number|Long|null);

                /** Telemetry batteryPct */
                batteryPct?: (number|null);

                /** Telemetry location */
                location?: (flare.v1.Location.$Properties|null);

                /** Telemetry vitals */
                vitals?: (flare.v1.Vitals.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Telemetry. */
            type $Shape = flare.v1.Telemetry.$Properties;
        }

        /** AckStatus enum. */
        enum AckStatus {

            /** ACK_STATUS_UNSPECIFIED value */
            ACK_STATUS_UNSPECIFIED = 0,

            /** ACCEPTED value */
            ACCEPTED = 1,

            /** DUPLICATE value */
            DUPLICATE = 2,

            /** REJECTED value */
            REJECTED = 3,

            /** UPDATE value */
            UPDATE = 4
        }

        /**
         * Properties of an AlertAck.
         * @deprecated Use flare.v1.AlertAck.$Properties instead.
         */
        interface IAlertAck extends flare.v1.AlertAck.$Properties {
        }

        /** Represents an AlertAck. */
        class AlertAck {

            /**
             * Constructs a new AlertAck.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.AlertAck.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AlertAck alertId. */
            alertId: string;

            /** AlertAck status. */
            status: flare.v1.AckStatus;

            /** AlertAck incidentNumber. */
            incidentNumber: string;

            /** AlertAck reasonCode. */
            reasonCode: string;

            /** AlertAck reason. */
            reason: string;

            /** AlertAck message. */
            message: string;

            /** AlertAck responderName. */
            responderName: string;

            /** AlertAck etaS. */
            etaS: number;

            /**
             * Creates a new AlertAck instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AlertAck instance
             */
            static create(properties: flare.v1.AlertAck.$Shape): flare.v1.AlertAck & flare.v1.AlertAck.$Shape;
            static create(properties?: flare.v1.AlertAck.$Properties): flare.v1.AlertAck;

            /**
             * Encodes the specified AlertAck message. Does not implicitly {@link flare.v1.AlertAck.verify|verify} messages.
             * @param message AlertAck message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.AlertAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified AlertAck message, length delimited. Does not implicitly {@link flare.v1.AlertAck.verify|verify} messages.
             * @param message AlertAck message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.AlertAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AlertAck message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.AlertAck & flare.v1.AlertAck.$Shape} AlertAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.AlertAck & flare.v1.AlertAck.$Shape;

            /**
             * Decodes an AlertAck message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.AlertAck & flare.v1.AlertAck.$Shape} AlertAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.AlertAck & flare.v1.AlertAck.$Shape;

            /**
             * Verifies an AlertAck message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an AlertAck message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns AlertAck
             */
            static fromObject(object: { [k: string]: any }): flare.v1.AlertAck;

            /**
             * Creates a plain object from an AlertAck message. Also converts values to other types if specified.
             * @param message AlertAck
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.AlertAck, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this AlertAck to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for AlertAck
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AlertAck {

            /** Properties of an AlertAck. */
            interface $Properties {

                /** AlertAck alertId */
                alertId?: (string|null);

                /** AlertAck status */
                status?: (flare.v1.AckStatus|null);

                /** AlertAck incidentNumber */
                incidentNumber?: (string|null);

                /** AlertAck reasonCode */
                reasonCode?: (string|null);

                /** AlertAck reason */
                reason?: (string|null);

                /** AlertAck message */
                message?: (string|null);

                /** AlertAck responderName */
                responderName?: (string|null);

                /** AlertAck etaS */
                etaS?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AlertAck. */
            type $Shape = flare.v1.AlertAck.$Properties;
        }

        /**
         * Properties of a MedicalProfile.
         * @deprecated Use flare.v1.MedicalProfile.$Properties instead.
         */
        interface IMedicalProfile extends flare.v1.MedicalProfile.$Properties {
        }

        /** Represents a MedicalProfile. */
        class MedicalProfile {

            /**
             * Constructs a new MedicalProfile.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.MedicalProfile.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MedicalProfile conditions. */
            conditions: string[];

            /** MedicalProfile medication. */
            medication: string[];

            /** MedicalProfile allergies. */
            allergies: string[];

            /** MedicalProfile bloodType. */
            bloodType: string;

            /** MedicalProfile notes. */
            notes: string;

            /**
             * Creates a new MedicalProfile instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MedicalProfile instance
             */
            static create(properties: flare.v1.MedicalProfile.$Shape): flare.v1.MedicalProfile & flare.v1.MedicalProfile.$Shape;
            static create(properties?: flare.v1.MedicalProfile.$Properties): flare.v1.MedicalProfile;

            /**
             * Encodes the specified MedicalProfile message. Does not implicitly {@link flare.v1.MedicalProfile.verify|verify} messages.
             * @param message MedicalProfile message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.MedicalProfile.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified MedicalProfile message, length delimited. Does not implicitly {@link flare.v1.MedicalProfile.verify|verify} messages.
             * @param message MedicalProfile message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.MedicalProfile.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MedicalProfile message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.MedicalProfile & flare.v1.MedicalProfile.$Shape} MedicalProfile
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.MedicalProfile & flare.v1.MedicalProfile.$Shape;

            /**
             * Decodes a MedicalProfile message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.MedicalProfile & flare.v1.MedicalProfile.$Shape} MedicalProfile
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.MedicalProfile & flare.v1.MedicalProfile.$Shape;

            /**
             * Verifies a MedicalProfile message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a MedicalProfile message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns MedicalProfile
             */
            static fromObject(object: { [k: string]: any }): flare.v1.MedicalProfile;

            /**
             * Creates a plain object from a MedicalProfile message. Also converts values to other types if specified.
             * @param message MedicalProfile
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.MedicalProfile, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this MedicalProfile to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for MedicalProfile
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MedicalProfile {

            /** Properties of a MedicalProfile. */
            interface $Properties {

                /** MedicalProfile conditions */
                conditions?: (string[]|null);

                /** MedicalProfile medication */
                medication?: (string[]|null);

                /** MedicalProfile allergies */
                allergies?: (string[]|null);

                /** MedicalProfile bloodType */
                bloodType?: (string|null);

                /** MedicalProfile notes */
                notes?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MedicalProfile. */
            type $Shape = flare.v1.MedicalProfile.$Properties;
        }

        /**
         * Properties of a DispatchOffer.
         * @deprecated Use flare.v1.DispatchOffer.$Properties instead.
         */
        interface IDispatchOffer extends flare.v1.DispatchOffer.$Properties {
        }

        /** Represents a DispatchOffer. */
        class DispatchOffer {

            /**
             * Constructs a new DispatchOffer.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.DispatchOffer.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DispatchOffer offerId. */
            offerId: string;

            /** DispatchOffer incidentId. */
            incidentId: string;

            /** DispatchOffer incidentNumber. */
            incidentNumber: string;

            /** DispatchOffer kind. */
            kind: flare.v1.AlertKind;

            /** DispatchOffer category. */
            category: string;

            /** DispatchOffer priority. */
            priority: number;

            /** DispatchOffer location. */
            location?: (flare.v1.Location.$Properties|null);

            /** DispatchOffer expiresAtMs. */
            expiresAtMs: (number|Long);

            /** DispatchOffer triggeredAtMs. */
            triggeredAtMs: (number|Long);

            /** DispatchOffer deviceId. */
            deviceId: string;

            /** DispatchOffer zoneId. */
            zoneId: string;

            /** DispatchOffer personName. */
            personName: string;

            /** DispatchOffer medical. */
            medical?: (flare.v1.MedicalProfile.$Properties|null);

            /** DispatchOffer attempt. */
            attempt: number;

            /**
             * Creates a new DispatchOffer instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DispatchOffer instance
             */
            static create(properties: flare.v1.DispatchOffer.$Shape): flare.v1.DispatchOffer & flare.v1.DispatchOffer.$Shape;
            static create(properties?: flare.v1.DispatchOffer.$Properties): flare.v1.DispatchOffer;

            /**
             * Encodes the specified DispatchOffer message. Does not implicitly {@link flare.v1.DispatchOffer.verify|verify} messages.
             * @param message DispatchOffer message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.DispatchOffer.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified DispatchOffer message, length delimited. Does not implicitly {@link flare.v1.DispatchOffer.verify|verify} messages.
             * @param message DispatchOffer message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.DispatchOffer.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DispatchOffer message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.DispatchOffer & flare.v1.DispatchOffer.$Shape} DispatchOffer
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.DispatchOffer & flare.v1.DispatchOffer.$Shape;

            /**
             * Decodes a DispatchOffer message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.DispatchOffer & flare.v1.DispatchOffer.$Shape} DispatchOffer
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.DispatchOffer & flare.v1.DispatchOffer.$Shape;

            /**
             * Verifies a DispatchOffer message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a DispatchOffer message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns DispatchOffer
             */
            static fromObject(object: { [k: string]: any }): flare.v1.DispatchOffer;

            /**
             * Creates a plain object from a DispatchOffer message. Also converts values to other types if specified.
             * @param message DispatchOffer
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.DispatchOffer, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this DispatchOffer to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for DispatchOffer
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace DispatchOffer {

            /** Properties of a DispatchOffer. */
            interface $Properties {

                /** DispatchOffer offerId */
                offerId?: (string|null);

                /** DispatchOffer incidentId */
                incidentId?: (string|null);

                /** DispatchOffer incidentNumber */
                incidentNumber?: (string|null);

                /** DispatchOffer kind */
                kind?: (flare.v1.AlertKind|null);

                /** DispatchOffer category */
                category?: (string|null);

                /** DispatchOffer priority */
                priority?: (number|null);

                /** DispatchOffer location */
                location?: (flare.v1.Location.$Properties|null);

                /** DispatchOffer expiresAtMs */
                expiresAtMs?: (number|Long|null);

                /** DispatchOffer triggeredAtMs */
                triggeredAtMs?: (number|Long|null);

                /** DispatchOffer deviceId */
                deviceId?: (string|null);

                /** DispatchOffer zoneId */
                zoneId?: (string|null);

                /** DispatchOffer personName */
                personName?: (string|null);

                /** DispatchOffer medical */
                medical?: (flare.v1.MedicalProfile.$Properties|null);

                /** DispatchOffer attempt */
                attempt?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a DispatchOffer. */
            type $Shape = flare.v1.DispatchOffer.$Properties;
        }

        /**
         * Properties of an OfferWithdrawn.
         * @deprecated Use flare.v1.OfferWithdrawn.$Properties instead.
         */
        interface IOfferWithdrawn extends flare.v1.OfferWithdrawn.$Properties {
        }

        /** Represents an OfferWithdrawn. */
        class OfferWithdrawn {

            /**
             * Constructs a new OfferWithdrawn.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.OfferWithdrawn.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** OfferWithdrawn offerId. */
            offerId: string;

            /** OfferWithdrawn incidentId. */
            incidentId: string;

            /** OfferWithdrawn reason. */
            reason: string;

            /**
             * Creates a new OfferWithdrawn instance using the specified properties.
             * @param [properties] Properties to set
             * @returns OfferWithdrawn instance
             */
            static create(properties: flare.v1.OfferWithdrawn.$Shape): flare.v1.OfferWithdrawn & flare.v1.OfferWithdrawn.$Shape;
            static create(properties?: flare.v1.OfferWithdrawn.$Properties): flare.v1.OfferWithdrawn;

            /**
             * Encodes the specified OfferWithdrawn message. Does not implicitly {@link flare.v1.OfferWithdrawn.verify|verify} messages.
             * @param message OfferWithdrawn message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.OfferWithdrawn.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified OfferWithdrawn message, length delimited. Does not implicitly {@link flare.v1.OfferWithdrawn.verify|verify} messages.
             * @param message OfferWithdrawn message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.OfferWithdrawn.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an OfferWithdrawn message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.OfferWithdrawn & flare.v1.OfferWithdrawn.$Shape} OfferWithdrawn
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.OfferWithdrawn & flare.v1.OfferWithdrawn.$Shape;

            /**
             * Decodes an OfferWithdrawn message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.OfferWithdrawn & flare.v1.OfferWithdrawn.$Shape} OfferWithdrawn
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.OfferWithdrawn & flare.v1.OfferWithdrawn.$Shape;

            /**
             * Verifies an OfferWithdrawn message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an OfferWithdrawn message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns OfferWithdrawn
             */
            static fromObject(object: { [k: string]: any }): flare.v1.OfferWithdrawn;

            /**
             * Creates a plain object from an OfferWithdrawn message. Also converts values to other types if specified.
             * @param message OfferWithdrawn
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.OfferWithdrawn, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this OfferWithdrawn to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for OfferWithdrawn
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace OfferWithdrawn {

            /** Properties of an OfferWithdrawn. */
            interface $Properties {

                /** OfferWithdrawn offerId */
                offerId?: (string|null);

                /** OfferWithdrawn incidentId */
                incidentId?: (string|null);

                /** OfferWithdrawn reason */
                reason?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an OfferWithdrawn. */
            type $Shape = flare.v1.OfferWithdrawn.$Properties;
        }

        /** ReplyAction enum. */
        enum ReplyAction {

            /** REPLY_ACTION_UNSPECIFIED value */
            REPLY_ACTION_UNSPECIFIED = 0,

            /** ACCEPT value */
            ACCEPT = 1,

            /** DECLINE value */
            DECLINE = 2,

            /** EN_ROUTE value */
            EN_ROUTE = 3,

            /** ON_SCENE value */
            ON_SCENE = 4,

            /** RESOLVED value */
            RESOLVED = 5
        }

        /**
         * Properties of a ResponderReply.
         * @deprecated Use flare.v1.ResponderReply.$Properties instead.
         */
        interface IResponderReply extends flare.v1.ResponderReply.$Properties {
        }

        /** Represents a ResponderReply. */
        class ResponderReply {

            /**
             * Constructs a new ResponderReply.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.ResponderReply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ResponderReply replyId. */
            replyId: string;

            /** ResponderReply action. */
            action: flare.v1.ReplyAction;

            /** ResponderReply offerId. */
            offerId: string;

            /** ResponderReply incidentId. */
            incidentId: string;

            /** ResponderReply reason. */
            reason: string;

            /** ResponderReply etaS. */
            etaS: number;

            /** ResponderReply sentAtMs. */
            sentAtMs: (number|Long);

            /**
             * Creates a new ResponderReply instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ResponderReply instance
             */
            static create(properties: flare.v1.ResponderReply.$Shape): flare.v1.ResponderReply & flare.v1.ResponderReply.$Shape;
            static create(properties?: flare.v1.ResponderReply.$Properties): flare.v1.ResponderReply;

            /**
             * Encodes the specified ResponderReply message. Does not implicitly {@link flare.v1.ResponderReply.verify|verify} messages.
             * @param message ResponderReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.ResponderReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified ResponderReply message, length delimited. Does not implicitly {@link flare.v1.ResponderReply.verify|verify} messages.
             * @param message ResponderReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.ResponderReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ResponderReply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.ResponderReply & flare.v1.ResponderReply.$Shape} ResponderReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.ResponderReply & flare.v1.ResponderReply.$Shape;

            /**
             * Decodes a ResponderReply message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.ResponderReply & flare.v1.ResponderReply.$Shape} ResponderReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.ResponderReply & flare.v1.ResponderReply.$Shape;

            /**
             * Verifies a ResponderReply message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a ResponderReply message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ResponderReply
             */
            static fromObject(object: { [k: string]: any }): flare.v1.ResponderReply;

            /**
             * Creates a plain object from a ResponderReply message. Also converts values to other types if specified.
             * @param message ResponderReply
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.ResponderReply, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ResponderReply to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for ResponderReply
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ResponderReply {

            /** Properties of a ResponderReply. */
            interface $Properties {

                /** ResponderReply replyId */
                replyId?: (string|null);

                /** ResponderReply action */
                action?: (flare.v1.ReplyAction|null);

                /** ResponderReply offerId */
                offerId?: (string|null);

                /** ResponderReply incidentId */
                incidentId?: (string|null);

                /** ResponderReply reason */
                reason?: (string|null);

                /** ResponderReply etaS */
                etaS?: (number|null);

                /** ResponderReply sentAtMs */
                sentAtMs?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ResponderReply. */
            type $Shape = flare.v1.ResponderReply.$Properties;
        }

        /**
         * Properties of a ReplyResult.
         * @deprecated Use flare.v1.ReplyResult.$Properties instead.
         */
        interface IReplyResult extends flare.v1.ReplyResult.$Properties {
        }

        /** Represents a ReplyResult. */
        class ReplyResult {

            /**
             * Constructs a new ReplyResult.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.ReplyResult.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ReplyResult replyId. */
            replyId: string;

            /** ReplyResult offerId. */
            offerId: string;

            /** ReplyResult incidentId. */
            incidentId: string;

            /** ReplyResult ok. */
            ok: boolean;

            /** ReplyResult reason. */
            reason: string;

            /** ReplyResult allowedNext. */
            allowedNext: string[];

            /**
             * Creates a new ReplyResult instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ReplyResult instance
             */
            static create(properties: flare.v1.ReplyResult.$Shape): flare.v1.ReplyResult & flare.v1.ReplyResult.$Shape;
            static create(properties?: flare.v1.ReplyResult.$Properties): flare.v1.ReplyResult;

            /**
             * Encodes the specified ReplyResult message. Does not implicitly {@link flare.v1.ReplyResult.verify|verify} messages.
             * @param message ReplyResult message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.ReplyResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified ReplyResult message, length delimited. Does not implicitly {@link flare.v1.ReplyResult.verify|verify} messages.
             * @param message ReplyResult message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.ReplyResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ReplyResult message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.ReplyResult & flare.v1.ReplyResult.$Shape} ReplyResult
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.ReplyResult & flare.v1.ReplyResult.$Shape;

            /**
             * Decodes a ReplyResult message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.ReplyResult & flare.v1.ReplyResult.$Shape} ReplyResult
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.ReplyResult & flare.v1.ReplyResult.$Shape;

            /**
             * Verifies a ReplyResult message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a ReplyResult message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ReplyResult
             */
            static fromObject(object: { [k: string]: any }): flare.v1.ReplyResult;

            /**
             * Creates a plain object from a ReplyResult message. Also converts values to other types if specified.
             * @param message ReplyResult
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.ReplyResult, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ReplyResult to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for ReplyResult
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ReplyResult {

            /** Properties of a ReplyResult. */
            interface $Properties {

                /** ReplyResult replyId */
                replyId?: (string|null);

                /** ReplyResult offerId */
                offerId?: (string|null);

                /** ReplyResult incidentId */
                incidentId?: (string|null);

                /** ReplyResult ok */
                ok?: (boolean|null);

                /** ReplyResult reason */
                reason?: (string|null);

                /** ReplyResult allowedNext */
                allowedNext?: (string[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ReplyResult. */
            type $Shape = flare.v1.ReplyResult.$Properties;
        }

        /**
         * Properties of a DispatchMessage.
         * @deprecated Use flare.v1.DispatchMessage.$Properties instead.
         */
        interface IDispatchMessage extends flare.v1.DispatchMessage.$Properties {
        }

        /** Represents a DispatchMessage. */
        class DispatchMessage {

            /**
             * Constructs a new DispatchMessage.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.DispatchMessage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DispatchMessage offer. */
            offer?: (flare.v1.DispatchOffer.$Properties|null);

            /** DispatchMessage withdrawn. */
            withdrawn?: (flare.v1.OfferWithdrawn.$Properties|null);

            /** DispatchMessage result. */
            result?: (flare.v1.ReplyResult.$Properties|null);

            /** DispatchMessage body. */
            body?: ("offer"|"withdrawn"|"result");

            /**
             * Creates a new DispatchMessage instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DispatchMessage instance
             */
            static create(properties: flare.v1.DispatchMessage.$Shape): flare.v1.DispatchMessage & flare.v1.DispatchMessage.$Shape;
            static create(properties?: flare.v1.DispatchMessage.$Properties): flare.v1.DispatchMessage;

            /**
             * Encodes the specified DispatchMessage message. Does not implicitly {@link flare.v1.DispatchMessage.verify|verify} messages.
             * @param message DispatchMessage message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.DispatchMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified DispatchMessage message, length delimited. Does not implicitly {@link flare.v1.DispatchMessage.verify|verify} messages.
             * @param message DispatchMessage message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.DispatchMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DispatchMessage message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.DispatchMessage & flare.v1.DispatchMessage.$Shape} DispatchMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.DispatchMessage & flare.v1.DispatchMessage.$Shape;

            /**
             * Decodes a DispatchMessage message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.DispatchMessage & flare.v1.DispatchMessage.$Shape} DispatchMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.DispatchMessage & flare.v1.DispatchMessage.$Shape;

            /**
             * Verifies a DispatchMessage message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a DispatchMessage message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns DispatchMessage
             */
            static fromObject(object: { [k: string]: any }): flare.v1.DispatchMessage;

            /**
             * Creates a plain object from a DispatchMessage message. Also converts values to other types if specified.
             * @param message DispatchMessage
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.DispatchMessage, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this DispatchMessage to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for DispatchMessage
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace DispatchMessage {

            /** Properties of a DispatchMessage. */
            interface $Properties {

                /** DispatchMessage offer */
                offer?: (flare.v1.DispatchOffer.$Properties|null);

                /** DispatchMessage withdrawn */
                withdrawn?: (flare.v1.OfferWithdrawn.$Properties|null);

                /** DispatchMessage result */
                result?: (flare.v1.ReplyResult.$Properties|null);

                /** DispatchMessage body */
                body?: ("offer"|"withdrawn"|"result");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a DispatchMessage. */
            type $Shape = {
              offer?: flare.v1.DispatchOffer.$Shape|null;
              withdrawn?: flare.v1.OfferWithdrawn.$Shape|null;
              result?: flare.v1.ReplyResult.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; offer?: null; withdrawn?: null; result?: null }|{ body?: "offer"; offer: flare.v1.DispatchOffer.$Shape; withdrawn?: null; result?: null }|{ body?: "withdrawn"; offer?: null; withdrawn: flare.v1.OfferWithdrawn.$Shape; result?: null }|{ body?: "result"; offer?: null; withdrawn?: null; result: flare.v1.ReplyResult.$Shape })
            );
        }

        /**
         * Properties of a ContactNotice.
         * @deprecated Use flare.v1.ContactNotice.$Properties instead.
         */
        interface IContactNotice extends flare.v1.ContactNotice.$Properties {
        }

        /** Represents a ContactNotice. */
        class ContactNotice {

            /**
             * Constructs a new ContactNotice.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.ContactNotice.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ContactNotice noticeId. */
            noticeId: string;

            /** ContactNotice incidentNumber. */
            incidentNumber: string;

            /** ContactNotice language. */
            language: string;

            /** ContactNotice text. */
            text: string;

            /** ContactNotice kind. */
            kind: flare.v1.AlertKind;

            /** ContactNotice location. */
            location?: (flare.v1.Location.$Properties|null);

            /** ContactNotice atMs. */
            atMs: (number|Long);

            /**
             * Creates a new ContactNotice instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ContactNotice instance
             */
            static create(properties: flare.v1.ContactNotice.$Shape): flare.v1.ContactNotice & flare.v1.ContactNotice.$Shape;
            static create(properties?: flare.v1.ContactNotice.$Properties): flare.v1.ContactNotice;

            /**
             * Encodes the specified ContactNotice message. Does not implicitly {@link flare.v1.ContactNotice.verify|verify} messages.
             * @param message ContactNotice message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.ContactNotice.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified ContactNotice message, length delimited. Does not implicitly {@link flare.v1.ContactNotice.verify|verify} messages.
             * @param message ContactNotice message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.ContactNotice.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ContactNotice message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.ContactNotice & flare.v1.ContactNotice.$Shape} ContactNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.ContactNotice & flare.v1.ContactNotice.$Shape;

            /**
             * Decodes a ContactNotice message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.ContactNotice & flare.v1.ContactNotice.$Shape} ContactNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.ContactNotice & flare.v1.ContactNotice.$Shape;

            /**
             * Verifies a ContactNotice message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a ContactNotice message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ContactNotice
             */
            static fromObject(object: { [k: string]: any }): flare.v1.ContactNotice;

            /**
             * Creates a plain object from a ContactNotice message. Also converts values to other types if specified.
             * @param message ContactNotice
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.ContactNotice, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ContactNotice to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for ContactNotice
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ContactNotice {

            /** Properties of a ContactNotice. */
            interface $Properties {

                /** ContactNotice noticeId */
                noticeId?: (string|null);

                /** ContactNotice incidentNumber */
                incidentNumber?: (string|null);

                /** ContactNotice language */
                language?: (string|null);

                /** ContactNotice text */
                text?: (string|null);

                /** ContactNotice kind */
                kind?: (flare.v1.AlertKind|null);

                /** ContactNotice location */
                location?: (flare.v1.Location.$Properties|null);

                /** ContactNotice atMs */
                atMs?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ContactNotice. */
            type $Shape = flare.v1.ContactNotice.$Properties;
        }

        /**
         * Properties of an Escalation.
         * @deprecated Use flare.v1.Escalation.$Properties instead.
         */
        interface IEscalation extends flare.v1.Escalation.$Properties {
        }

        /** Represents an Escalation. */
        class Escalation {

            /**
             * Constructs a new Escalation.
             * @param [properties] Properties to set
             */
            constructor(properties?: flare.v1.Escalation.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Escalation escalationId. */
            escalationId: string;

            /** Escalation incidentId. */
            incidentId: string;

            /** Escalation incidentNumber. */
            incidentNumber: string;

            /** Escalation zoneId. */
            zoneId: string;

            /** Escalation priority. */
            priority: number;

            /** Escalation reason. */
            reason: string;

            /** Escalation location. */
            location?: (flare.v1.Location.$Properties|null);

            /** Escalation atMs. */
            atMs: (number|Long);

            /**
             * Creates a new Escalation instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Escalation instance
             */
            static create(properties: flare.v1.Escalation.$Shape): flare.v1.Escalation & flare.v1.Escalation.$Shape;
            static create(properties?: flare.v1.Escalation.$Properties): flare.v1.Escalation;

            /**
             * Encodes the specified Escalation message. Does not implicitly {@link flare.v1.Escalation.verify|verify} messages.
             * @param message Escalation message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: flare.v1.Escalation.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Escalation message, length delimited. Does not implicitly {@link flare.v1.Escalation.verify|verify} messages.
             * @param message Escalation message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: flare.v1.Escalation.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Escalation message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {flare.v1.Escalation & flare.v1.Escalation.$Shape} Escalation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): flare.v1.Escalation & flare.v1.Escalation.$Shape;

            /**
             * Decodes an Escalation message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {flare.v1.Escalation & flare.v1.Escalation.$Shape} Escalation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): flare.v1.Escalation & flare.v1.Escalation.$Shape;

            /**
             * Verifies an Escalation message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an Escalation message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Escalation
             */
            static fromObject(object: { [k: string]: any }): flare.v1.Escalation;

            /**
             * Creates a plain object from an Escalation message. Also converts values to other types if specified.
             * @param message Escalation
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: flare.v1.Escalation, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Escalation to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Escalation
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Escalation {

            /** Properties of an Escalation. */
            interface $Properties {

                /** Escalation escalationId */
                escalationId?: (string|null);

                /** Escalation incidentId */
                incidentId?: (string|null);

                /** Escalation incidentNumber */
                incidentNumber?: (string|null);

                /** Escalation zoneId */
                zoneId?: (string|null);

                /** Escalation priority */
                priority?: (number|null);

                /** Escalation reason */
                reason?: (string|null);

                /** Escalation location */
                location?: (flare.v1.Location.$Properties|null);

                /** Escalation atMs */
                atMs?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Escalation. */
            type $Shape = flare.v1.Escalation.$Properties;
        }
    }
}

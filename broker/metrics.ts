import { Counter, Gauge, type Registry } from 'prom-client'

/** Broker-side Prometheus metrics, registered into the registry the app owns. */
export class BrokerMetrics {
  readonly connected: Gauge<'kind'>
  readonly authFailures: Counter<'reason'>
  readonly aclDenials: Counter<'action' | 'kind'>
  readonly clientErrors: Counter
  readonly throttled: Counter
  readonly packetTooLarge: Counter<'transport'>
  readonly connectRateLimited: Counter

  constructor (registry: Registry) {
    this.connected = new Gauge({ name: 'flare_mqtt_connected_clients', help: 'Connected MQTT clients by principal kind', labelNames: ['kind'], registers: [registry] })
    for (const kind of ['device', 'responder', 'contact', 'anonymous']) this.connected.set({ kind }, 0)
    this.authFailures = new Counter({ name: 'flare_mqtt_auth_failures_total', help: 'Refused MQTT CONNECTs by reason', labelNames: ['reason'], registers: [registry] })
    this.aclDenials = new Counter({ name: 'flare_mqtt_acl_denials_total', help: 'PUBLISH and SUBSCRIBE refused by the topic ACL', labelNames: ['action', 'kind'], registers: [registry] })
    this.throttled = new Counter({ name: 'flare_mqtt_throttled_total', help: 'Publishes held back because a client exceeded its inflow limit', registers: [registry] })
    this.packetTooLarge = new Counter({ name: 'flare_mqtt_packet_too_large_total', help: 'Connections closed for an MQTT packet over MQTT_MAX_PACKET_BYTES', labelNames: ['transport'], registers: [registry] })
    this.connectRateLimited = new Counter({ name: 'flare_mqtt_connect_rate_limited_total', help: 'CONNECTs refused because their address exceeded MQTT_CONNECT_RATE_PER_ADDRESS', registers: [registry] })
    this.clientErrors = new Counter({ name: 'flare_mqtt_client_errors_total', help: 'MQTT client errors (protocol errors, timeouts, resets)', registers: [registry] })
  }
}

/** Helpers shared by the bridge tests: an application behind a bridge, in-process or on a socket. */
import { commissionSpace, decommissionSpace, Kernel, StandardSpace } from '../../../kernel/index.ts';
import { HttpTransportEndpoint } from '../transport-endpoint.ts';
import { HttpBridge, type HttpBridgeOptions } from './http-bridge.ts';
import { TestClient } from './test-client.ts';

/** A kernel, an application space, a fulcrum with a bridge around the application, and a client. */
export function bridged(options: Omit<HttpBridgeOptions, 'space'> = {}, kernel = new Kernel()) {
  const app = new StandardSpace('urn:test:app');
  const fulcrum = new StandardSpace('urn:test:fulcrum');
  const bridge = new HttpBridge({ space: app, ...options });
  fulcrum.mount(bridge);
  const client = new TestClient(kernel, fulcrum);
  return { kernel, app, fulcrum, bridge, client };
}

const running: { kernel: Kernel; fulcrum: StandardSpace }[] = [];

/** The same, served on a real loopback socket (port 0); `stopServers` in afterEach closes it. */
export async function served(options: Omit<HttpBridgeOptions, 'space'> = {}) {
  const setup = bridged(options);
  const transport = new HttpTransportEndpoint({ port: 0, host: '127.0.0.1', graceMs: 0, limits: { responseTimeout: 5_000 } });
  setup.fulcrum.mount(transport);
  await commissionSpace(setup.kernel, setup.fulcrum);
  running.push(setup);
  return { ...setup, origin: transport.address!.origin };
}

export async function stopServers(): Promise<void> {
  for (const { kernel, fulcrum } of running.splice(0)) await decommissionSpace(kernel, fulcrum);
}

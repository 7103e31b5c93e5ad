import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { REST_BASE_PATH } from "../client/signing";
import { createEmulator } from "./app";
import { checkBindHost } from "./exposure";
import type { EmulatorOptions, RunningEmulator } from "./types";

/**
 * Starts the emulator on a real socket (127.0.0.1, any free port by default). Tests, demos and
 * the `lm-emulator` CLI all start it this way. A host that is not loopback is refused unless
 * `allowRemote` is set, and then warned about on stderr.
 *
 * @example
 * const emulator = await startEmulator();
 * // point a client at emulator.baseUrl with emulator.accessId / emulator.accessKey
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = "127.0.0.1", allowRemote = false, ...rest } = options;
  const { warning } = checkBindHost(host, allowRemote, rest.controlToken !== undefined);
  const app = createEmulator(rest);
  await app.flush();
  const server = createServer(app.listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  if (warning) process.emitWarning(warning, { code: "LM_EMULATOR_REMOTE" });
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    baseUrl: url + REST_BASE_PATH,
    port: bound,
    accessId: app.accessId,
    accessKey: app.accessKey,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        app.stop();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }).then(() => app.flush());
      return closing;
    },
  };
}

import type * as grpcTypes from "@grpc/grpc-js";
import type { LogRequest } from "@pulumi/pulumi/proto/engine_pb";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { EngineLog, type LogSeverity } from "../../../provider/plugin/engine-log";
import { servePlugin, type RunningPlugin } from "../../../provider/plugin/serve";
import { emptyProto, engineGrpc, engineProto, grpc } from "../../../provider/plugin/wire";
import { control } from "../../helpers/control";
import { pluginClient } from "../../helpers/plugin-client";

/**
 * The plugin face's reports reach the engine's log service against the URN of the request that
 * made them, before that request is answered: a warning for a deletion, info for a rate-limit
 * wait. The "engine" is a real gRPC server speaking `pulumirpc.Engine`; the plugin runs over a
 * real socket against the emulator, on a virtual clock (sleeps return at once).
 */

const URN = (name: string) => `urn:pulumi:dev::proj::logicmonitor:index:ApiToken::${name}`;
const INPUTS = { adminId: 32, note: "heard" };

interface Logged {
  severity: string;
  message: string;
  urn: string;
}

/** A gRPC server implementing only `Engine.Log`, recording what it receives. */
async function startFakeEngine(): Promise<{ address: string; logged: Logged[]; close: () => Promise<void> }> {
  const logged: Logged[] = [];
  const severities = Object.entries(engineProto.LogSeverity);
  const server = new grpc.Server();
  server.addService(engineGrpc.EngineService, {
    log: (call: grpcTypes.ServerUnaryCall<LogRequest, unknown>, callback: grpcTypes.sendUnaryData<unknown>) => {
      const request = call.request;
      logged.push({
        severity: severities.find(([, value]) => value === request.getSeverity())?.[0] ?? "?",
        message: request.getMessage(),
        urn: request.getUrn(),
      });
      callback(null, new emptyProto.Empty());
    },
  } as grpcTypes.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { address: `127.0.0.1:${port}`, logged, close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}

let emulator: RunningEmulator;
let portal: ReturnType<typeof control>;
let engine: Awaited<ReturnType<typeof startFakeEngine>>;
let plugin: RunningPlugin;
let client: ReturnType<typeof pluginClient>;

beforeAll(async () => {
  emulator = await startEmulator();
  portal = control(emulator.url);
  engine = await startFakeEngine();
  let time = Date.now();
  plugin = await servePlugin({
    engineAddress: engine.address,
    providerOptions: {
      env: () => ({}),
      client: {
        now: () => time,
        sleep: async (ms) => {
          time += ms;
        },
      },
    },
  });
  client = pluginClient(plugin.port);
  await client.configure({
    "logicmonitor:config:baseUrl": emulator.baseUrl,
    "logicmonitor:config:accessId": emulator.accessId,
    "logicmonitor:config:accessKey": emulator.accessKey,
  });
});
afterAll(async () => {
  client.close();
  await plugin.close();
  await engine.close();
  await emulator.close();
});
beforeEach(() => {
  engine.logged.length = 0;
});

describe("the plugin face reports to the engine's log", () => {
  it("a deletion: a warning against the resource's URN, received before the create is answered", async () => {
    await portal.faults([{ method: "POST", action: "drop-after-commit" }]);
    await client.create(URN("lost"), INPUTS);
    const lostId = (await portal.requests()).find((r) => r.fault === "drop-after-commit")?.tokenId;
    expect(lostId).toEqual(expect.any(Number));
    expect(engine.logged).toEqual([
      { severity: "WARNING", urn: URN("lost"), message: expect.stringMatching(new RegExp(`/lost: deleted token ${lostId} of admin 32, made by a create whose answer was lost`)) },
    ]);
  });

  it("a rate-limit wait: info against the resource's URN", async () => {
    await portal.faults([{ method: "POST", status: 429, headers: { "X-Rate-Limit-Window": "20" } }]);
    await client.create(URN("slow"), INPUTS);
    expect(engine.logged).toEqual([
      { severity: "INFO", urn: URN("slow"), message: expect.stringMatching(/^waiting 20 s for LogicMonitor's rate limit on POST \/setting\/admins\/\{adminId\}\/apitokens \(LogicMonitor answered 429/) },
    ]);
  });

  it("concurrent requests: each report carries the URN of the request that made it", async () => {
    await portal.faults([{ method: "POST", action: "drop-after-commit", count: 2 }]);
    await Promise.all([client.create(URN("first"), INPUTS), client.create(URN("second"), INPUTS)]);
    expect(engine.logged).toHaveLength(2);
    for (const entry of engine.logged) {
      const name = /\/(first|second): deleted token \d+/.exec(entry.message)?.[1];
      expect(name).toBeDefined();
      expect(entry).toMatchObject({ severity: "WARNING", urn: URN(name!) });
    }
  });
});

describe("without an engine to take them, messages go to stderr", () => {
  async function fallbacks(address: string | undefined): Promise<[LogSeverity, string][]> {
    const seen: [LogSeverity, string][] = [];
    const log = new EngineLog(address, { fallback: (severity, message) => seen.push([severity, message]), deadlineMs: 5_000 });
    log.log("warning", "deleted token 7 of admin 32", URN("x"));
    log.log("info", "waiting 2.0 s", URN("x"));
    await log.settled();
    log.close();
    return seen;
  }

  it("no engine address", async () => {
    expect(await fallbacks(undefined)).toEqual([
      ["warning", "deleted token 7 of admin 32"],
      ["info", "waiting 2.0 s"],
    ]);
  });

  it("an engine that does not answer (its port closed)", async () => {
    const gone = await startFakeEngine();
    await gone.close();
    expect((await fallbacks(gone.address)).sort()).toEqual([
      ["info", "waiting 2.0 s"],
      ["warning", "deleted token 7 of admin 32"],
    ]);
    expect(gone.logged).toEqual([]);
  });
});

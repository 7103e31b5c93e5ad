import type { Answer, ApiExchange } from "../../../provider/emulator/api-exchange";
import type { ApiHandler } from "../../../provider/emulator/api-handler";
import { withFaults } from "../../../provider/emulator/fault-injection";
import { FaultQueue, LateCommits, parseFault } from "../../../provider/emulator/faults";
import { matchRoute } from "../../../provider/emulator/router";

/** The fault wrapper around a fake handler: what each action does to the handler's run and answer. */

const ROUTE = "/setting/admins/{adminId}/apitokens";
const OK: Answer = { kind: "send", status: 200, text: '{"id":1001,"note":"x"}', contentType: "application/json", headers: { "X-Rate-Limit-Limit": "5" } };

function setup(faults: Record<string, unknown>[]) {
  const served: string[] = [];
  const executed: string[] = [];
  const handler: ApiHandler = {
    serve: async (exchange) => {
      served.push(exchange.method);
      return OK;
    },
    execute: (exchange, body) => {
      executed.push(`${exchange.method} ${body}`);
      return { payload: {} };
    },
  };
  const queue = new FaultQueue();
  queue.add(faults.map(parseFault));
  const late = new LateCommits();
  const stop = new AbortController();
  const handle = withFaults(handler, { faults: queue, lateCommits: late, rateLimits: () => ({ POST: { limit: 7, windowSeconds: 9 } }), stopping: stop.signal });
  return { handle, served, executed, stop };
}

function exchange(method = "POST", body = "{}"): ApiExchange & { gone: AbortController } {
  const gone = new AbortController();
  return {
    method,
    resourcePath: "/setting/admins/32/apitokens",
    query: new URLSearchParams(),
    route: matchRoute(method, "/setting/admins/32/apitokens"),
    version: 3,
    isV3: true,
    authorization: undefined,
    remoteAddress: "127.0.0.1",
    body: Promise.resolve({ text: body }),
    entry: { at: 0, method, route: `${method} ${ROUTE}`, path: "/setting/admins/32/apitokens", query: "", status: 0, auth: "none" },
    clientGone: gone.signal,
    gone,
  };
}

describe("withFaults", () => {
  it("passes requests no fault matches straight to the handler", async () => {
    const { handle, served } = setup([{ method: "GET", status: 503 }]);
    expect(await handle(exchange("POST"))).toBe(OK);
    expect(served).toEqual(["POST"]);
  });

  it("respond: answers without running the handler; a 429 advertises the configured limit", async () => {
    const { handle, served } = setup([{ method: "POST", status: 429 }]);
    const request = exchange();
    const answer = await handle(request);
    expect(answer).toMatchObject({ kind: "send", status: 429, headers: { "X-Rate-Limit-Limit": "7", "X-Rate-Limit-Window": "9", "X-Rate-Limit-Remaining": "0" } });
    expect(served).toEqual([]);
    expect(request.entry.fault).toBe("respond 429");
  });

  it("respond with a body: that text and content type, as is", async () => {
    const { handle } = setup([{ status: 404, body: "<h1>nope</h1>", contentType: "text/html" }]);
    expect(await handle(exchange())).toEqual({ kind: "send", status: 404, text: "<h1>nope</h1>", contentType: "text/html", headers: {} });
  });

  it("reset-before and drop-after-commit: no answer; only the second runs the handler", async () => {
    const reset = setup([{ action: "reset-before" }]);
    expect(await reset.handle(exchange())).toEqual({ kind: "reset" });
    expect(reset.served).toEqual([]);
    const drop = setup([{ action: "drop-after-commit" }]);
    expect(await drop.handle(exchange())).toEqual({ kind: "drop", status: 200 });
    expect(drop.served).toEqual(["POST"]);
  });

  it("commit-broken-body: runs the handler and cuts its JSON answer in half", async () => {
    const { handle, served } = setup([{ action: "commit-broken-body" }]);
    const answer = await handle(exchange());
    expect(served).toEqual(["POST"]);
    expect(answer).toMatchObject({ kind: "send", status: 200, text: OK.kind === "send" ? OK.text.slice(0, OK.text.length / 2) : "" });
  });

  it("commit-late: answers the status at once and executes the write before the next request of its route", async () => {
    const { handle, executed } = setup([{ method: "POST", action: "commit-late", status: 504 }]);
    expect(await handle(exchange("POST", '{"note":"late"}'))).toMatchObject({ kind: "send", status: 504 });
    expect(executed).toEqual([]);
    await handle(exchange("GET"));
    expect(executed).toEqual([]);
    await handle(exchange("POST"));
    expect(executed).toEqual(['POST {"note":"late"}']);
  });

  it("commit-late with hang: no answer; the write is executed when the client is gone", async () => {
    const { handle, executed } = setup([{ method: "POST", action: "commit-late", hang: true }]);
    const request = exchange("POST", '{"note":"hung"}');
    expect(await handle(request)).toEqual({ kind: "hang" });
    expect(executed).toEqual([]);
    request.gone.abort();
    expect(executed).toEqual(['POST {"note":"hung"}']);
    await handle(exchange("POST"));
    expect(executed).toHaveLength(1);
  });

  it("a fault's wait ends when the emulator stops, and the request is dropped unanswered", async () => {
    const { handle, served, stop } = setup([{ action: "delay", latencyMs: 600_000 }]);
    const pending = handle(exchange());
    stop.abort();
    expect(await pending).toEqual({ kind: "reset" });
    expect(served).toEqual([]);
  });
});

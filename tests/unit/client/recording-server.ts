import http from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the server saw it, raw. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What to answer; a function gets the request. */
export interface CannedResponse {
  status: number;
  body?: unknown;
  /** Sent as is instead of `body` (an HTML page, a truncated JSON text). */
  raw?: string;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  /** Answer after this many ms. */
  delayMs?: number;
}

/** A tiny node:http server on 127.0.0.1:0 that records requests and answers from a script. */
export interface RecordingServer {
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  /** Answers queued for the next requests; when empty, `fallback` answers. */
  queue: (CannedResponse | ((request: RecordedRequest) => CannedResponse))[];
  fallback: (request: RecordedRequest) => CannedResponse;
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const state: Pick<RecordingServer, "requests" | "queue" | "fallback"> = {
    requests: [],
    queue: [],
    fallback: () => ({ status: 200, body: {} }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      state.requests.push(recorded);
      const next = state.queue.shift() ?? state.fallback;
      const answer = typeof next === "function" ? next(recorded) : next;
      const respond = () => {
        if (answer.reset) {
          req.socket.destroy();
          return;
        }
        const text = answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
        res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
        res.end(text);
      };
      if (answer.delayMs) setTimeout(respond, answer.delayMs);
      else respond();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    port,
    baseUrl: `http://127.0.0.1:${port}/santaba/rest`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

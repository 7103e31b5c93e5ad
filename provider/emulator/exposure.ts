import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/**
 * Who may reach the emulator. Its control endpoints mint working administrator keys and have no
 * LogicMonitor authentication, so it listens on loopback only unless told otherwise, and an
 * optional control token locks the control endpoints.
 */

/** The header that carries the control token. */
export const CONTROL_TOKEN_HEADER = "x-lm-emulator-control-token";

/** True for `localhost`, 127.0.0.0/8, `::1` and `::ffff:127.x.y.z`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || /^(0{0,4}:){0,5}:?ffff:127\./.test(bare);
  return false;
}

/**
 * Checks the interface to bind. A non-loopback one is refused unless `allowRemote` says so;
 * then the answer is the warning to show (it names what anyone on the network can do).
 */
export function checkBindHost(host: string, allowRemote: boolean, hasControlToken: boolean): { warning?: string } {
  if (isLoopbackHost(host)) return {};
  if (!allowRemote) {
    throw new Error(
      `lm-emulator: refusing to listen on ${host}: its control endpoints mint administrator keys for anyone who reaches them. ` +
        "Listen on 127.0.0.1 (the default), or pass allowRemote: true (--allow-remote) if this host's network is yours, with a controlToken (--control-token).",
    );
  }
  return {
    warning: hasControlToken
      ? `lm-emulator listens on ${host}: the emulated API and its credentials are reachable from the network; the control endpoints need the control token.`
      : `lm-emulator listens on ${host} with no control token: anyone who reaches it can mint administrator keys through /_emulator/. Set a controlToken (--control-token).`,
  };
}

/** True when no control token is set, or the request carries it (compared in constant time). */
export function controlTokenAccepted(expected: string | undefined, sent: string | string[] | undefined): boolean {
  if (expected === undefined) return true;
  const value = Array.isArray(sent) ? sent[0] : sent;
  if (value === undefined) return false;
  const left = Buffer.from(expected, "utf8");
  const right = Buffer.from(value, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

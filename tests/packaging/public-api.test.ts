import * as root from "../../provider";
import * as client from "../../provider/client";

/**
 * The package root's runtime exports are a deliberate list: adding or dropping one is an API
 * change, so it must show up here. Internals stay reachable for this repository's tests through
 * their own modules (`provider/client/retry`, ...), never through the package root.
 */

const PUBLIC_VALUES = [
  "ApiToken",
  "ApiTokenProvider",
  "CONFIG_KEYS",
  "DEFAULT_RETRY_POLICY",
  "ENV_VARS",
  "LmApiError",
  "LmConfigError",
  "LmError",
  "LmNetworkError",
  "LmRateLimitError",
  "LmRequestError",
  "LmTimeoutError",
  "LogicMonitorClient",
  "RateLimitGate",
  "RotatingApiToken",
  "RotatingApiTokenProvider",
  "isForbidden",
  "isLmApiError",
  "isLmConfigError",
  "isLmError",
  "isLmNetworkError",
  "isLmRateLimitError",
  "isLmTimeoutError",
  "isNotFound",
  "isPossiblyCommitted",
  "isUnauthorized",
  "resolveClientOptions",
  "signLmv1",
  "startEmulator",
];

describe("the package root's public API", () => {
  it("exports exactly the documented values", () => {
    expect(Object.keys(root).sort()).toEqual([...PUBLIC_VALUES].sort());
  });

  it("keeps the client's building blocks out of the root", () => {
    for (const internal of ["decideRetry", "computeBackoffDelay", "toRouteTemplate", "parseRateLimitHeaders", "buildStringToSign"]) {
      expect(Object.keys(client)).toContain(internal); // still there for the repository's own tests
      expect(Object.keys(root)).not.toContain(internal);
    }
  });
});

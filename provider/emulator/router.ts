import { deleteToken, createToken, listAdminTokens, listAllTokens, patchToken, replaceToken } from "./routes/api-tokens";
import { getAdmin, listAdmins } from "./routes/admins";
import type { Operation } from "./routes/operation";

/**
 * The route table of the emulated `/santaba/rest` API. Path parameters are integers, as in every
 * LogicMonitor spec. Paths are case-sensitive (`apitokens`, lower case).
 */

interface Route {
  method: string;
  template: string;
  operation: Operation;
}

const ROUTES: readonly Route[] = [
  { method: "GET", template: "/setting/admins", operation: listAdmins },
  { method: "GET", template: "/setting/admins/apitokens", operation: listAllTokens },
  { method: "GET", template: "/setting/admins/{id}", operation: getAdmin },
  { method: "GET", template: "/setting/admins/{adminId}/apitokens", operation: listAdminTokens },
  { method: "POST", template: "/setting/admins/{adminId}/apitokens", operation: createToken },
  { method: "PUT", template: "/setting/admins/{adminId}/apitokens/{id}", operation: replaceToken },
  { method: "PATCH", template: "/setting/admins/{adminId}/apitokens/{id}", operation: patchToken },
  { method: "DELETE", template: "/setting/admins/{adminId}/apitokens/{id}", operation: deleteToken },
];

/** Where a request went: the template it matched, and the operation when the method is served there. */
export interface RouteMatch {
  /** The template, or undefined when no route has this path. */
  template: string | undefined;
  /** The operation; undefined for an unknown path or a method the path does not serve (both 404). */
  operation: Operation | undefined;
  params: Record<string, number>;
}

/** Matches a method and resource path against the table. */
export function matchRoute(method: string, resourcePath: string): RouteMatch {
  let pathOnly: RouteMatch | undefined;
  for (const route of ROUTES) {
    const params = matchTemplate(route.template, resourcePath);
    if (!params) continue;
    if (route.method === method) return { template: route.template, operation: route.operation, params };
    pathOnly ??= { template: route.template, operation: undefined, params };
  }
  return pathOnly ?? { template: undefined, operation: undefined, params: {} };
}

function matchTemplate(template: string, path: string): Record<string, number> | undefined {
  const expected = template.split("/");
  const actual = path.split("/");
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, number> = {};
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i] ?? "";
    const got = actual[i] ?? "";
    const name = /^\{(\w+)\}$/.exec(want)?.[1];
    if (name === undefined) {
      if (want !== got) return undefined;
    } else {
      if (!/^\d{1,9}$/.test(got)) return undefined;
      params[name] = Number(got);
    }
  }
  return params;
}

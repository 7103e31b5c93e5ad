import * as path from "node:path";
import { pulumiEnv, REPO_ROOT } from "./engine";
import type { Portal } from "./portal";

/** The stack `npm start` and `npm run pulumi` use: the root project, a local backend, stack `dev`. */
export const LOCAL_STACK = "dev";

/** The environment of the local stack: state and Pulumi home in ignored folders of the repository. */
export function localStackEnv(portal: Portal): NodeJS.ProcessEnv {
  return pulumiEnv({
    stateDir: path.join(REPO_ROOT, ".pulumi-state"),
    homeDir: path.join(REPO_ROOT, ".pulumi-home"),
    extra: { ...portal.env, PULUMI_STACK: undefined },
  });
}

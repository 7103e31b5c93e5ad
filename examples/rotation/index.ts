import * as pulumi from "@pulumi/pulumi";
import { ApiToken } from "pulumi-logicmonitor-apitoken";

/** The calendar quarter of a date, e.g. "2026-Q4": the token's rotation period. */
function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

const config = new pulumi.Config();
// The first `pulumi up` of a new quarter replaces the token: LogicMonitor gets the new token first,
// the stack outputs switch to it, and only then is the old one deleted, so consumers never see a gap.
// `rotation` can be pinned per stack (`pulumi config set rotation 2026-Q4`) to rotate on demand.
const period = config.get("rotation") ?? quarterOf(new Date());

const token = new ApiToken("reporting", {
  adminId: config.getNumber("adminId") ?? 131,
  note: `reporting export (rotation ${period})`,
  keepers: { rotation: period },
});

export const rotation = period;
export const tokenId = token.tokenId;
export const accessId = token.accessId;
export const accessKey = token.accessKey;

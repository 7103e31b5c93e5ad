import * as pulumi from "@pulumi/pulumi";

// ApiToken's twin for the engine: the same input and output properties, a secret accessKey of the
// same length, and (with `paddingBytes`) as many bytes of state per resource, but create returns
// made-up outputs without any API call. What an ApiToken costs beyond its twin is our provider's.
const twinProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Record<string, unknown>) {
    const tokenId = Number(inputs["serial"]);
    const outs = {
      ...inputs,
      tokenId,
      adminName: "bench-admin",
      accessId: `BENCH${String(tokenId).padStart(15, "0")}`,
      accessKey: "k".repeat(40),
      createdBy: "lmapi",
      createdOn: 1_795_434_854,
      lastUsedOn: 0,
      roles: ["administrator"],
    };
    return { id: `${String(inputs["adminId"])}/${tokenId}`, outs };
  },
};

class Twin extends pulumi.dynamic.Resource {
  constructor(name: string, args: { adminId: number; note: string; serial: number; padding?: string }) {
    const props = {
      ...args,
      adminUsername: undefined,
      status: "enabled",
      type: "lmv1",
      keepers: {},
      existingTokenId: undefined,
      tokenId: undefined,
      adminName: undefined,
      accessId: undefined,
      accessKey: undefined,
      createdBy: undefined,
      createdOn: undefined,
      lastUsedOn: undefined,
      roles: undefined,
    };
    super(twinProvider, name, props, { additionalSecretOutputs: ["accessKey"] }, "bench", "Twin");
  }
}

const config = new pulumi.Config();
const count = config.requireNumber("count");
const adminIds = config.require("adminIds").split(",").map(Number);
const paddingBytes = config.getNumber("paddingBytes") ?? 0;
const padding = paddingBytes > 0 ? { padding: "x".repeat(paddingBytes) } : {};

for (let i = 0; i < count; i += 1) {
  new Twin(`token-${i}`, { adminId: adminIds[i % adminIds.length] ?? 1, note: `bench token ${i}`, serial: 1001 + i, ...padding });
}

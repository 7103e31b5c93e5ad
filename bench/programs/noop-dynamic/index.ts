import * as pulumi from "@pulumi/pulumi";

// The engine's own cost of a dynamic resource: create returns its inputs, nothing else happens.
const noopProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Record<string, unknown>) {
    return { id: `noop-${String(inputs["note"])}`, outs: inputs };
  },
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, args: { adminId: number; note: string }) {
    super(noopProvider, name, args, {}, "bench", "Noop");
  }
}

const config = new pulumi.Config();
const count = config.requireNumber("count");
const adminIds = config.require("adminIds").split(",").map(Number);

for (let i = 0; i < count; i += 1) {
  new Noop(`token-${i}`, { adminId: adminIds[i % adminIds.length] ?? 1, note: `bench token ${i}` });
}

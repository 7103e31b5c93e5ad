import * as pulumi from "@pulumi/pulumi";

// A dynamic resource whose create and delete leave evidence on disk, so the test can tell that the
// provider really ran inside the engine's dynamic-provider process.
const markerProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: { path: string; text: string }) {
    const fs = await import("node:fs");
    fs.writeFileSync(inputs.path, inputs.text);
    return { id: `marker-${inputs.text}`, outs: { ...inputs, pid: process.pid } };
  },
  async delete(_id: string, props: { path: string }) {
    const fs = await import("node:fs");
    fs.rmSync(props.path, { force: true });
  },
};

class Marker extends pulumi.dynamic.Resource {
  declare readonly text: pulumi.Output<string>;
  declare readonly pid: pulumi.Output<number>;
  constructor(name: string, args: { path: string; text: string }) {
    super(markerProvider, name, { ...args, pid: undefined }, {}, "test", "Marker");
  }
}

const config = new pulumi.Config();
const marker = new Marker("marker", { path: config.require("markerPath"), text: "engine-ok" });
export const text = marker.text;
export const providerPid = marker.pid;

import { spawn } from "node:child_process";
import { grpc, pluginProto, providerGrpc } from "../../provider/plugin/wire";
import type { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { emptyProto } from "../../provider/plugin/wire";

/**
 * A plugin's start-up as the engine meets it: from spawning the process to the first gRPC answer
 * (the port line on stdout, a connection, GetPluginInfo answered). The process is ended after.
 */
export async function timeToFirstAnswer(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; version: string }> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const line = stdout.split("\n")[0];
        if (stdout.includes("\n") && line) resolve(Number(line.trim()));
      });
      child.once("exit", (code) => reject(new Error(`${command} exited ${code} before printing its port: ${stderr}`)));
      child.once("error", reject);
    });
    const client: ResourceProviderClient = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      const info = await new Promise<InstanceType<typeof pluginProto.PluginInfo>>((resolve, reject) =>
        client.getPluginInfo(new emptyProto.Empty(), (error, response) => (error ? reject(error) : resolve(response))),
      );
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, version: info.getVersion() };
    } finally {
      client.close();
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once("exit", resolve)));
  }
}

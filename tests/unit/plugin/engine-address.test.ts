import { engineAddressOf } from "../../../provider/plugin/main";

/** The engine's address among the arguments the engine starts the plugin with (buildPluginArguments in pulumi/pulumi). */
describe("engineAddressOf", () => {
  it.each([
    [["127.0.0.1:45678"], "127.0.0.1:45678"],
    [["--logtostderr", "-v=9", "127.0.0.1:45678"], "127.0.0.1:45678"],
    [["-v=3", "--tracing", "http://127.0.0.1:9411/api/v1/spans", "127.0.0.1:45678"], "127.0.0.1:45678"],
    [["--logtostderr", "--tracing", "tracing.local:4317", "[::1]:45678"], "[::1]:45678"],
  ])("%j → %s", (args, address) => {
    expect(engineAddressOf(args)).toBe(address);
  });

  it.each([[[]], [["--logtostderr", "-v=9"]], [["--tracing", "127.0.0.1:9411"]]])("%j → none (reports go to stderr)", (args) => {
    expect(engineAddressOf(args)).toBeUndefined();
  });
});

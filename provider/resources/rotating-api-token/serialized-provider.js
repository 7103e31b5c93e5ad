"use strict";
/**
 * The provider object that Pulumi serializes into state as `__provider` for RotatingApiToken:
 * the same version-independent shim as ApiToken's (../api-token/serialized-provider.js), loading
 * `RotatingApiTokenProvider` from the installed package when the engine calls it. It captures
 * nothing, so no credential or key reaches state through it, and `refresh` and `destroy` run the
 * installed implementation.
 *
 * Change it only deliberately: tests/integration/resources/rotating-api-token/serialized-provider.test.ts pins its text.
 */
const serializedRotatingApiTokenProvider = {
  configure(req) {
    return this.implementation().configure(req);
  },
  check(olds, news) {
    return this.implementation().check(olds, news);
  },
  diff(id, olds, news) {
    return this.implementation().diff(id, olds, news);
  },
  create(inputs) {
    return this.implementation().create(inputs);
  },
  read(id, props) {
    return this.implementation().read(id, props);
  },
  update(id, olds, news) {
    return this.implementation().update(id, olds, news);
  },
  delete(id, props) {
    return this.implementation().delete(id, props);
  },
  implementation() {
    if (!this.loaded) {
      let runtime;
      try {
        runtime = require("pulumi-logicmonitor-apitoken/runtime");
      } catch (error) {
        throw new Error(
          "cannot load pulumi-logicmonitor-apitoken from the Pulumi program's node_modules (" +
            process.cwd() +
            "): run 'npm install pulumi-logicmonitor-apitoken' in the program's folder. " +
            String(error && error.message),
        );
      }
      if (typeof runtime.RotatingApiTokenProvider !== "function") {
        throw new Error(
          "the installed pulumi-logicmonitor-apitoken has no RotatingApiToken: the stack was written by a newer version. " +
            "Install that version in the program's folder (npm install pulumi-logicmonitor-apitoken@latest).",
        );
      }
      this.loaded = new runtime.RotatingApiTokenProvider();
    }
    return this.loaded;
  },
  loaded: undefined,
};

module.exports = { serializedRotatingApiTokenProvider };

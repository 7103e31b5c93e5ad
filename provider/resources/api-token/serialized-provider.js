"use strict";
/**
 * The provider object that Pulumi serializes into state as `__provider`.
 *
 * It is deliberately tiny, plain JavaScript, and captures nothing: each method loads the installed
 * implementation (`pulumi-logicmonitor-apitoken/runtime`) from the Pulumi program's node_modules
 * when the engine calls it. Its text is therefore the same in every version of this package, so
 * - upgrading the package does not show up as a change to every token in `preview --diff`;
 * - `refresh` and `destroy`, which run the provider text stored in state, run the installed
 *   implementation rather than a stale copy frozen at create time;
 * - no credential or key can reach state through it.
 *
 * Change it only deliberately: tests/integration/resources/api-token/serialized-provider.test.ts pins its text.
 */
const serializedApiTokenProvider = {
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
      this.loaded = new runtime.ApiTokenProvider();
    }
    return this.loaded;
  },
  loaded: undefined,
};

module.exports = { serializedApiTokenProvider };

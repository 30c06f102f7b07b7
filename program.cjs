// The program's entry (Pulumi.yaml `main`). Pulumi's own TypeScript support would load the
// TypeScript compiler and ts-node and compile every file at every run; tsx (esbuild, with a
// transform cache) is registered here, once @pulumi/pulumi is loaded, for the program's files.
// Types are checked by `npm run build`, not at deploy time.
require("tsx/cjs/api").register();
module.exports = require("./index.ts");
